"""`--format json`: the results as stable JSON (documented in docs/scoring.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from hrdd.output.score.interface import ScoreRenderer

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile


class JsonRenderer(ScoreRenderer):
    """Every figure and driver; keys in a fixed order, so equal input gives equal bytes."""

    def stream_rated(
        self, files: Iterable[RatedFile], count: int, *, explain: bool
    ) -> Iterator[str]:
        """Yield the results as JSON a file at a time; ``explain`` changes nothing."""
        from hrdd.output.results import json_chunks

        return json_chunks(files)
