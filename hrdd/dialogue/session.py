"""The assessment dialogue as a pure state machine: what applies, what is next, what changed."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from hrdd.answers.model import (
    Answer,
    Answers,
    Draft,
    HistoryEntry,
    QuestionnaireRef,
    Respondent,
    to_value,
)
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.hashing import question_fingerprint, questionnaire_hash
from hrdd.questionnaire.model import (
    MAX_NUMBER,
    NUMBER_RANGE,
    Question,
    QuestionType,
    Section,
    Text,
    text_in,
)
from hrdd.safe_text import clip
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.values import DONT_KNOW, PREFER_NOT_TO_SAY, StoredValue, Value

PREFER_NOT_TO_SAY_TITLE = "Prefer not to say"


def utc_now() -> str:
    """Return the current time as an ISO 8601 timestamp in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def to_stored(question: Question, value: Value) -> StoredValue:
    """Return the stored form of an in-memory value: selections as a list in option order."""
    if isinstance(value, frozenset):
        order = {o.value: i for i, o in enumerate(question.options)}
        return sorted(value, key=lambda v: (order.get(v, len(order)), v))
    return value


_GROUP = "[ ,\u00a0\u202f\u2009'_]"
"""Thousands separators: space, comma, no-break and thin spaces, apostrophe, underscore."""
_WHOLE = re.compile(r"[+-]?\d+")
_GROUPED = re.compile(rf"[+-]?\d{{1,3}}({_GROUP})\d{{3}}(?:\1\d{{3}})*")
_SPACED = re.compile(r"[+-]?\d{1,3}([ \u00a0\u202f\u2009'_])\d{3}(?:\1\d{3})*(?:\.\d+)?")
LARGEST = MAX_NUMBER
"""Largest number typed in the dialogue: more is a typing slip, not an answer (nor a number
any command reads)."""
# Longer than any number in range can be written (16 digits, separators, a sign, decimals).
_LONGEST_NUMBER = 40


def parse_number(question: Question, typed: str) -> int | float:
    """Parse what was typed for a number question; raise ValueError with a message to show.

    Whole numbers may group thousands with one separator used throughout (``7,500``,
    ``7 500``, ``1'000'000``). A comma is a decimal mark in Russian and a thousands separator
    in English, so where decimals are allowed a comma is refused rather than guessed.
    """
    raw = typed.strip()
    if not raw:
        raise ValueError("type a number")
    if len(raw) > _LONGEST_NUMBER:  # int() of thousands of digits fails; none is in range
        raise ValueError(f"that is too long for a number: {NUMBER_RANGE}")
    if question.integer:
        if not (_WHOLE.fullmatch(raw) or _GROUPED.fullmatch(raw)):
            raise ValueError(
                f"`{raw}` is not a whole number (digits, thousands grouped as 7,500 or 7 500)"
            )
        number: int | float = int(re.sub(_GROUP, "", raw))
    else:
        if "," in raw:
            raise ValueError(
                f"`{raw}`: a comma could be a decimal mark or a thousands separator; write "
                "decimals with a point (7.5) and group thousands with spaces (7 500)"
            )
        cleaned = re.sub(_GROUP, "", raw) if _SPACED.fullmatch(raw) else raw
        try:
            number = float(cleaned)
        except ValueError:
            raise ValueError(f"`{raw}` is not a number") from None
        if not math.isfinite(number):
            raise ValueError("type a finite number")
    if abs(number) > LARGEST:
        raise ValueError(f"`{raw}` is too large a number for this question")
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        number = int(number) if question.integer else number
    if question.minimum is not None and number < question.minimum:
        raise ValueError(f"the smallest allowed is {_plain(question.minimum)}")
    if question.maximum is not None and number > question.maximum:
        raise ValueError(f"the largest allowed is {_plain(question.maximum)}")
    return number


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


@dataclass(frozen=True)
class Change:
    """What one answer changed in the rest of the questionnaire."""

    question: str
    hidden: list[str] = field(default_factory=list)
    """Answered questions that no longer apply: kept in the file with ``active: false``."""
    restored: list[str] = field(default_factory=list)
    """Inactive answers whose questions apply again: active once more."""
    revealed: list[str] = field(default_factory=list)
    """Questions that now apply and have no answer yet: asked next."""


@dataclass(frozen=True)
class Progress:
    """Answered and applicable counts."""

    answered: int
    applicable: int


def new_answers(questionnaire: RiskQuestionnaire, organisation: str, now: str) -> Answers:
    """Return an empty answers file for ``questionnaire``."""
    return Answers(
        format=1,
        questionnaire=QuestionnaireRef(
            id=questionnaire.id,
            version=questionnaire.version,
            hash=questionnaire_hash(questionnaire),
        ),
        organisation=organisation,
        created=now,
        updated=now,
    )


class Session:
    """Where the respondent is in the questionnaire, and every rule about what comes next.

    No terminal I/O: the screens ask, this class decides. Every change returns the new
    :class:`Answers` through :attr:`answers`, ready to be saved.
    """

    def __init__(
        self,
        questionnaire: RiskQuestionnaire,
        compiled: CompiledQuestionnaire,
        answers: Answers,
        *,
        respondent: str | None = None,
        language: str | None = None,
        clock: Callable[[], str] = utc_now,
        role: str | None = None,
    ) -> None:
        """Start a session over ``answers``; the respondent is added to the file's list.

        A respondent may be given by ``role`` only: answers then record the role.
        """
        self.questionnaire = questionnaire
        self.compiled = compiled
        self.respondent: str | None = None
        self.language = language or questionnaire.default_language
        self.clock = clock
        self.questions: dict[str, Question] = compiled.questions
        self.order: dict[str, int] = {qid: i for i, qid in enumerate(self.questions)}
        self.section_by_question: dict[str, Section] = {
            q.id: s for s in questionnaire.sections for q in s.questions
        }
        self.answers = answers
        if respondent or role:
            self.switch_respondent(respondent, role)
        self._sync_active()

    def switch_respondent(self, name: str | None, role: str | None = None) -> None:
        """Record later answers as given by ``name`` (or by ``role`` only, without a name).

        A new person is added to the file's ``respondents``; one already listed is not
        repeated.
        """
        name, role = (name or None), (role or None)
        listed = self.answers.respondents
        if name is not None:
            known = any(r.name == name for r in listed)
        else:
            known = any(r.name is None and r.role == role for r in listed)
        if not known and (name or role):
            person = Respondent(name=name, role=role)
            self.answers = self.answers.model_copy(update={"respondents": [*listed, person]})
        self.respondent = name or role

    # -- reading ---------------------------------------------------------------------------

    def text(self, value: Text | None) -> str:
        """Return a questionnaire text in the session's language."""
        return text_in(value, self.language, self.questionnaire.default_language)

    def stored_values(self) -> dict[str, Value]:
        """Return every stored value, active or not: applicability decides what counts."""
        return {
            qid: to_value(a.value)
            for qid, a in self.answers.answers.items()
            if qid in self.questions
        }

    def applicable(self) -> list[str]:
        """Return the ids of the questions that apply now, in order."""
        return self.compiled.applicable(self.stored_values())

    def is_done(self, qid: str) -> bool:
        """Tell whether a question has an answer that needs no review."""
        answer = self.answers.answers.get(qid)
        return answer is not None and not answer.review

    def pending(self) -> list[str]:
        """Return the applicable questions still to ask: unanswered or flagged for review."""
        return [qid for qid in self.applicable() if not self.is_done(qid)]

    def progress(self, section_id: str | None = None) -> Progress:
        """Return answered / applicable, for the whole questionnaire or one section."""
        ids = [
            qid
            for qid in self.applicable()
            if section_id is None or self.section_by_question[qid].id == section_id
        ]
        return Progress(sum(1 for qid in ids if self.is_done(qid)), len(ids))

    def sections(self) -> list[Section]:
        """Return the sections that have at least one applicable question, in order."""
        live = {self.section_by_question[qid].id for qid in self.applicable()}
        return [s for s in self.questionnaire.sections if s.id in live]

    def section_questions(self, section_id: str) -> list[str]:
        """Return the applicable questions of one section, in order."""
        return [q for q in self.applicable() if self.section_by_question[q].id == section_id]

    def position(self, qid: str) -> tuple[int, int, int, int]:
        """Return (section number, section count, question number, questions in section).

        Sections are counted over the whole questionnaire, so the count stays the same as
        answers open or close sections (a section that does not apply is skipped).
        """
        sections = self.questionnaire.sections
        section = self.section_by_question[qid]
        in_section = self.section_questions(section.id)
        s_index = next((i for i, s in enumerate(sections) if s.id == section.id), 0)
        q_index = in_section.index(qid) if qid in in_section else 0
        return s_index + 1, len(sections), q_index + 1, len(in_section)

    def title(self, qid: str, width: int = 60) -> str:
        """Return a question as the respondent knows it: its text, cut to ``width``."""
        text = " ".join(self.text(self.questions[qid].text).split())
        return clip(text, width)

    def would_hide(self, qid: str, value: Value) -> list[str]:
        """Return the answered questions that answering ``qid`` with ``value`` would hide."""
        values = self.stored_values()
        values[qid] = value
        after = set(self.compiled.applicable(values))
        return [
            q
            for q, a in self.answers.answers.items()
            if a.active and q in self.questions and q != qid and q not in after
        ]

    def display(self, qid: str) -> str:
        """Return a stored answer as the respondent would say it, or "" when unanswered."""
        answer = self.answers.answers.get(qid)
        if answer is None:
            return ""
        return self.display_value(qid, answer.value)

    def display_value(self, qid: str, value: StoredValue) -> str:
        """Return a value with option labels instead of option values."""
        question = self.questions[qid]
        if value == DONT_KNOW:
            return "Don't know"
        if value == PREFER_NOT_TO_SAY:
            return PREFER_NOT_TO_SAY_TITLE
        if isinstance(value, list):
            return ", ".join(self.option_title(qid, v) for v in value) or "(none)"
        if isinstance(value, str) and question.type in (QuestionType.SINGLE, QuestionType.YES_NO):
            return self.option_title(qid, value)
        unit = self.text(question.unit)
        return f"{value} {unit}" if unit and not isinstance(value, str) else str(value)

    def option_title(self, qid: str, value: str) -> str:
        """Return what the respondent sees for an option: its label, else the value."""
        if value == DONT_KNOW:
            return "Don't know"
        for option in self.questions[qid].options:
            if option.value == value and option.label is not None:
                return self.text(option.label)
        return value.replace("_", " ").capitalize()

    # -- navigation ------------------------------------------------------------------------

    def first(self) -> str | None:
        """Return where to start or resume: the first pending applicable question."""
        pending = self.pending()
        return pending[0] if pending else None

    def next_after(self, qid: str) -> str | None:
        """Return the first pending question after ``qid``, else the first pending at all."""
        pending = self.pending()
        here = self.order[qid]
        later = [p for p in pending if self.order[p] > here]
        if later:
            return later[0]
        return pending[0] if pending else None

    def previous(self, qid: str | None) -> str | None:
        """Return the applicable question before ``qid`` (the last one when ``qid`` is None)."""
        applicable = self.applicable()
        if qid is None:
            return applicable[-1] if applicable else None
        here = self.order[qid]
        before = [a for a in applicable if self.order[a] < here]
        return before[-1] if before else None

    def section_start(self, section_id: str) -> str | None:
        """Return the first applicable question of a section."""
        questions = self.section_questions(section_id)
        return questions[0] if questions else None

    # -- changing --------------------------------------------------------------------------

    def answer(self, qid: str, value: Value) -> Change:
        """Record an answer by the session's respondent; return what it changed elsewhere."""
        question = self.questions[qid]
        stored = to_stored(question, value)
        now = self.clock()
        before_applicable = set(self.applicable())
        before_active = {q for q, a in self.answers.answers.items() if a.active}
        before_inactive = {q for q, a in self.answers.answers.items() if not a.active}
        old = self.answers.answers.get(qid)
        draft = self.answers.drafts.get(qid)
        note, evidence = (draft.note, draft.evidence) if draft is not None else (None, [])
        if draft is not None:
            drafts = {k: v for k, v in self.answers.drafts.items() if k != qid}
            self.answers = self.answers.model_copy(update={"drafts": drafts})
        history = list(old.history) if old is not None else []
        if old is not None and old.value != stored:
            history.append(
                HistoryEntry(
                    value=old.value,
                    by=old.answered_by,
                    at=old.answered_at or self.answers.updated,
                    note=old.note,
                )
            )
        if old is not None and old.value == stored and not old.review:
            by, at = old.answered_by, old.answered_at
        else:
            by, at = self.respondent, now
        new = Answer(
            value=stored,
            note=note if note is not None else (old.note if old else None),
            evidence=[*(old.evidence if old else []), *evidence],
            answered_by=by,
            answered_at=at,
            question_hash=question_fingerprint(question),
            history=history,
        )
        self._put(qid, new, now)
        after_applicable = set(self.applicable())
        after_active = {q for q, a in self.answers.answers.items() if a.active}
        ordered = sorted(self.questions, key=self.order.__getitem__)
        return Change(
            question=qid,
            hidden=[q for q in ordered if q in before_active and q not in after_active],
            restored=[q for q in ordered if q in before_inactive and q in after_active],
            revealed=[
                q
                for q in ordered
                if q in after_applicable
                and q not in before_applicable
                and q not in self.answers.answers
            ],
        )

    def set_note(self, qid: str, note: str | None) -> bool:
        """Set (or with None clear) the note of a question; False when kept as a draft.

        A draft is kept in the answers file (``drafts``) until the question is answered.
        """
        answer = self.answers.answers.get(qid)
        if answer is None:
            self._draft(qid, note, self.evidence_of(qid))
            return False
        self._put(qid, answer.model_copy(update={"note": note}), self.clock())
        return True

    def add_evidence(self, qid: str, item: str) -> bool:
        """Attach a path or URL to a question's answer; False when kept as a draft."""
        answer = self.answers.answers.get(qid)
        if answer is None:
            items = self.evidence_of(qid)
            self._draft(qid, self.note_of(qid), items if item in items else [*items, item])
            return False
        if item not in answer.evidence:
            updated = answer.model_copy(update={"evidence": [*answer.evidence, item]})
            self._put(qid, updated, self.clock())
        return True

    def note_of(self, qid: str) -> str | None:
        """Return the note of a question, answered or drafted."""
        answer = self.answers.answers.get(qid)
        if answer is not None:
            return answer.note
        draft = self.answers.drafts.get(qid)
        return draft.note if draft is not None else None

    def evidence_of(self, qid: str) -> list[str]:
        """Return the evidence of a question, answered or drafted."""
        answer = self.answers.answers.get(qid)
        if answer is not None:
            return list(answer.evidence)
        draft = self.answers.drafts.get(qid)
        return list(draft.evidence) if draft is not None else []

    def _draft(self, qid: str, note: str | None, evidence: list[str]) -> None:
        drafts = {k: v for k, v in self.answers.drafts.items() if k != qid}
        if note is not None or evidence:
            drafts[qid] = Draft(note=note, evidence=evidence)
        self.answers = self.answers.model_copy(update={"drafts": drafts, "updated": self.clock()})

    def _put(self, qid: str, answer: Answer, now: str) -> None:
        items = dict(self.answers.answers)
        items[qid] = answer
        items = dict(sorted(items.items(), key=lambda p: self.order.get(p[0], len(self.order))))
        self.answers = self.answers.model_copy(update={"answers": items, "updated": now})
        self._sync_active()

    def _sync_active(self) -> None:
        """Mark answers of questions that no longer apply inactive, and the others active."""
        applicable = set(self.applicable())
        items: dict[str, Answer] = {}
        changed = False
        for qid, answer in self.answers.answers.items():
            active = qid in applicable or qid not in self.questions
            if answer.active != active:
                changed = True
                answer = answer.model_copy(update={"active": active})
            items[qid] = answer
        if changed:
            self.answers = self.answers.model_copy(update={"answers": items})


def missing(session: Session) -> list[tuple[str, str]]:
    """Return (id, text) of every applicable question without an answer that needs no review."""
    return [(qid, session.text(session.questions[qid].text)) for qid in session.pending()]
