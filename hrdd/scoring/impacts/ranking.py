"""The one ranking of scenarios and impacts, and the one ranking of the plan, for every output."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hrdd.scoring.impacts.result import ImpactRating, PlanItem, Rating


def scenario_key(
    rating: Rating, band_rank: Mapping[str, int], scenario_id: str
) -> tuple[int, int, int, int, int, str]:
    """Sort key, worst first: band, severity, likelihood, irremediability, scope, then id."""
    return (
        -band_rank[rating.band],
        -rating.severity,
        -rating.likelihood,
        -rating.irremediability,
        -rating.scope,
        scenario_id,
    )


def rank_impacts(
    impacts: Iterable[ImpactRating], band_rank: Mapping[str, int]
) -> list[ImpactRating]:
    """Return impacts worst first.

    Ties break by band, S, L, irremediability, scope, number of scenarios at the band, then id,
    as the method says; the terminal, the report and test expectations all use this order.
    """
    return sorted(
        impacts,
        key=lambda i: (
            -band_rank[i.band],
            -i.severity,
            -i.likelihood,
            -i.irremediability,
            -i.scope,
            -i.at_band,
            i.id,
        ),
    )


def rank_plan(items: Iterable[PlanItem]) -> list[PlanItem]:
    """Return plan items in the plan order: step, the step's own key, then id."""
    return sorted(items, key=lambda item: (item.step, item.order, item.id))
