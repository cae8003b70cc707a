"""Output formats of `hrdd validate`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from enum import StrEnum

from hrdd.formats.github import GitHubFormatter
from hrdd.formats.interface import Formatter
from hrdd.formats.json_format import JsonFormatter
from hrdd.formats.junit import JUnitFormatter
from hrdd.formats.sarif import SarifFormatter
from hrdd.formats.text import TextFormatter

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
        return _FORMATTERS[self]()


_FORMATTERS: dict[OutputFormat, type[Formatter]] = {
    OutputFormat.TEXT: TextFormatter,
    OutputFormat.JSON: JsonFormatter,
    OutputFormat.GITHUB: GitHubFormatter,
    OutputFormat.SARIF: SarifFormatter,
    OutputFormat.JUNIT: JUnitFormatter,
}
