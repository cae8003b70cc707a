"""Plan items: what the plan lists, and the changes a person makes to them, with who and when.

Pure functions over the answers model; `hrdd plan` (terminal and scripts) and the plan
screens use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hrdd.answers.model import Answers, Decline, MitigationRecord, MitigationStatus
from hrdd.questionnaire.model import text_in
from hrdd.scoring import Scorer, assess
from hrdd.scoring.impacts.load import RiskModel
from hrdd.scoring.impacts.ranking import rank_plan

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class PlanRow:
    """One plan item as the plan screens show it."""

    id: str
    rank: int
    title: str
    horizon: str
    record: MitigationRecord | None

    def summary(self) -> str:
        """Return the item on one line: status, owner and due date."""
        r = self.record
        if r is None:
            return "not started | unassigned | no due date"
        status = "declined (risk remains)" if r.is_declined else r.status.value.replace("_", " ")
        owner = r.owner or "unassigned"
        due = f"due {r.due}" if r.due else "no due date"
        if r.is_declined:
            due = f"review {r.review_date}"
        # A hand-edited file may hold anything: never send control characters to a terminal.
        return _CONTROL.sub("?", f"{status} | {owner} | {due}")


def plan_rows(model: Scorer | RiskModel, answers: Answers) -> list[PlanRow]:
    """Return the plan's items in plan order, then recorded items no longer recommended.

    ``model`` is the questionnaire's model, built once: the plan screens call this after
    every change.
    """
    if isinstance(model, RiskModel):
        return _risk_plan_rows(model, answers)
    questionnaire = model.questionnaire
    assessment = assess(questionnaire, answers)
    titles = {
        m.id: text_in(m.title, questionnaire.default_language, questionnaire.default_language)
        for m in questionnaire.mitigations
    }
    rows = [
        PlanRow(
            m.mitigation,
            m.rank,
            titles[m.mitigation],
            m.horizon,
            answers.mitigations.get(m.mitigation),
        )
        for group in assessment.plan
        for m in group.mitigations
    ]
    rows.sort(key=lambda r: r.rank)
    listed = {r.id for r in rows}
    rows += [
        PlanRow(item, 0, titles.get(item, item), "", record)
        for item, record in answers.mitigations.items()
        if item not in listed
    ]
    return rows


def _risk_plan_rows(model: RiskModel, answers: Answers) -> list[PlanRow]:
    """Return the plan of a format-2 questionnaire, keyed by plan-item id, in the one order.

    A record kept under a bare id (`x`, as older files have it) is shown against the item it
    names (`mitigation:x` or `decision:x`).
    """
    questionnaire = model.questionnaire
    lang = questionnaire.default_language
    titles = {
        **{q.id: text_in(q.text, lang, lang) for q in questionnaire.questions()},
        **{a.id: text_in(a.title, lang, lang) for a in questionnaire.actual_impacts},
        **{m.id: text_in(m.title, lang, lang) for m in questionnaire.mitigations},
    }
    result = model.engine.score_answers(answers)
    records = answers.mitigations

    def record(item: str) -> MitigationRecord | None:
        return records.get(item) or records.get(item.partition(":")[2])

    rows = [
        PlanRow(p.id, rank, titles.get(p.subject, p.subject), p.horizon, record(p.id))
        for rank, p in enumerate(rank_plan(result.plan), start=1)
    ]
    listed = {r.id for r in rows} | {r.id.partition(":")[2] for r in rows}
    rows += [
        PlanRow(item, 0, titles.get(item.partition(":")[2] or item, item), "", rec)
        for item, rec in records.items()
        if item not in listed
    ]
    return rows


def set_item(
    answers: Answers,
    item: str,
    *,
    by: str,
    now: str,
    owner: str | None = None,
    due: str | None = None,
    status: MitigationStatus | None = None,
    note: str | None = None,
) -> Answers:
    """Return ``answers`` with one item's owner, due date, status or note changed.

    Setting a status (planned, in progress, done) on a declined item ends the decline.
    """
    old = answers.mitigations.get(item)
    record = old or MitigationRecord(status=MitigationStatus.PLANNED)
    update: dict[str, object] = {"updated_by": by, "updated_at": now}
    if owner is not None:
        update["owner"] = owner
    if due is not None:
        update["due"] = due
    if note is not None:
        update["note"] = note
    if status is not None:
        update.update(status=status, declined=None, accepted=None)
    changed = MitigationRecord.model_validate({**record.model_dump(), **update})
    return _put(answers, item, changed, now)


def decline_item(
    answers: Answers, item: str, *, reason: str, approver: str, review: str, by: str, now: str
) -> Answers:
    """Return ``answers`` with one item declined: reason, approver and review date."""
    old = answers.mitigations.get(item)
    base = old.model_dump() if old is not None else {}
    changed = MitigationRecord.model_validate(
        {
            **base,
            "status": MitigationStatus.DECLINED,
            "accepted": None,
            "declined": Decline(reason=reason, approver=approver, review=review),
            "updated_by": by,
            "updated_at": now,
        }
    )
    return _put(answers, item, changed, now)


def _put(answers: Answers, item: str, record: MitigationRecord, now: str) -> Answers:
    items = {**answers.mitigations, item: record}
    return answers.model_copy(update={"mitigations": items, "updated": now})
