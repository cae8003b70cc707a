"""The compact rating vector, e.g. ``SC:5/SP:4/IR:5/S:5/P:18/20/F:4/L:5/R:25/B:critical``.

Grammar (components in this order, separated by ``/``)::

    vector    = dims "/" "S:" int [ "/" points "/" "F:" int ] "/" "L:" int "/" "R:" int "/" "B:" id
    dims      = "SC:" int "/" "SP:" int "/" "IR:" int
    points    = "P:" int "/" int          ; points P out of the fixed denominator M

The inherent vector carries P, M and F so that L can be recomputed; the residual vector
omits them (its L is the inherent L minus the capped mitigation drop).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from hrdd.errors import HrddError
from hrdd.questionnaire.model import Scoring
from hrdd.scoring.method import band_for, likelihood, weighted_severity


class VectorError(HrddError):
    """A rating vector does not follow the grammar."""


@dataclass(frozen=True)
class Vector:
    """The figures a vector string holds."""

    scale: int
    scope: int
    irremediability: int
    severity: int
    likelihood: int
    rating: int
    band: str
    points: int | None = None
    max_points: int | None = None
    floor: int | None = None


def format_vector(
    dims: Mapping[str, int],
    severity: int,
    likelihood_: int,
    rating: int,
    band: str,
    *,
    points: int | None = None,
    max_points: int | None = None,
    floor: int | None = None,
) -> str:
    """Return the vector string of one set of figures."""
    parts = [
        f"SC:{dims['scale']}",
        f"SP:{dims['scope']}",
        f"IR:{dims['irremediability']}",
        f"S:{severity}",
    ]
    if points is not None and max_points is not None and floor is not None:
        parts += [f"P:{points}/{max_points}", f"F:{floor}"]
    parts += [f"L:{likelihood_}", f"R:{rating}", f"B:{band}"]
    return "/".join(parts)


_INHERENT = re.compile(
    r"^SC:(?P<sc>\d+)/SP:(?P<sp>\d+)/IR:(?P<ir>\d+)/S:(?P<s>\d+)"
    r"(?:/P:(?P<p>\d+)/(?P<m>\d+)/F:(?P<f>\d+))?"
    r"/L:(?P<l>\d+)/R:(?P<r>\d+)/B:(?P<b>[a-z][a-z0-9_]*)$"
)


def parse_vector(text: str) -> Vector:
    """Parse a vector string; raise :class:`VectorError` when it does not follow the grammar."""
    match = _INHERENT.match(text.strip())
    if match is None:
        raise VectorError(
            f"`{text}` is not a rating vector; expected e.g. "
            "SC:5/SP:4/IR:5/S:5/P:18/20/F:4/L:5/R:25/B:critical"
        )
    g = match.groupdict()

    def opt(key: str) -> int | None:
        return None if g[key] is None else int(g[key])

    return Vector(
        scale=int(g["sc"]),
        scope=int(g["sp"]),
        irremediability=int(g["ir"]),
        severity=int(g["s"]),
        likelihood=int(g["l"]),
        rating=int(g["r"]),
        band=g["b"],
        points=opt("p"),
        max_points=opt("m"),
        floor=opt("f"),
    )


def rate_vector(vector: Vector, scoring: Scoring) -> Vector:
    """Recompute S, L (when P, M and F are given), R and the band from a vector's inputs.

    A vector is consistent when ``rate_vector(v, scoring) == v``.
    """
    dims = {"scale": vector.scale, "scope": vector.scope, "irremediability": vector.irremediability}
    _, severity, _ = weighted_severity(dims, scoring)
    lik = vector.likelihood
    if vector.points is not None and vector.max_points is not None and vector.floor is not None:
        lik = likelihood(vector.points, vector.max_points, vector.floor)
    rating = severity * lik
    band, _ = band_for(rating, severity, lik, scoring)
    return replace(vector, severity=severity, likelihood=lik, rating=rating, band=band)
