"""What changed between two assessments of one company: answers, ratings, the plan.

Pure data in, plain records out (ids, never words): the outputs of `hrdd diff` put titles on
them. Both assessments are rated with the same questionnaire and method, so a move between
them comes from the answers (the company). Where the older file keeps a snapshot of its
results at sign-off, the moves between that snapshot and its re-rating come from the
questionnaire or the method, and are labelled so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from hrdd.scoring.impacts._base import Answers, MitigationRecord, MitigationStatus, Snapshot
from hrdd.scoring.impacts.ranking import rank_plan
from hrdd.scoring.impacts.result import Result
from hrdd.scoring.impacts.snapshot import record_for

NONE = "none"
"""A rating that does not exist on that side: no scenario of the impact is open."""
CLOSED = "closed"
"""A residual with every scenario closed by a recommended step."""

COMPANY = "company"
METHOD = "method"

OPEN = frozenset({MitigationStatus.PLANNED.value, MitigationStatus.IN_PROGRESS.value})


@dataclass(frozen=True)
class AnswerChange:
    """One question whose answer differs, or that only one side has."""

    question: str
    change: str
    """changed, answered (only NEW has it), unanswered (only OLD has it), retired (the
    questionnaire no longer asks it: OLD's answer is kept aside), new_question (asked only by
    NEW's questionnaire version)."""
    old: object
    new: object
    by: str | None
    at: str | None
    between: int
    """Values given and replaced between the two files (from NEW's history)."""


@dataclass(frozen=True)
class RatingMove:
    """An impact's or scenario's band that moved."""

    kind: str
    """impact or scenario."""
    id: str
    impact: str
    measure: str
    """inherent or residual."""
    old: str
    new: str
    """A band id, `closed` (every scenario closed by a step) or `none` (not open)."""
    direction: str
    """worse or better."""
    source: str
    """company (from the answers) or method (from the questionnaire or method version)."""


@dataclass(frozen=True)
class PlanChange:
    """A plan item that was opened, closed, dropped, declined, or is overdue or due review."""

    item: str
    change: str
    """opened, dropped, closed (done), status, declined, overdue, review_due."""
    old_status: str | None
    new_status: str | None
    due: str | None
    review: str | None
    by: str | None
    at: str | None
    source: str


@dataclass(frozen=True)
class Comparison:
    """Everything `hrdd diff` shows, ids only."""

    baseline: str
    """snapshot (OLD's results at sign-off) or rescored (OLD re-rated with NEW's questionnaire)."""
    day: str
    answers: tuple[AnswerChange, ...]
    moves: tuple[RatingMove, ...]
    plan: tuple[PlanChange, ...]


@dataclass(frozen=True)
class Side:
    """One assessment: its answers (carried over to the questionnaire both are rated with)."""

    answers: Answers
    result: Result
    retired: frozenset[str] = frozenset()
    """Questions set aside in carrying it over: the questionnaire no longer asks them."""


def _same(a: object, b: object) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return set(a) == set(b)
    return a == b


def answer_changes(
    old: Side, new: Side, questions: Iterable[str], old_questions: frozenset[str] | None
) -> list[AnswerChange]:
    """Return the changed answers in questionnaire order, then the retired ones.

    ``old_questions`` are the questions OLD's questionnaire asked, when known: a question it did
    not ask that NEW answers is a new question rather than one answered for the first time.
    """
    before = {q: a for q, a in old.answers.answers.items() if a.active}
    after = {q: a for q, a in new.answers.answers.items() if a.active}
    since = old.answers.updated
    found: list[AnswerChange] = []
    for qid in questions:
        a, b = before.get(qid), after.get(qid)
        if a is None and b is None:
            continue
        if a is not None and b is not None and _same(a.value, b.value):
            continue
        if b is None:
            assert a is not None
            found.append(AnswerChange(qid, "unanswered", a.value, None, None, None, 0))
            continue
        between = sum(1 for h in b.history if _after(h.at, since))
        if a is None:
            change = (
                "new_question"
                if old_questions is not None and qid not in old_questions
                else "answered"
            )
        else:
            change = "changed"
        found.append(
            AnswerChange(
                qid,
                change,
                a.value if a is not None else None,
                b.value,
                b.answered_by,
                b.answered_at,
                between,
            )
        )
    for qid in sorted(old.retired | new.retired):
        kept = new.answers.retired.get(qid) or old.answers.retired.get(qid)
        value = kept.value if kept is not None else None
        found.append(AnswerChange(qid, "retired", value, None, None, None, 0))
    return found


def _after(at: str | None, since: str) -> bool:
    from datetime import datetime

    if at is None:
        return False
    return datetime.fromisoformat(at) > datetime.fromisoformat(since)


Ratings = dict[tuple[str, str, str, str], str]
"""(kind, id, impact, measure) -> band, closed or none."""


def ratings_of(result: Result) -> Ratings:
    """Return every impact's and scenario's inherent and residual band."""
    found: Ratings = {}
    for i in result.impacts:
        found["impact", i.id, i.id, "inherent"] = i.band
        found["impact", i.id, i.id, "residual"] = i.residual or CLOSED
        for s in i.scenarios:
            found["scenario", s.id, i.id, "inherent"] = s.inherent.band
            found["scenario", s.id, i.id, "residual"] = s.residual.band if s.residual else CLOSED
    return found


def snapshot_ratings(snapshot: Snapshot) -> Ratings:
    """Return the ratings a sign-off snapshot kept."""
    found: Ratings = {}
    for iid, i in snapshot.impacts.items():
        found["impact", iid, iid, "inherent"] = i.inherent
        found["impact", iid, iid, "residual"] = i.residual or CLOSED
    for sid, s in snapshot.scenarios.items():
        impact = sid.split("/", 1)[0]
        found["scenario", sid, impact, "inherent"] = s.inherent
        found["scenario", sid, impact, "residual"] = s.residual or CLOSED
    return found


def moves(
    before: Ratings, after: Ratings, band_rank: Mapping[str, int], source: str
) -> list[RatingMove]:
    """Return the bands that differ between two sets of ratings, impacts before scenarios."""
    rank = {NONE: -2, CLOSED: -1, **band_rank}
    found: list[RatingMove] = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0] != "impact", k[2], k)):
        old, new = before.get(key, NONE), after.get(key, NONE)
        if old == new:
            continue
        # A band the questionnaire no longer has sorts with the lowest: still a move.
        worse = rank.get(new, -1) > rank.get(old, -1)
        kind, ident, impact, measure = key
        found.append(
            RatingMove(
                kind, ident, impact, measure, old, new, "worse" if worse else "better", source
            )
        )
    return found


def _status(record: MitigationRecord | None) -> str | None:
    if record is None:
        return None
    return "declined" if record.is_declined else record.status.value


def plan_changes(
    old_plan: Mapping[str, str | None],
    old_records: Mapping[str, MitigationRecord],
    new: Side,
    day: date,
    source: str = COMPANY,
) -> list[PlanChange]:
    """Return the plan items opened, dropped, closed, declined, overdue or due review.

    ``old_plan`` maps OLD's plan-item ids to their status; statuses of items only in the old
    records count too (an item done is no longer in the plan's open part, but still listed).
    """
    today = day.isoformat()
    items = [item.id for item in rank_plan(new.result.plan)]
    in_new = set(items)
    found: list[PlanChange] = []
    for item in items:
        record = record_for(new.answers.mitigations, item)
        status = _status(record)
        by = record.updated_by if record is not None else None
        at = record.updated_at if record is not None else None
        due = record.due if record is not None else None
        review = record.review_date if record is not None else None
        if item not in old_plan:
            found.append(PlanChange(item, "opened", None, status, due, review, by, at, source))
        else:
            before = old_plan[item] or _status(record_for(old_records, item))
            if before != status and status is not None:
                change = {"done": "closed", "declined": "declined"}.get(status, "status")
                found.append(PlanChange(item, change, before, status, due, review, by, at, COMPANY))
        if status in OPEN and due is not None and due < today:
            found.append(PlanChange(item, "overdue", status, status, due, review, by, at, COMPANY))
        if status == "declined" and review is not None and review <= today:
            found.append(
                PlanChange(item, "review_due", status, status, due, review, by, at, COMPANY)
            )
    for item, before in old_plan.items():
        if item in in_new:
            continue
        # An item done may leave the plan (what it does is then in place): it was closed.
        record = record_for(new.answers.mitigations, item)
        status = _status(record)
        if record is not None and status == "done" and before != "done":
            by, at = record.updated_by, record.updated_at
            found.append(PlanChange(item, "closed", before, status, None, None, by, at, COMPANY))
        else:
            found.append(PlanChange(item, "dropped", before, None, None, None, None, None, source))
    return found


def _plan_of(side: Side) -> dict[str, str | None]:
    return {
        item.id: _status(record_for(side.answers.mitigations, item.id))
        for item in rank_plan(side.result.plan)
    }


def compare(
    old: Side,
    new: Side,
    *,
    questions: Iterable[str],
    band_rank: Mapping[str, int],
    day: date,
    snapshot: Snapshot | None = None,
    old_questions: frozenset[str] | None = None,
) -> Comparison:
    """Return what changed from ``old`` to ``new``, both rated with one questionnaire.

    With ``snapshot`` (OLD's results at sign-off, when they still cover its answers), moves
    from the snapshot to OLD re-rated are the method's; from OLD re-rated to NEW the company's.
    """
    old_plan = _plan_of(old)
    found_moves: list[RatingMove] = []
    plan: list[PlanChange] = []
    if snapshot is not None:
        found_moves += moves(snapshot_ratings(snapshot), ratings_of(old.result), band_rank, METHOD)
        snap_plan = {k: v.status for k, v in snapshot.plan.items()}
        plan += [
            c
            for c in plan_changes(snap_plan, {}, old, day, METHOD)
            if c.change in ("opened", "dropped")
        ]
    found_moves += moves(ratings_of(old.result), ratings_of(new.result), band_rank, COMPANY)
    plan += plan_changes(old_plan, old.answers.mitigations, new, day)
    return Comparison(
        baseline="snapshot" if snapshot is not None else "rescored",
        day=day.isoformat(),
        answers=tuple(answer_changes(old, new, questions, old_questions)),
        moves=tuple(found_moves),
        plan=tuple(plan),
    )
