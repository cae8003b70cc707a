"""Output formats of `hrdd validate`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from enum import StrEnum
from typing import cast

from hrdd.output.registry import load_formatter
from hrdd.output.validate.interface import Formatter

__all__ = ["Formatter", "OutputFormat"]


class OutputFormat(StrEnum):
    """The ``--format`` choices; each member maps to exactly one formatter."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"

    def formatter(self) -> Formatter:
        """Return the formatter that renders this format."""
        return cast(Formatter, load_formatter(__name__, FORMATTERS[self]))


# Module and class of each format, imported only when chosen (see hrdd.output.registry).
FORMATTERS: dict[OutputFormat, tuple[str, str]] = {
    OutputFormat.TEXT: ("text", "TextFormatter"),
    OutputFormat.JSON: ("json_format", "JsonFormatter"),
    OutputFormat.GITHUB: ("github", "GitHubFormatter"),
    OutputFormat.SARIF: ("sarif", "SarifFormatter"),
    OutputFormat.JUNIT: ("junit", "JUnitFormatter"),
}
