"""Output formats of `hrdd validate`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from hrdd.output.registry import FormatChoice, Formatters
from hrdd.output.validate.interface import Formatter

__all__ = ["FORMATTERS", "Formatter", "OutputFormat"]


class OutputFormat(FormatChoice):
    """The ``--format`` choices; each member maps to exactly one formatter."""

    TEXT = "text", "text", "TextFormatter"
    JSON = "json", "json_format", "JsonFormatter"
    GITHUB = "github", "github", "GitHubFormatter"
    SARIF = "sarif", "sarif", "SarifFormatter"
    JUNIT = "junit", "junit", "JUnitFormatter"


FORMATTERS: Formatters[OutputFormat, Formatter] = Formatters(OutputFormat)
