"""Output formats of `hrdd diff`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, cast

from hrdd.output.registry import load_formatter

if TYPE_CHECKING:
    from hrdd.output.diff.interface import DiffRenderer

__all__ = ["DiffFormat"]


class DiffFormat(StrEnum):
    """The ``--format`` choices of `hrdd diff`; each maps to exactly one renderer."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"

    def formatter(self) -> DiffRenderer:
        """Return the renderer of this format."""
        from hrdd.output.diff.interface import DiffRenderer

        return cast(DiffRenderer, load_formatter(__name__, FORMATTERS[self]))


# Module and class of each format, imported only when chosen (see hrdd.output.registry).
FORMATTERS: dict[DiffFormat, tuple[str, str]] = {
    DiffFormat.TEXT: ("text", "TextRenderer"),
    DiffFormat.MARKDOWN: ("markdown", "MarkdownRenderer"),
    DiffFormat.JSON: ("json_format", "JsonRenderer"),
}
