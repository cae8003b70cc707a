"""A format-2 questionnaire ready for the commands, and answers checked against it.

The questionnaire itself is read by the common loader (`hrdd.scoring.loading`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from hrdd.answers.check import check_values
from hrdd.answers.model import Answers, to_values
from hrdd.diagnostics import Diagnostic
from hrdd.questionnaire.loading import Document
from hrdd.questionnaire.model import Question
from hrdd.scoring.impacts.engine import Draft, RiskEngine
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.result import Result
from hrdd.suggest import did_you_mean_hint


@dataclass
class RiskModel:
    """A format-2 questionnaire with its engine, built once per questionnaire."""

    questionnaire: RiskQuestionnaire

    @cached_property
    def engine(self) -> RiskEngine:
        """Return the engine, indexing the questionnaire the first time."""
        return RiskEngine(RiskIndex(self.questionnaire))

    def score(self, answers: Answers, *, rank_gaps: bool) -> Result:
        """Score an answers file with its plan records, as of its last update.

        ``rank_gaps`` ranks the find-out items by how far each gap moves a headline impact:
        for a single file, never for a portfolio.
        """
        return self.rate(answers, rank_gaps=rank_gaps).result()

    def rate(self, answers: Answers, *, rank_gaps: bool) -> Draft:
        """Rate an answers file's impacts as `score` does; the plan and areas follow on use."""
        as_of = date.fromisoformat(answers.updated[:10])
        values = to_values(answers)
        return self.engine.rate(values, answers.mitigations, as_of=as_of, rank_gaps=rank_gaps)

    @cached_property
    def questions(self) -> dict[str, Question]:
        """Return every question by id."""
        return {q.id: q for s in self.questionnaire.sections for q in s.questions}


def check_risk_answers(answers: Answers, doc: Document, model: RiskModel) -> list[Diagnostic]:
    """Return the errors of answers against a format-2 questionnaire.

    Another questionnaire id, unknown question or mitigation ids, and values that are not
    valid answers to their question are errors, each with its file position.
    """
    q = model.questionnaire

    found: list[Diagnostic] = []
    if answers.questionnaire.id != q.id:
        found.append(
            doc.finding(
                ("questionnaire", "id"),
                "answer-questionnaire-mismatch",
                f"answers are for questionnaire `{answers.questionnaire.id}`, not `{q.id}`",
                hint="score them with the questionnaire they were given to (--questionnaire)",
            )
        )
        return found
    values = {qid: answer.value for qid, answer in answers.answers.items()}
    found += check_values(values, doc, model.questions, q.id, ("answers",))
    items = {m.id for m in q.mitigations}
    for key in answers.mitigations:
        bare = key.split(":", 1)[-1]
        if bare not in items:
            found.append(
                doc.finding(
                    ("mitigations", key),
                    "answer-unknown-mitigation",
                    f"`{key}` is not a mitigation or decision of `{q.id}`",
                    hint=did_you_mean_hint(bare, sorted(items)),
                    at_key=True,
                )
            )
    return sorted(found, key=Diagnostic.sort_key)
