"""Output formats of `hrdd score`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, cast

from hrdd.output.registry import load_formatter

if TYPE_CHECKING:
    from hrdd.output.score.interface import ScoreRenderer

__all__ = ["ScoreFormat"]


class ScoreFormat(StrEnum):
    """The ``--format`` choices of `hrdd score`; each maps to exactly one renderer."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"

    def formatter(self) -> ScoreRenderer:
        """Return the renderer of this format."""
        # The interface imports the models (pydantic): only a command that renders pays for it.
        from hrdd.output.score.interface import ScoreRenderer

        return cast(ScoreRenderer, load_formatter(__name__, FORMATTERS[self]))


# Module and class of each format, imported only when chosen (see hrdd.output.registry).
FORMATTERS: dict[ScoreFormat, tuple[str, str]] = {
    ScoreFormat.TABLE: ("table", "TableRenderer"),
    ScoreFormat.JSON: ("json_format", "JsonRenderer"),
    ScoreFormat.MARKDOWN: ("markdown", "MarkdownRenderer"),
}
