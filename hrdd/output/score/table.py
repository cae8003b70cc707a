"""`--format table`: the results view for a terminal (plain text, no colour codes)."""

from __future__ import annotations

from collections.abc import Sequence
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

    def render_rated(self, files: Sequence[RatedFile], *, explain: bool) -> str:
        """Return the shared results view, laid out for the terminal's width."""
        from hrdd.output.results import table_text

        return table_text(files, explain=explain, width=terminal_width())
