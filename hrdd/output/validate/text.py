"""Plain text for terminals and logs: one line per finding, a summary per file, a total."""

from __future__ import annotations

from collections.abc import Sequence

from hrdd.diagnostics import Diagnostic, FileCounts, FileResult
from hrdd.output.validate.interface import Formatter

HINT_INDENT = "    "


def plural(count: int, word: str) -> str:
    """Return ``count`` with ``word``, adding an ``s`` unless the count is one."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def finding_line(diagnostic: Diagnostic) -> str:
    """Return ``path:line:col: severity rule-id message`` on one line."""
    message = " ".join(diagnostic.message.split())
    return (
        f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.severity.value} {diagnostic.rule} {message}"
    )


def finding_lines(diagnostic: Diagnostic) -> list[str]:
    """Return the finding's line, then its hint indented on the next line when it has one."""
    lines = [finding_line(diagnostic)]
    if diagnostic.hint:
        lines.append(f"{HINT_INDENT}hint: {' '.join(diagnostic.hint.split())}")
    return lines


def tally(result: FileResult) -> str:
    """Return ``N errors, N warnings`` for one file."""
    return f"{plural(result.errors, 'error')}, {plural(result.warnings, 'warning')}"


def file_summary(result: FileResult) -> str:
    """Return the summary line of one file; counts are left out when the file did not load."""
    counts = result.counts
    if counts == FileCounts():
        return f"{result.path}: {tally(result)}"
    return (
        f"{result.path}: {plural(counts.questions, 'question')}, "
        f"{plural(counts.areas, 'area')}, {plural(counts.mitigations, 'mitigation')}: "
        f"{tally(result)}"
    )


def total_summary(results: Sequence[FileResult], *, strict: bool) -> str:
    """Return the closing line: files checked, files failed, and all findings."""
    failed = sum(1 for r in results if r.failed(strict=strict))
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    line = (
        f"{plural(len(results), 'file')} checked: {failed} failed, "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    )
    return line + (" (--strict: warnings fail)" if strict and warnings else "")


class TextFormatter(Formatter):
    """Findings as ``path:line:col: severity rule-id message``, each hint on the next line."""

    def render(self, results: Sequence[FileResult], *, strict: bool) -> str:
        """Return findings, per-file summaries and the total, newline-terminated."""
        lines: list[str] = []
        for result in results:
            for diagnostic in sorted(result.diagnostics, key=Diagnostic.sort_key):
                lines.extend(finding_lines(diagnostic))
            lines.append(file_summary(result))
        lines.append(total_summary(results, strict=strict))
        return "\n".join(lines) + "\n"
