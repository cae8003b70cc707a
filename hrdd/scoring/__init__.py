"""The scoring engine: severity first, then likelihood, residual risk and the mitigation plan.

Pure functions over plain data; the method is documented in docs/scoring.md.
"""

from __future__ import annotations

from hrdd.scoring.engine import Scorer, assess, scorer_for
from hrdd.scoring.method import round_half_up
from hrdd.scoring.model import Assessment
from hrdd.scoring.vector import Vector, VectorError, format_vector, parse_vector, rate_vector

__all__ = [
    "Assessment",
    "Scorer",
    "Vector",
    "VectorError",
    "assess",
    "format_vector",
    "parse_vector",
    "rate_vector",
    "round_half_up",
    "scorer_for",
]
