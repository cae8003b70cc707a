"""The portfolio table drawn a row at a time is byte for byte rich's rendering of it."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.output.portfolio_table import HEADERS, PortfolioTable
from hrdd.safe_text import printable


def _rich(rows: list[tuple[str, ...]], width: int) -> str:
    """Return what rich's general renderer writes for the same table."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    grid = Table(title=Text("Portfolio"), title_justify="left", box=box.SIMPLE_HEAD)
    for header in HEADERS:
        grid.add_column(Text(header), overflow="fold")
    for row in rows:
        grid.add_row(*(Text(c) for c in row))
    Console(file=out, width=width, color_system=None, highlight=False).print(grid)
    return out.getvalue()


def _drawn(rows: list[tuple[str, ...]], width: int) -> str:
    table = PortfolioTable()
    for row in rows:
        table.add(row)
    return "".join(table.draw(width))


ODD_ROWS = [
    ("cases/a.yaml", "Ride-hailing app", "complete", "High", "closed"),
    (
        "cases/" + "x" * 90 + ".yaml",
        "[bold]Markup[/] <b>x</b> & co",
        "incomplete (3 unanswered)",
        "High to Critical",
        "Low",
    ),
    ("", "", "", "", ""),
    ("п/файл.yaml", "Организация «Рога и копыта»", "complete", "Высокий", "закрыт"),
    ("客户/文件.yaml", "北京数据有限公司 北京数据有限公司北京数据有限公司", "complete", "高", "低"),
    ("e/🙂.yaml", "Emoji 🙂🙂🙂 inc.", "complete", "High", "Medium"),
    ("  lead.yaml", "trailing spaces   ", "  ", "a  b", " "),
    ("c/" + "\\x1b[31mRed" * 3, printable("\x1b[2J\u202ebidi\x07"), "x", "y", "z"),
    ("word " * 30, "a" * 200, "b " * 60, "Critical", "not rated"),
]


# Under 40 columns (hrdd never asks for that) some columns get no room: rich draws those.
@pytest.mark.parametrize("width", [8, 12, 16, 20, 40, 41, 57, 80, 100, 120, 200, 400])
def test_odd_rows_are_drawn_as_rich_draws_them(width: int) -> None:
    for count in range(len(ODD_ROWS) + 1):
        rows = ODD_ROWS[:count]
        assert _drawn(rows, width) == _rich(rows, width), (count, width)


def test_a_large_table_comes_in_pieces() -> None:
    rows = [(f"f/{n}.yaml", f"Client {n}", "complete", "High", "Low") for n in range(1_200)]
    table = PortfolioTable()
    for row in rows:
        table.add(row)
    pieces = list(table.draw(80))
    assert len(pieces) == 4  # the head, two chunks of 500 rows, the rest with the foot
    assert "".join(pieces) == _rich(rows, 80)


_CELL = st.text(
    alphabet=st.sampled_from(list("aAb yz-/.()[]<>&é漢🙂\u0301\u200b\xa0")),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(_CELL, _CELL, _CELL, _CELL, _CELL), max_size=6),
    width=st.integers(min_value=40, max_value=160),
)
def test_any_rows_are_drawn_as_rich_draws_them(rows: list[tuple[str, ...]], width: int) -> None:
    assert _drawn(rows, width) == _rich(rows, width)


_ASCII = st.text(alphabet=st.sampled_from(list("ab Z0-/.()_~")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=_ASCII, width=st.integers(min_value=1, max_value=30))
def test_ascii_cells_fold_as_rich_folds_them(text: str, width: int) -> None:
    from rich.console import Console
    from rich.text import Text

    from hrdd.output.portfolio_table import _wrapped_ascii

    console = Console(file=io.StringIO(), width=80, color_system=None)
    lines = Text(text).wrap(console, width, justify="left", overflow="fold")
    assert _wrapped_ascii(text, width) == [line.plain for line in lines]


def test_cells_folded_once_are_drawn_alike_in_every_row() -> None:
    # Rows that repeat a folded cell (a status, a band) share its lines.
    rows: list[tuple[str, ...]] = [
        (
            f"clients/{n:05d}-a-long-file-name.yaml",
            "Same Name Ltd",
            f"incomplete ({n % 3})",
            "x",
            "",
        )
        for n in range(2_600)
    ]
    assert _drawn(rows, 60) == _rich(rows, 60)
