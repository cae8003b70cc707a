"""GitHub Actions workflow commands: each finding becomes an annotation on the file and line."""

from __future__ import annotations

from collections.abc import Sequence

from hrdd.diagnostics import Diagnostic, FileResult
from hrdd.output.validate.interface import Formatter
from hrdd.safe_text import printable


def escape_data(value: str) -> str:
    """Escape a command's message as GitHub's toolkit does: ``%``, CR and LF."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: as a message, plus ``:`` and ``,`` which delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(diagnostic: Diagnostic) -> str:
    """Return ``::error file=...,line=...,col=...,title=rule-id::message`` for one finding."""
    properties = {
        "file": printable(diagnostic.path),
        "line": str(diagnostic.line),
        "col": str(diagnostic.column),
        "title": diagnostic.rule,
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = diagnostic.message
    if diagnostic.hint:
        message = f"{message}\nhint: {diagnostic.hint}"
    # CR and LF are escaped by the workflow-command syntax itself (%0D, %0A).
    shown = escape_data("\r".join(printable(part, newlines=True) for part in message.split("\r")))
    return f"::{diagnostic.severity.value} {joined}::{shown}"


class GitHubFormatter(Formatter):
    """One ``::error`` or ``::warning`` workflow command per finding, nothing else."""

    def render(self, results: Sequence[FileResult], *, strict: bool) -> str:
        """Return the workflow commands, one per line; empty when there are no findings."""
        lines = [command(d) for result in results for d in result.findings]
        return "".join(line + "\n" for line in lines)
