"""`--format markdown`: GitHub-flavoured Markdown tables, for pull requests and wikis."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from hrdd.output.score.interface import (
    AREA_HEADERS,
    PLAN_HEADERS,
    PORTFOLIO_HEADERS,
    ScoredFile,
    ScoreRenderer,
    area_row,
    explain_lines,
    plan_rows,
    portfolio_row,
    summary_lines,
)
from hrdd.safe_text import printable

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Return a Markdown table's lines; pipes inside cells are escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


class MarkdownRenderer(ScoreRenderer):
    """The same tables as `table`, in Markdown."""

    def stream_rated(
        self, files: Iterable[RatedFile], count: int, *, explain: bool
    ) -> Iterator[str]:
        """Yield the shared results view in Markdown, a file at a time."""
        from hrdd.output.results import markdown_chunks

        return markdown_chunks(files, count, explain=explain)

    def render(self, files: Sequence[ScoredFile], *, explain: bool) -> str:
        """Return the Markdown text."""
        lines: list[str] = []
        if len(files) > 1:
            lines += ["## Portfolio", ""]
            lines += markdown_table(PORTFOLIO_HEADERS, [portfolio_row(f) for f in files])
            lines.append("")
        for scored in files:
            if len(files) > 1 and not explain:
                continue
            title = printable(f"{_cell(scored.answers.organisation)} (`{scored.path}`)")
            lines += [f"## {title}", ""]
            rows = [area_row(scored, a) for a in scored.assessment.areas]
            lines += [*markdown_table(AREA_HEADERS, rows), ""]
            lines += [f"{line}  " for line in summary_lines(scored)]
            lines.append("")
            plan = plan_rows(scored)
            if plan:
                lines += ["### Mitigation plan", "", *markdown_table(PLAN_HEADERS, plan), ""]
            if explain:
                lines += ["### Drivers", "", "```text", *explain_lines(scored), "```", ""]
        return "\n".join(lines).rstrip("\n") + "\n"
