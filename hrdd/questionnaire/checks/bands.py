"""Checks of the rating bands: ordered lowest first, no overlap, every rating covered."""

from __future__ import annotations

import itertools

from hrdd.questionnaire.checks.context import Context, Path

RATINGS = range(1, 26)


def check_bands(ctx: Context) -> None:
    """Report bands listed out of order, overlapping, or leaving ratings uncovered."""
    bands = ctx.q.scoring.bands
    where: Path = ("scoring", "bands")
    for i, band in enumerate(bands):
        if band.min > band.max:
            ctx.report(
                (*where, i, "min"),
                "bands-order",
                f"band `{band.id}` starts at {band.min}, above its end at {band.max}",
                "swap `min` and `max`",
            )
        elif i and band.min < bands[i - 1].min:
            ctx.report(
                (*where, i, "min"),
                "bands-order",
                f"band `{band.id}` (from {band.min}) is listed after band "
                f"`{bands[i - 1].id}` (from {bands[i - 1].min})",
                "list the bands lowest first: their order ranks them",
            )
    covered: dict[int, int] = {}
    for i, band in enumerate(bands):
        for rating in range(band.min, band.max + 1):
            if rating in covered:
                other = bands[covered[rating]]
                ctx.report(
                    (*where, i, "min"),
                    "bands-overlap",
                    f"band `{band.id}` ({band.min}-{band.max}) overlaps band `{other.id}` "
                    f"({other.min}-{other.max})",
                    "make each band start one above the end of the band below it",
                )
                break
        for rating in range(band.min, band.max + 1):
            covered.setdefault(rating, i)
    gaps = [r for r in RATINGS if r not in covered]
    if gaps:
        ctx.report(
            where,
            "bands-gap",
            f"no band covers the rating{'s' if len(gaps) > 1 else ''} {_ranges(gaps)}",
            "the bands must cover every rating from 1 to 25",
            mark=ctx.key_mark(where),
        )


def _ranges(numbers: list[int]) -> str:
    groups = []
    for _, run in itertools.groupby(enumerate(numbers), lambda pair: pair[1] - pair[0]):
        items = [n for _, n in run]
        groups.append(str(items[0]) if len(items) == 1 else f"{items[0]}-{items[-1]}")
    return ", ".join(groups)
