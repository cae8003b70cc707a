"""`--format table`: rich tables for a terminal (plain text, no colour codes)."""

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

WIDTH = 120


def terminal_width() -> int:
    """Return the terminal's width in columns (``COLUMNS`` when set; 80 when unknown)."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


class TableRenderer(ScoreRenderer):
    """One table of areas per file (or one row per file for several), then the plan."""

    def stream_rated(
        self, files: Iterable[RatedFile], count: int, *, explain: bool
    ) -> Iterator[str]:
        """Yield the shared results view, laid out for the terminal's width, a file at a time."""
        from hrdd.output.results import table_chunks

        return table_chunks(files, count, explain=explain, width=terminal_width())

    def render(self, files: Sequence[ScoredFile], *, explain: bool) -> str:
        """Return the tables as text."""
        import io

        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        out = io.StringIO()
        console = Console(file=out, width=WIDTH, color_system=None, highlight=False)

        def table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
            # Organisation names, titles and answers are data: rich must not read `[...]` in
            # them as markup (a stray `[/]` would otherwise crash the command).
            grid = Table(title=Text(title), title_justify="left")
            for header in headers:
                grid.add_column(Text(header))
            for row in rows:
                grid.add_row(*(Text(cell) for cell in row))
            console.print(grid)

        if len(files) > 1:
            table("Portfolio", PORTFOLIO_HEADERS, [portfolio_row(f) for f in files])
        for scored in files:
            if len(files) > 1 and not explain:
                continue
            title = printable(f"{scored.answers.organisation} ({scored.path})")
            table(title, AREA_HEADERS, [area_row(scored, a) for a in scored.assessment.areas])
            for line in summary_lines(scored):
                console.print(line, markup=False)
            rows = plan_rows(scored)
            if rows:
                table("Mitigation plan (! = priority area)", PLAN_HEADERS, rows)
            if explain:
                console.print("Drivers:", markup=False)
                for line in explain_lines(scored):
                    console.print(line, markup=False, soft_wrap=True)
        return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())
