"""The severity x likelihood heat map: an inline SVG and the grid the Markdown report draws."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from hrdd.report.views import AreaView, BandView

CELL = 96
LEFT = 92
TOP = 16
SIZE = 5 * CELL
WIDTH = LEFT + SIZE + 12
HEIGHT = TOP + SIZE + 58

# Light fills for colour levels 0..3 (lowest to highest band): dark text on each passes WCAG AA.
FILLS = ("#d7efd2", "#fff1b3", "#fdcf9e", "#f5a9a9")
INK = "#1b1f24"
INHERENT_FILL = "#1b1f24"
RESIDUAL_FILL = "#ffffff"

INHERENT_MARK = "\u25cf"
RESIDUAL_MARK = "\u25cb"


@dataclass(frozen=True)
class GridCell:
    """One cell of the Markdown grid: its band and the area codes placed in it."""

    band: BandView
    marks: str


@dataclass(frozen=True)
class GridRow:
    """One severity row of the Markdown grid, highest severity first."""

    severity: int
    cells: list[GridCell]


@dataclass(frozen=True)
class Heatmap:
    """The heat map in both forms, with its text alternative."""

    svg: Markup
    rows: list[GridRow]
    description: str


def _slots(count: int) -> tuple[list[tuple[float, float]], float]:
    """Return marker centres inside a cell (fractions of the cell) and the marker radius."""
    if count == 1:
        return [(0.5, 0.5)], 14.0
    per_row = math.ceil(math.sqrt(count))
    rows = math.ceil(count / per_row)
    radius = min(14.0, CELL / (2 * per_row) - 1.5)
    centres = [((i % per_row + 0.5) / per_row, (i // per_row + 0.5) / rows) for i in range(count)]
    return centres, radius


def _centre(severity: int, likelihood: int) -> tuple[float, float]:
    return LEFT + (likelihood - 1) * CELL, TOP + (5 - severity) * CELL


def heatmap(
    areas: Sequence[AreaView],
    grid: dict[tuple[int, int], BandView],
) -> Heatmap:
    """Return the SVG and the Markdown grid placing every area's inherent and residual rating."""
    placed: dict[tuple[int, int], list[tuple[AreaView, bool]]] = {}
    for area in areas:
        placed.setdefault((area.severity, area.likelihood), []).append((area, True))
        placed.setdefault((area.residual_severity, area.residual_likelihood), []).append(
            (area, False)
        )
    position: dict[tuple[str, bool], tuple[float, float, float]] = {}
    for (s, lik), marks in placed.items():
        x0, y0 = _centre(s, lik)
        centres, radius = _slots(len(marks))
        for (area, inherent), (fx, fy) in zip(marks, centres, strict=True):
            position[(area.code, inherent)] = (x0 + fx * CELL, y0 + fy * CELL, radius)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'aria-labelledby="heatmap-title heatmap-desc">',
        '<title id="heatmap-title">Risk heat map: severity by likelihood</title>',
        f'<desc id="heatmap-desc">{escape(_describe(areas))}</desc>',
        "<defs>",
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{INK}"/>'
        "</marker>",
        "</defs>",
    ]
    for (s, lik), band in sorted(grid.items()):
        x, y = _centre(s, lik)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{FILLS[band.level]}" '
            f'stroke="#ffffff" stroke-width="2"><title>{escape(band.label)}: severity {s}, '
            f"likelihood {lik}</title></rect>"
        )
    for n in range(1, 6):
        x, y = _centre(n, n)
        parts.append(
            f'<text x="{LEFT - 10}" y="{TOP + (5 - n) * CELL + CELL / 2 + 5}" '
            f'text-anchor="end" class="axis">{n}</text>'
        )
        parts.append(
            f'<text x="{x + CELL / 2}" y="{TOP + SIZE + 20}" text-anchor="middle" '
            f'class="axis">{n}</text>'
        )
    parts.append(
        f'<text x="{LEFT + SIZE / 2}" y="{TOP + SIZE + 44}" text-anchor="middle" '
        'class="axis-title">Likelihood</text>'
    )
    parts.append(
        f'<text x="24" y="{TOP + SIZE / 2}" text-anchor="middle" class="axis-title" '
        f'transform="rotate(-90 24 {TOP + SIZE / 2})">Severity</text>'
    )
    for area in areas:
        x1, y1, r1 = position[(area.code, True)]
        x2, y2, r2 = position[(area.code, False)]
        if (x1, y1) != (x2, y2):
            dx, dy = x2 - x1, y2 - y1
            length = (dx * dx + dy * dy) ** 0.5
            parts.append(
                f'<line x1="{x1 + dx * (r1 + 1) / length:.1f}" '
                f'y1="{y1 + dy * (r1 + 1) / length:.1f}" '
                f'x2="{x2 - dx * (r2 + 1) / length:.1f}" y2="{y2 - dy * (r2 + 1) / length:.1f}" '
                f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="4 3" '
                'marker-end="url(#arrow)"/>'
            )
    for area in areas:
        for inherent in (True, False):
            x, y, r = position[(area.code, inherent)]
            fill, ink = (INHERENT_FILL, "#ffffff") if inherent else (RESIDUAL_FILL, INK)
            which = "inherent" if inherent else "residual"
            size = min(11.0, r * (0.8 if len(area.code) > 2 else 0.9))
            parts.append(
                f"<g><title>{escape(area.code)} {escape(area.title)}: {which}</title>"
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" stroke="{INK}" '
                f'stroke-width="1.5"/><text x="{x:.1f}" y="{y + size * 0.36:.1f}" '
                f'text-anchor="middle" font-size="{size:.1f}" class="mark" fill="{ink}">'
                f"{escape(area.code)}</text></g>"
            )
    parts.append("</svg>")

    rows = []
    for s in range(5, 0, -1):
        cells = []
        for lik in range(1, 6):
            codes = [
                (INHERENT_MARK if inherent else RESIDUAL_MARK) + area.code
                for area, inherent in placed.get((s, lik), [])
            ]
            cells.append(GridCell(band=grid[(s, lik)], marks=" ".join(codes)))
        rows.append(GridRow(severity=s, cells=cells))
    return Heatmap(svg=Markup("".join(parts)), rows=rows, description=_describe(areas))


def _describe(areas: Sequence[AreaView]) -> str:
    """Return the heat map in one paragraph, for screen readers and for the figure caption."""
    parts = [
        f"{a.code} {a.title}: inherent {a.band.label} at severity {a.severity}, likelihood "
        f"{a.likelihood}; residual {a.residual_band.label} at severity {a.residual_severity}, "
        f"likelihood {a.residual_likelihood}."
        for a in areas
    ]
    return " ".join(parts)
