"""`--format json`: the results as stable JSON (documented in docs/scoring.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hrdd.output.score.interface import ScoreRenderer

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile


class JsonRenderer(ScoreRenderer):
    """Every figure and driver; keys in a fixed order, so equal input gives equal bytes."""

    def render_rated(self, files: Sequence[RatedFile], *, explain: bool) -> str:
        """Return the results as JSON; drivers are always in it, so ``explain`` changes nothing."""
        from hrdd.output.results import json_text

        return json_text(files)
