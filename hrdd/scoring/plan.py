"""The mitigation plan: triggered mitigations in the order of domain brief section 3.5."""

from __future__ import annotations

from collections.abc import Collection, Mapping, MutableMapping, Sequence

from hrdd.answers.model import MitigationRecord
from hrdd.questionnaire.model import Effort, Horizon, Mitigation, Questionnaire
from hrdd.scoring.method import weighted_severity
from hrdd.scoring.model import AreaResult, PlanGroup, PlannedMitigation

SeverityTable = Mapping[tuple[int, int, int], tuple[int, int, bool]]
"""(scale, scope, irremediability) -> (weighted, severity, escalated), precomputed."""

EFFORT_UNITS: dict[Effort, int] = {Effort.LOW: 1, Effort.MEDIUM: 2, Effort.HIGH: 3}
"""Effort in units for the expected reduction per effort: low 1, medium 2, high 3."""

PRIORITY_BAND = "high"
"""A priority area's mitigations go first when its inherent band is at least this one."""


def priority_threshold(band_ids: Sequence[str]) -> int:
    """Return the rank from which a priority area jumps the queue.

    That is the rank of the band `high`; a questionnaire without one uses its second-highest
    band (its highest when it has only one).
    """
    if PRIORITY_BAND in band_ids:
        return list(band_ids).index(PRIORITY_BAND)
    return max(0, len(band_ids) - 2)


def expected_reduction(
    questionnaire: Questionnaire,
    mitigation: Mitigation,
    area: AreaResult,
    severity_table: SeverityTable | None = None,
) -> int:
    """Return how much ``mitigation`` alone lowers ``area``'s inherent rating R, within the caps."""
    scoring = questionnaire.scoring
    caps = scoring.residual_caps
    effect = mitigation.effect
    dims = {
        "scale": max(1, area.severity.scale - min(-effect.scale, caps.scale)),
        "scope": max(1, area.severity.scope - min(-effect.scope, caps.scope)),
        "irremediability": max(
            1, area.severity.irremediability - min(-effect.irremediability, caps.irremediability)
        ),
    }
    if severity_table is not None:
        severity = severity_table[(dims["scale"], dims["scope"], dims["irremediability"])][1]
    else:
        severity = weighted_severity(dims, scoring)[1]
    lik = max(1, area.likelihood.likelihood - min(-effect.likelihood, caps.likelihood))
    return area.rating - severity * lik


def plan_mitigations(
    questionnaire: Questionnaire,
    areas: Sequence[AreaResult],
    triggered: Sequence[Mitigation],
    records: Mapping[str, MitigationRecord],
    band_rank: Mapping[str, int],
    severity_table: SeverityTable | None = None,
    expired: Collection[str] = frozenset(),
    memo: MutableMapping[tuple[str, int, int, int, int], int] | None = None,
) -> list[PlanGroup]:
    """Order the triggered mitigations and group them by horizon.

    ``expired`` names the accepted mitigations whose acceptance no longer holds; they are
    marked ``acceptance_expired``. ``memo`` keeps expected reductions between calls for the
    same questionnaire: by mitigation id, the area's three dimensions and its likelihood.

    Order: mitigations of a priority area rated high or above first; then by the highest
    inherent (band, severity, irremediability) among the areas addressed, descending; then
    by expected reduction of R per unit of effort, descending; then by id.
    """
    by_area = {a.area: a for a in areas}
    threshold = priority_threshold(list(band_rank))
    ranked: list[
        tuple[tuple[object, ...], Mitigation, list[AreaResult], bool, AreaResult, int]
    ] = []
    for m in triggered:
        addressed = [by_area[a] for a in m.areas if a in by_area]
        if not addressed:
            continue
        priority = False
        top = addressed[0]
        top_key = (-1, 0, 0)
        reduction = 0
        for a in addressed:
            sev = a.severity
            rank = band_rank[a.band]
            priority = priority or (a.priority and rank >= threshold)
            area_key = (rank, sev.severity, sev.irremediability)
            if area_key > top_key:  # the first of equals, as max() would pick
                top, top_key = a, area_key
            key = (m.id, sev.scale, sev.scope, sev.irremediability, a.likelihood.likelihood)
            found = memo.get(key) if memo is not None else None
            if found is None:
                found = expected_reduction(questionnaire, m, a, severity_table)
                if memo is not None:
                    memo[key] = found
            reduction += found
        # reduction / effort, scaled by 6 so that it stays an exact integer for 1, 2 and 3
        per_effort = reduction * 6 // EFFORT_UNITS[m.effort]
        order = (
            not priority,
            -band_rank[top.band],
            -top.severity.severity,
            -top.severity.irremediability,
            -per_effort,
            m.id,
        )
        ranked.append((order, m, addressed, priority, top, reduction))
    ranked.sort(key=lambda entry: entry[0])
    groups: dict[str, list[PlannedMitigation]] = {h.value: [] for h in Horizon}
    for rank, (_, m, addressed, priority, top, reduction) in enumerate(ranked, start=1):
        record = records.get(m.id)
        groups[m.horizon.value].append(
            PlannedMitigation(
                rank=rank,
                mitigation=m.id,
                areas=[a.area for a in addressed],
                horizon=m.horizon.value,
                effort=m.effort.value,
                review=m.review,
                priority=priority,
                top_band=top.band,
                expected_reduction=reduction,
                status=record.status if record else None,
                owner=record.owner if record else None,
                due=record.due if record else None,
                note=record.note if record else None,
                acceptance_expired=m.id in expired,
            )
        )
    return [
        PlanGroup(horizon=horizon, mitigations=planned)
        for horizon, planned in groups.items()
        if planned
    ]
