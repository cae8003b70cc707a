"""Output formats of `hrdd score`: one module per format, chosen with ``--format``.

Only the enums live here, so that the CLI can build its options without importing the
renderers (and rich) at start-up.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrdd.output.score.interface import ScoreRenderer

__all__ = ["FailLevel", "ScoreFormat"]


class ScoreFormat(StrEnum):
    """The ``--format`` choices of `hrdd score`; each maps to exactly one renderer."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"

    def renderer(self) -> ScoreRenderer:
        """Return the renderer of this format."""
        from hrdd.output.score.json_format import JsonRenderer
        from hrdd.output.score.markdown import MarkdownRenderer
        from hrdd.output.score.table import TableRenderer

        renderers: dict[ScoreFormat, type[ScoreRenderer]] = {
            ScoreFormat.TABLE: TableRenderer,
            ScoreFormat.JSON: JsonRenderer,
            ScoreFormat.MARKDOWN: MarkdownRenderer,
        }
        return renderers[self]()


class FailLevel(StrEnum):
    """The ``--fail-on`` choices: the default band ids, lowest first."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"
