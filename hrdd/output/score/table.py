"""`--format table`: the results view for a terminal (plain text, no colour codes)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from hrdd.output.score.interface import ScoreRenderer

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile


def terminal_width() -> int:
    """Return the terminal's width in columns (``COLUMNS`` when set; 80 when unknown)."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


class TableRenderer(ScoreRenderer):
    """The shared results view, laid out for the terminal's width."""

    def stream_rated(
        self, files: Iterable[RatedFile], count: int, *, explain: bool
    ) -> Iterator[str]:
        """Yield the shared results view, laid out for the terminal's width, a file at a time."""
        from hrdd.output.results import table_chunks

        return table_chunks(files, count, explain=explain, width=terminal_width())
