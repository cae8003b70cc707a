"""The one interface every `hrdd diff` output format implements, and the words they share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property

from hrdd.answers.model import Answers
from hrdd.questionnaire.model import (
    text_in,
)
from hrdd.report.results import Words
from hrdd.scoring.impacts.compare import CLOSED, NONE, Comparison, RatingMove
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
)


@dataclass(frozen=True)
class SideInfo:
    """What a reader needs to know about one of the two files."""

    path: str
    answers: Answers
    """As in the file (before any carrying over)."""

    def line(self, label: str) -> str:
        """Return one line about the file: path, questionnaire version, last update, sign-off."""
        a = self.answers
        line = (
            f"{label}: {self.path} ({a.questionnaire.id} {a.questionnaire.version}, "
            f"updated {a.updated[:10]}"
        )
        if a.signoff is not None:
            line += f", signed off {a.signoff.date}"
        return line + ")"


@dataclass(frozen=True)
class DiffRun:
    """Two assessments of one organisation compared, with what the outputs say about it."""

    old: SideInfo
    new: SideInfo
    questionnaire: RiskQuestionnaire
    """The questionnaire both are rated with (NEW's)."""
    questionnaire_hash: str
    method: int
    comparison: Comparison
    notes: tuple[str, ...]
    """What the reader must know to read the moves: baseline, versions, a snapshot not used."""

    @cached_property
    def words(self) -> Words:
        """Return the titles of the questionnaire, indexed once."""
        return Words(self.questionnaire)

    def value_words(self, question: str, value: object) -> str:
        """Return an answer in words: option labels, "don't know", numbers grouped."""
        if value is None:
            return "-"
        if value == DONT_KNOW:
            return "don't know"
        if value == PREFER_NOT_TO_SAY:
            return "prefer not to say"
        q = self.questionnaire
        labels: dict[str, str] = {}
        for section in q.sections:
            for found in section.questions:
                if found.id == question:
                    lang = q.default_language
                    labels = {
                        o.value: text_in(o.label, lang, lang) or o.value for o in found.options
                    }
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value) or "none selected"
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, int):
            return f"{value:,}"
        return labels.get(str(value), str(value))

    def question_title(self, question: str) -> str:
        """Return a question's text; a retired question keeps its id, the only name left."""
        return self.words.questions.get(question, question)

    def band_words(self, band: str) -> str:
        """Return a band's label, or what `closed` and `none` mean."""
        if band == NONE:
            return "not open"
        if band == CLOSED:
            return "closed"
        return self.words.band(band)

    def move_title(self, move: RatingMove) -> str:
        """Return an impact's title, or for a scenario the impact through its path."""
        words = self.words
        impact = words.impacts.get(move.impact, move.impact)
        if move.kind == "impact":
            return impact
        parts = move.id.split("/")
        path = words.paths.get(parts[1], parts[1]) if len(parts) > 1 else move.id
        at_risk = " (people at risk)" if len(parts) > 2 else ""
        return f"{impact}, through {path}{at_risk}"

    def item_title(self, item: str) -> str:
        """Return a plan item's title from its plan-item id."""
        kind, _, subject = item.partition(":")
        words = self.words
        if kind == "find_out":
            return "Find out: " + words.questions.get(subject, subject)
        if kind == "actual":
            return "Address harm that happened: " + words.actual.get(subject, subject)
        return words.mitigations.get(subject, subject)


CHANGE_WORDS = {
    "changed": "changed",
    "answered": "answered (not answered in OLD)",
    "unanswered": "no longer answered",
    "retired": "retired: no longer asked",
    "new_question": "new question",
}
PLAN_WORDS = {
    "opened": "opened: now in the plan",
    "dropped": "dropped: no longer recommended",
    "closed": "closed: done",
    "status": "status changed",
    "declined": "declined: the risk remains",
    "overdue": "overdue",
    "review_due": "decline due for review",
}
SOURCE_WORDS = {"company": "from the answers", "method": "from the questionnaire or method"}


class DiffRenderer(ABC):
    """Turn a comparison into the text of one output format; never write it anywhere."""

    @abstractmethod
    def render(self, run: DiffRun) -> str:
        """Return the whole output."""


def worse_from_company(run: DiffRun) -> bool:
    """Tell whether any rating got worse from the answers (not from a method change)."""
    return any(m.direction == "worse" and m.source == "company" for m in run.comparison.moves)
