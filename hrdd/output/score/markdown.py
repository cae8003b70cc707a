"""`--format markdown`: GitHub-flavoured Markdown tables, for pull requests and wikis."""

from __future__ import annotations

from collections.abc import Sequence
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

    def render_rated(self, files: Sequence[RatedFile], *, explain: bool) -> str:
        """Return the shared results view in Markdown."""
        from hrdd.output.results import markdown_text

        return markdown_text(files, explain=explain)

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
            lines += [f"## {_cell(scored.answers.organisation)} (`{scored.path}`)", ""]
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
