"""The plan: every item with its stable id, in the plan order of the method."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hrdd.scoring.impacts.format import Mitigation, MitigationType
from hrdd.scoring.impacts.index import RiskIndex, item_id
from hrdd.scoring.impacts.memo import Memo
from hrdd.scoring.impacts.ranking import rank_plan, scenario_key
from hrdd.scoring.impacts.result import (
    ActualEntry,
    ImpactRating,
    ItemKind,
    OptionOutcome,
    PlanItem,
)
from hrdd.values import Value

if TYPE_CHECKING:
    from hrdd.scoring.impacts.engine import PathState

ACTUAL, PRIORITY, DECISIONS, FIND_OUT_MOVING, PER_SCENARIO, FIND_OUT, ASSESS, REMEDY = range(1, 9)
"""The steps of the plan order; steps up to `FIND_OUT_MOVING` are immediate."""

TYPE_ORDER = {
    MitigationType.CLOSE: 0,
    MitigationType.NARROW: 1,
    MitigationType.LOWER: 2,
    MitigationType.ASSESS: 3,
    MitigationType.REMEDY: 4,
    MitigationType.DECISION: 5,
}

OptionResidual = Callable[[list[str]], tuple[tuple[str, str | None], ...]]


@dataclass(frozen=True)
class PlanInputs:
    """What the plan is made from: one scored answers file."""

    index: RiskIndex
    world: Mapping[str, Value]
    fav: Mapping[str, Value]
    paths: Mapping[str, PathState]
    fav_paths: Mapping[str, PathState]
    impacts: list[ImpactRating]
    headline: tuple[str, ...]
    register: tuple[ActualEntry, ...]
    triggered: Sequence[Mitigation]
    declined: set[str]
    gaps: list[str]
    """Data gaps, in question order."""
    moves: Mapping[str, int] | None
    """How many bands each gap alone moves a headline impact; None: not ranked."""
    option_residual: OptionResidual
    ranked: Sequence[tuple[str, str, str]] | None = None
    """Every scenario as (path, id, inherent band), in the one ranking of scenarios; None:
    read from the impacts and sorted here."""
    made: Memo[tuple[object, ...], PlanItem] | None = None
    """Plan items already made, by what they are made from: items are frozen, so files with
    the same item share one (a bounded memo). None: every item is made anew."""


def build_plan(inputs: PlanInputs) -> tuple[PlanItem, ...]:
    """Return the plan in the method's order; see docs/risk-model-format.md."""
    index = inputs.index
    rank = index.band_rank
    items: list[PlanItem] = []
    for n, entry in enumerate(inputs.register):
        reason = (
            "presumed: access is not visible to you"
            if entry.presumed
            else "this has happened: cease and remediate"
        )
        items.append(
            PlanItem(
                id=f"actual:{entry.id}",
                kind=ItemKind.ACTUAL,
                step=ACTUAL,
                immediate=True,
                horizon="immediate",
                reason=reason,
                subject=entry.id,
                declined=f"actual:{entry.id}" in inputs.declined,
                order=(n,),
            )
        )
    used: set[str] = set()
    priority = index.q.plan.priority
    by_id = {i.id: i for i in inputs.impacts}
    if priority is not None:
        rated = by_id.get(priority.impact)
        if rated is not None and rank[rated.band] >= rank[priority.band]:
            chosen = sorted(
                (
                    m
                    for m in inputs.triggered
                    if priority.impact in m.impacts and m.type is not MitigationType.DECISION
                ),
                key=lambda m: (TYPE_ORDER[m.type], index.mitigation_order[m.id]),
            )[: priority.items]
            for n, m in enumerate(chosen):
                used.add(m.id)
                items.append(
                    _mitigation_item(
                        m,
                        PRIORITY,
                        (n,),
                        f"{priority.impact} is {rated.band}: people first",
                        inputs.declined,
                        immediate=True,
                    )
                )
    for m in inputs.triggered:
        if m.type is not MitigationType.DECISION:
            continue
        floored = any(inputs.fav_paths[p].floor > 1 for p in m.paths if p in inputs.fav_paths)
        declined = item_id(m) in inputs.declined
        options = tuple(OptionOutcome(o.id, inputs.option_residual(o.closes)) for o in m.options)
        confirmed = ", ".join(p for p in m.paths if p in inputs.fav_paths)
        items.append(
            PlanItem(
                id=item_id(m),
                kind=ItemKind.DECISION,
                step=DECISIONS,
                immediate=True,
                horizon="immediate",
                reason=f"confirmed open: {confirmed}" + (" (legal floor)" if floored else ""),
                subject=m.id,
                declined=declined,
                flagged=declined and floored,
                options=options,
                order=(index.mitigation_order[m.id],),
            )
        )
    for question in inputs.gaps:
        moves = inputs.moves.get(question, 0) if inputs.moves is not None else 0
        step = FIND_OUT_MOVING if moves > 0 else FIND_OUT
        reason = (
            f"answering it can move a headline impact by {moves} band{'s' if moves > 1 else ''}"
            if moves
            else "an unknown, scored at its riskiest value"
        )
        items.append(
            PlanItem(
                id=f"find_out:{question}",
                kind=ItemKind.FIND_OUT,
                step=step,
                immediate=step == FIND_OUT_MOVING,
                horizon="immediate" if step == FIND_OUT_MOVING else "90_days",
                reason=reason,
                subject=question,
                declined=f"find_out:{question}" in inputs.declined,
                moves=moves,
                order=(-moves, index.question_order[question]),
            )
        )
    ranked = inputs.ranked
    if ranked is None:
        ranked = [
            (s.path, s.id, s.inherent.band)
            for s in sorted(
                (s for i in inputs.impacts for s in i.scenarios),
                key=lambda s: scenario_key(s.inherent, rank, s.id),
            )
        ]
    first_on: dict[str, tuple[int, str]] = {}
    for n, (path, sid, band) in enumerate(ranked):
        if path not in first_on:
            first_on[path] = (n, f"{sid} {band}")
    last = (len(ranked), "no open scenario")
    for m in inputs.triggered:
        if m.id in used or m.type is MitigationType.DECISION:
            continue
        if m.type in (MitigationType.ASSESS, MitigationType.REMEDY):
            step = ASSESS if m.type is MitigationType.ASSESS else REMEDY
            reason = (
                "an assessment step: changes no rating"
                if step == ASSESS
                else "remedy and transparency: changes no residual"
            )
            items.append(_made(inputs, m, step, (), reason))
            continue
        targets = m.closes or m.paths
        position, worst = min((first_on.get(p, last) for p in targets), default=last)
        verb = {"close": "closes", "narrow": "narrows", "lower": "lowers"}[m.type.value]
        reason = f"{verb} {', '.join(targets)}; worst scenario: {worst}"
        items.append(_made(inputs, m, PER_SCENARIO, (position, TYPE_ORDER[m.type]), reason))
    return tuple(rank_plan(items))


def _made(
    inputs: PlanInputs, m: Mitigation, step: int, order: tuple[object, ...], reason: str
) -> PlanItem:
    """Return `_mitigation_item` (not immediate), made once per distinct item when kept."""
    made = inputs.made
    if made is None:
        return _mitigation_item(m, step, order, reason, inputs.declined)
    declined = item_id(m) in inputs.declined
    key = (m.id, step, order, reason, declined)
    return made.get(key, _mitigation_item, m, step, order, reason, inputs.declined)


def _mitigation_item(
    m: Mitigation,
    step: int,
    order: tuple[object, ...],
    reason: str,
    declined: set[str],
    *,
    immediate: bool = False,
) -> PlanItem:
    kind = ItemKind(m.type.value)
    return PlanItem(
        id=item_id(m),
        kind=kind,
        step=step,
        immediate=immediate,
        horizon="immediate" if immediate else m.horizon.value,
        reason=reason,
        subject=m.id,
        declined=item_id(m) in declined,
        order=order,
    )
