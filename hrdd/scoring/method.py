"""The arithmetic of the method: rounding, severity, likelihood, bands. Pure functions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import cast

from hrdd.questionnaire.model import Band, Scoring


def round_half_up(value: Fraction) -> int:
    """Round to the nearest integer, halves away from zero for positives (2.5 -> 3).

    Python's ``round`` rounds halves to even (``round(2.5) == 2``); the method never uses it.
    """
    return math.floor(value + Fraction(1, 2))


def divide_half_up(numerator: int, denominator: int) -> int:
    """Return ``round_half_up(numerator / denominator)`` for non-negative integers, exactly."""
    return (2 * numerator + denominator) // (2 * denominator)


def weighted_severity(dims: Mapping[str, int], scoring: Scoring) -> tuple[int, int, bool]:
    """Return (weighted mean rounded half up, severity S, escalated) for three dimensions.

    With all weights zero the mean is undefined; the highest dimension stands in for it.
    """
    weights = cast(Mapping[str, int], scoring.severity.weights)
    total = sum(weights.get(d, 0) for d in dims)
    if total == 0:
        weighted = max(dims.values())
    else:
        weighted = divide_half_up(sum(weights.get(d, 0) * v for d, v in dims.items()), total)
    severity = weighted
    if any(dims.get(d) == 5 for d in scoring.severity.escalate_dimensions):
        severity = max(severity, scoring.severity.escalate_to)
    return weighted, severity, severity > weighted


def likelihood(points: int, max_points: int, floor: int) -> int:
    """Return L = max(floor, 1 + round_half_up(4 * points / max_points)), within 1..5.

    An area no question can give points to has likelihood from its floor alone.
    """
    if max_points <= 0:
        return max(1, min(5, floor))
    from_points = 1 + divide_half_up(4 * min(points, max_points), max_points)
    return max(1, min(5, max(floor, from_points)))


def band_for(
    rating: int, severity: int, likelihood_: int, scoring: Scoring
) -> tuple[str, str | None]:
    """Return (band id, override band id or None) for a rating R = S x L.

    The band whose [min, max] holds R is raised to the highest override band whose
    ``min_severity <= S`` and ``min_likelihood <= L`` (severity first, UNGP 24).
    """
    bands = scoring.bands
    order = {b.id: i for i, b in enumerate(bands)}
    base = _band_holding(rating, bands)
    best = order.get(base, 0)
    override: str | None = None
    for rule in scoring.overrides:
        if rule.min_severity <= severity and rule.min_likelihood <= likelihood_:
            rank = order.get(rule.band, -1)
            if rank > best:
                best, override = rank, rule.band
    return bands[best].id, override


def _band_holding(rating: int, bands: Sequence[Band]) -> str:
    for band in bands:
        if band.min <= rating <= band.max:
            return band.id
    # Bands that leave a gap are a validation error; fall back to the nearest band below.
    below = [b for b in bands if b.max < rating]
    return (below[-1] if below else bands[0]).id
