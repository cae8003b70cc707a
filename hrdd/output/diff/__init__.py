"""Output formats of `hrdd diff`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrdd.output.registry import FormatChoice, Formatters

if TYPE_CHECKING:
    from hrdd.output.diff.interface import DiffRenderer

__all__ = ["DiffFormat", "FORMATTERS"]


class DiffFormat(FormatChoice):
    """The ``--format`` choices of `hrdd diff`; each maps to exactly one renderer."""

    TEXT = "text", "text", "TextRenderer"
    MARKDOWN = "markdown", "markdown", "MarkdownRenderer"
    JSON = "json", "json_format", "JsonRenderer"


FORMATTERS: Formatters[DiffFormat, DiffRenderer] = Formatters(DiffFormat)
