"""`hrdd score` and the end of `hrdd assess` for format-2 questionnaires (the risk model).

One results view (`hrdd.report.results`) rendered as a terminal table laid out for the
terminal's width, as Markdown, or as JSON; impacts and the plan in the one ranking.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from hrdd.answers.model import Answers
from hrdd.report.results import (
    INHERENT_SENTENCE,
    RESIDUAL_SENTENCE,
    ImpactView,
    ResultsView,
    mid_sentence,
    results_view,
    worst_bands,
)
from hrdd.safe_text import json_safe, printable
from hrdd.scoring.impacts.engine import Draft
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.result import Result

JSON_FORMAT_VERSION = 2
MIN_WIDTH = 40


@dataclass(frozen=True)
class RatedFile:
    """One answers file with its format-2 questionnaire and the engine's result."""

    path: str
    answers: Answers
    questionnaire: RiskQuestionnaire
    draft: Draft
    """The impacts rated; their scenarios in words, the plan and the areas are made when
    `result` is first read (a portfolio row shows none of them)."""

    @cached_property
    def result(self) -> Result:
        """Return the engine's whole result, made once."""
        return self.draft.result()

    @cached_property
    def view(self) -> ResultsView:
        """Return the results in words, built once."""
        return results_view(self.questionnaire, self.result, self.answers)


def status(rated: RatedFile) -> str:
    """Return `complete` or `incomplete (N unanswered)`."""
    n = len(rated.draft.unanswered)
    return "complete" if n == 0 else f"incomplete ({n} unanswered)"


def impact_fields(impact: ImpactView) -> list[tuple[str, str]]:
    """Return an impact's fields under its title: bands, worst scenario, main reasons."""
    fields = [("Rating", f"{impact.inherent} -> {impact.residual}")]
    fields.append(
        ("Worst scenario", f"through {mid_sentence(impact.path)}, reaching {impact.reaches}")
    )
    if impact.reasons:
        fields.append(("Main reasons", "; ".join(impact.reasons)))
    if impact.gaps:
        fields.append(("Not known yet", "; ".join(impact.gaps)))
    return fields


def _fields(fields: list[tuple[str, str]]) -> Any:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in fields:
        grid.add_row(Text(name), Text(value))
    return grid


def _explained(impact: ImpactView) -> Any:
    from rich.padding import Padding
    from rich.text import Text

    return Padding(Text("\n".join(explain_lines(impact))), (0, 0, 0, 2))


def explain_lines(impact: ImpactView) -> list[str]:
    """Return every scenario of an impact with its vectors and drivers."""
    lines: list[str] = []
    for s in impact.scenarios:
        who = " (people at risk)" if s.at_risk else ""
        lines.append(f"{s.id}{who}: through {mid_sentence(s.path)}, reaching {s.reaches}")
        lines.append(f"  inherent {s.inherent}: {s.inherent_vector}")
        lines.append(f"  residual {s.residual}: {s.residual_vector}")
        lines.append(f"  involvement: {s.involvement}")
        lines.append("  drivers: " + "; ".join(s.drivers))
    return lines


# --- table ----------------------------------------------------------------------------------


def table_text(files: Sequence[RatedFile], *, explain: bool, width: int) -> str:
    """Return the terminal view of every file, no line longer than ``width``."""
    return "".join(table_chunks(files, len(files), explain=explain, width=width))


def table_chunks(
    files: Iterable[RatedFile], count: int, *, explain: bool, width: int
) -> Iterator[str]:
    """Yield the terminal view of ``count`` files piece by piece, as `table_text` writes it.

    One file's view is yielded as soon as it is made. A portfolio (``count`` over 1) starts
    with a table whose column widths depend on every row: only its cells are kept until the
    last file, and with ``explain`` the files are read a second time for their views.
    """
    import io

    from rich.console import Console

    width = max(MIN_WIDTH, width)

    def printed(renderable: Any) -> str:
        out = io.StringIO()
        Console(file=out, width=width, color_system=None, highlight=False).print(renderable)
        return _lines(out.getvalue())

    if count > 1:
        from hrdd.output.portfolio_table import PortfolioTable

        table = PortfolioTable()
        for f in files:
            table.add(tuple(printable(c) for c in portfolio_cells(f)))
        for piece in table.draw(width):
            yield _lines(piece)
        if not explain:
            return
    for f in files:
        yield printed(results_renderables(f, explain=explain))


def portfolio_cells(rated: RatedFile) -> tuple[str, str, str, str, str]:
    """Return one file's row of the portfolio: path, organisation, status, worst bands."""
    # Only the two bands the row shows, not the whole results view (titles, plan, scenarios).
    inh, res = worst_bands(rated.questionnaire, rated.draft.rated, rated.draft.bands)
    return (rated.path, rated.answers.organisation, status(rated), inh, res)


def results_renderables(rated: RatedFile, *, explain: bool) -> Any:
    """Return the rich renderables of one file's results: the shared results view."""
    from rich import box
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    view = rated.view
    # Escaped before rich sees it: rich drops a bell or a carriage return silently.
    parts: list[Any] = [Text(printable(f"Results: {view.organisation} ({rated.path})"))]
    parts.append(Text(f"Headline: {view.headline}"))
    if not view.rated:
        parts.append(Text("No path to people is open; one would open if:"))
        parts += [Padding(Text(line), (0, 0, 0, 2)) for line in view.would_open]
    else:
        parts.append(Text(view.legend))
        parts.append(Text(INHERENT_SENTENCE))
        parts.append(Text(RESIDUAL_SENTENCE))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for n, impact in enumerate(view.impacts, 1):
            grid.add_row(Text(f"{n}."), Text(impact.title))
            grid.add_row(Text(""), _fields(impact_fields(impact)))
            if explain:
                grid.add_row(Text(""), _explained(impact))
        parts.append(Text(""))
        parts.append(Text("Impacts on people, worst first:"))
        parts.append(grid)
    if view.plan:
        plan = Table(title=Text("Plan, in order"), title_justify="left", box=box.SIMPLE_HEAD)
        plan.add_column(Text("#"), no_wrap=True)
        plan.add_column(Text("Step"), ratio=1, overflow="fold")
        plan.add_column(Text("Kind"), no_wrap=True)
        plan.add_column(Text("When"), no_wrap=True)
        plan.add_column(Text("Status"), no_wrap=True)
        plan.add_column(Text("Owner"), max_width=16, overflow="fold")
        for item in view.plan:
            title = item.title + (" (declined: risk remains)" if item.declined else "")
            cells = (str(item.number), title, item.kind, item.horizon, item.status, item.owner)
            plan.add_row(*(Text(c) for c in cells))
        parts.append(plan)
    if view.gaps:
        parts.append(Text("Data gaps (answered don't know; rated at their riskiest value):"))
        parts += [Padding(Text(g), (0, 0, 0, 2)) for g in view.gaps]
    if view.unanswered:
        parts.append(Text(f"Unanswered: {view.unanswered} applicable questions"))
    return Group(*parts)


def _lines(text: str) -> str:
    # Names and titles come from files: control characters in them are shown as escapes.
    return "".join(printable(line.rstrip()) + "\n" for line in text.splitlines())


# --- markdown -------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _inert(text: str) -> str:
    from hrdd.report.markdown_escape import escape_inline

    return escape_inline(printable(text))


def markdown_text(files: Sequence[RatedFile], *, explain: bool) -> str:
    """Return the Markdown view of every file."""
    return "".join(markdown_chunks(files, len(files), explain=explain))


def markdown_chunks(files: Iterable[RatedFile], count: int, *, explain: bool) -> Iterator[str]:
    """Yield the Markdown view of ``count`` files piece by piece, as `markdown_text` writes it.

    Each portfolio row and each file's section is yielded as soon as it is made; with
    ``explain`` a portfolio reads the files a second time for their sections.
    """
    out = _Trimmed()
    if count > 1:
        yield out.lines(
            ["## Portfolio", "", "| File | Organisation | Status | Worst inherent | Residual |"]
        )
        yield out.lines(["| --- | --- | --- | --- | --- |"])
        for f in files:
            yield out.lines(
                ["| " + " | ".join(_cell(_inert(c)) for c in portfolio_cells(f)) + " |"]
            )
        yield out.lines([""])
        if not explain:
            yield out.end()
            return
    for f in files:
        yield out.lines(markdown_lines(f, explain=explain))
    yield out.end()


class _Trimmed:
    r"""Lines joined with line feeds, the trailing ones cut to one, written as they come.

    The pieces it returns add up to ``"\n".join(lines).rstrip("\n") + "\n"`` over every
    line given: line feeds at the end are held back until text follows them.
    """

    def __init__(self) -> None:
        self._started = False
        self._owed = ""

    def lines(self, lines: list[str]) -> str:
        if not lines:
            return ""
        text = ("\n" if self._started else "") + "\n".join(lines)
        self._started = True
        body = text.rstrip("\n")
        if not body:
            self._owed += text
            return ""
        shown = self._owed + body
        self._owed = text[len(body) :]
        return shown

    def end(self) -> str:
        return "\n"


def markdown_lines(f: RatedFile, *, explain: bool) -> list[str]:
    """Return one file's Markdown section: headline, impacts, plan, gaps, scenarios."""
    lines: list[str] = []
    view = f.view
    lines += [f"## {_inert(view.organisation)} (`{f.path}`)", ""]
    lines += [f"**Headline:** {_inert(view.headline)}", ""]
    if not view.rated:
        lines += ["No path to people is open; one would open if:", ""]
        lines += [f"- {_inert(line)}" for line in view.would_open]
        lines.append("")
    else:
        lines += [_inert(view.legend), "", INHERENT_SENTENCE, RESIDUAL_SENTENCE, ""]
        lines += [
            "| # | Impact | Inherent -> residual | Worst scenario | Main reasons |",
            "| --- | --- | --- | --- | --- |",
        ]
        for n, i in enumerate(view.impacts, 1):
            cells = (
                str(n),
                i.title,
                f"{i.inherent} -> {i.residual}",
                f"through {mid_sentence(i.path)}, reaching {i.reaches}",
                "; ".join(i.reasons),
            )
            lines.append("| " + " | ".join(_cell(_inert(c)) for c in cells) + " |")
        lines.append("")
    if view.plan:
        lines += ["### Plan, in order", "", "| # | Step | Kind | When | Status | Owner |"]
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for item in view.plan:
            title = item.title + (" (declined: risk remains)" if item.declined else "")
            row = (str(item.number), title, item.kind, item.horizon, item.status, item.owner)
            lines.append("| " + " | ".join(_cell(_inert(c)) for c in row) + " |")
        lines.append("")
    if view.gaps:
        lines += ["Data gaps (answered don't know; rated at their riskiest value):", ""]
        lines += [f"- {_inert(g)}" for g in view.gaps]
        lines.append("")
    if explain and view.rated:
        lines += ["### Scenarios", "", "```text"]
        for i in view.impacts:
            lines += explain_lines(i)
        lines += ["```", ""]
    return lines


# --- json -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "order"
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def json_text(files: Sequence[RatedFile]) -> str:
    """Return every result as stable JSON: keys in a fixed order, impacts and plan ranked."""
    return "".join(json_chunks(files))


def json_chunks(files: Iterable[RatedFile]) -> Iterator[str]:
    """Yield the JSON of `json_text` piece by piece: one element of ``files`` at a time.

    The pieces add up to ``json.dumps`` of the whole document with an indent of 2.
    """
    head = '{\n  "format": ' + json.dumps(JSON_FORMAT_VERSION) + ',\n  "files": ['
    first = True
    for f in files:
        element = json.dumps(file_json(f), indent=2, ensure_ascii=False)
        indented = "\n".join("    " + line for line in element.split("\n"))
        yield json_safe((head + "\n" if first else ",\n") + indented)
        first = False
    yield (head + "]\n}\n") if first else "\n  ]\n}\n"


def file_json(f: RatedFile) -> dict[str, Any]:
    """Return one file's element of the JSON output."""
    return {
        "path": f.path,
        "organisation": f.answers.organisation,
        "answered": f.answers.questionnaire.model_dump(mode="json"),
        "headline": f.view.headline,
        "top": [i.id for i in f.view.top],
        "plan_order": [item.id for item in f.view.plan],
        "result": _plain(f.result),
    }
