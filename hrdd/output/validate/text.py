"""Plain text for terminals and logs: one line per finding, a summary per file, a total."""

from __future__ import annotations

from collections.abc import Sequence

from hrdd.diagnostics import FileCounts, FileResult, format_finding
from hrdd.output.validate.interface import Formatter
from hrdd.safe_text import printable


def plural(count: int, word: str) -> str:
    """Return ``count`` with ``word``, adding an ``s`` unless the count is one."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def tally(result: FileResult) -> str:
    """Return ``N errors, N warnings`` for one file."""
    return f"{plural(result.errors, 'error')}, {plural(result.warnings, 'warning')}"


def file_summary(result: FileResult) -> str:
    """Return the summary line of one file; counts are left out when the file did not load."""
    counts = result.counts
    path = printable(result.path)
    if counts == FileCounts():
        return f"{path}: {tally(result)}"
    return (
        f"{path}: {plural(counts.questions, 'question')}, "
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
            lines.extend(map(format_finding, result.findings))
            lines.append(file_summary(result))
        lines.append(total_summary(results, strict=strict))
        return "\n".join(lines) + "\n"
