"""Output formats of `hrdd score`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrdd.output.registry import FormatChoice, Formatters

if TYPE_CHECKING:
    from hrdd.output.score.interface import ScoreRenderer

__all__ = ["FORMATTERS", "ScoreFormat"]


class ScoreFormat(FormatChoice):
    """The ``--format`` choices of `hrdd score`; each maps to exactly one renderer.

    ``table`` is the terminal view, which `hrdd assess` also ends with.
    """

    TABLE = "table", "table", "TableRenderer"
    JSON = "json", "json_format", "JsonRenderer"
    MARKDOWN = "markdown", "markdown", "MarkdownRenderer"


FORMATTERS: Formatters[ScoreFormat, ScoreRenderer] = Formatters(ScoreFormat)
