"""Output formats of `hrdd validate`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from enum import StrEnum
from importlib import import_module

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
        module, name = _FORMATTERS[self]
        formatter: type[Formatter] = getattr(import_module(f"hrdd.output.validate.{module}"), name)
        return formatter()


# Module and class of each format. A format's module is imported only when it is chosen, so
# the CLI's start-up (`hrdd --help`, plain-text `hrdd validate`) does not pay for the others.
_FORMATTERS: dict[OutputFormat, tuple[str, str]] = {
    OutputFormat.TEXT: ("text", "TextFormatter"),
    OutputFormat.JSON: ("json_format", "JsonFormatter"),
    OutputFormat.GITHUB: ("github", "GitHubFormatter"),
    OutputFormat.SARIF: ("sarif", "SarifFormatter"),
    OutputFormat.JUNIT: ("junit", "JUnitFormatter"),
}
