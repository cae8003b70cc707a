"""The portfolio table of `hrdd score DIR`: rich's table layout, drawn a row at a time.

A portfolio table is laid out as a rich ``Table`` (title, ``SIMPLE_HEAD`` box, columns
folding) but not rendered by rich's general renderer: over thousands of rows that renderer
made a segment for every word and held them all (about 2 s and 10 KB of memory a file). Here
rich picks the column widths, from one row that measures as every row together, and draws
the title, the header and the rule; the rows are then drawn here, each cell that fits as its
text padded to the column, each cell that does not folded at rich's own break offsets (on
plain strings for printable ASCII, through ``Text.wrap`` otherwise). The bytes are those of
``Console.print(table)`` (``tests/output/test_portfolio_table.py`` compares them).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

HEADERS = ("File", "Organisation", "Status", "Worst inherent", "Residual")
_PROBE = "\x00"
"""What the probe row shows: a character no cell holds (cells are printable text)."""
_ROWS_A_CHUNK = 500
_FOLDED_KEPT = 2_000
"""How many folded cells ``draw`` keeps for rows that repeat them (a status, a band)."""


class PortfolioTable:
    """The rows of a portfolio, kept as strings, with what each column needs to be laid out."""

    __slots__ = ("rows", "least", "most")

    def __init__(self) -> None:
        """Start with no rows."""
        self.rows: list[tuple[str, ...]] = []
        self.least = [0] * len(HEADERS)
        """Per column, the widest word of any cell: the column's least width."""
        self.most = [0] * len(HEADERS)
        """Per column, the widest cell: the width it takes when there is room."""

    def add(self, cells: tuple[str, ...]) -> None:
        """Keep one row of printable cells (no control characters) and measure it."""
        from rich.cells import cell_len

        least, most = self.least, self.most
        for n, text in enumerate(cells):
            # Measured as rich measures a Text (`Text.__rich_measure__`).
            widest = max(map(cell_len, text.splitlines()), default=0)
            word = max(map(cell_len, text.split()), default=widest)
            if word > least[n]:
                least[n] = word
            if widest > most[n]:
                most[n] = widest
        self.rows.append(cells)

    def draw(self, width: int) -> Iterator[str]:
        """Yield the table as ``Console(width=width).print(table)`` writes it, in pieces."""
        from rich.console import Console

        console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
        probe = [_Probe(least, most) for least, most in zip(self.least, self.most, strict=True)]
        out = io.StringIO()
        console.file = out
        console.print(_layout([probe]))
        frame = out.getvalue()
        widths = [p.width for p in probe]
        if any(w is None or w < 1 for w in widths):
            # A column squeezed to nothing: rich's renderer has its own ways there.
            yield _whole(self.rows, console)
            return
        cut = frame.index(_PROBE)
        head_end = frame.rindex("\n", 0, cut) + 1
        yield frame[:head_end]
        foot = frame[frame.index("\n", cut) + 1 :]
        content = [w for w in widths if w is not None]
        lines: list[str] = []
        folded: dict[str, list[str]] = {}
        for count, row in enumerate(self.rows, 1):
            lines += _row_lines(row, content, console, folded)
            if len(folded) > _FOLDED_KEPT:
                folded.clear()
            if count % _ROWS_A_CHUNK == 0:
                yield "".join(lines)
                lines = []
        yield "".join(lines) + foot


def _layout(rows: list[list[Any]]) -> Any:
    """Return the rich table of the portfolio holding ``rows``."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text("Portfolio"), title_justify="left", box=box.SIMPLE_HEAD)
    for header in HEADERS:
        table.add_column(Text(header), overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _whole(rows: list[tuple[str, ...]], console: Any) -> str:
    """Return the table rendered by rich's general renderer, for widths too narrow to draw."""
    from rich.text import Text

    out = io.StringIO()
    console.file = out
    console.print(_layout([[Text(c) for c in row] for row in rows]))
    return out.getvalue()


def _row_lines(
    row: tuple[str, ...], widths: list[int], console: Any, folded: dict[str, list[str]]
) -> list[str]:
    """Return one row's lines as rich draws them: cells padded by a space, top-aligned.

    ``folded`` keeps cells already folded, by column and text (read, never changed).
    """
    from rich.cells import cell_len

    cells: list[list[str]] = []
    for column, (text, width) in enumerate(zip(row, widths, strict=True)):
        # Printable ASCII is one cell a character: `len` is rich's `cell_len`, faster.
        used = len(text) if text.isascii() and text.isprintable() else cell_len(text)
        # rich trims trailing spaces by characters, not cells: a text with more characters
        # than columns (combining accents) goes through its wrap even when it fits.
        if used <= width and len(text) <= width:
            cells.append([text + " " * (width - used)])
        else:
            key = f"{column}\x00{text}"
            lines = folded.get(key)
            if lines is None:
                lines = folded[key] = _wrapped(text, width, console)
            cells.append(lines)
    height = max(map(len, cells))
    lines = []
    for n in range(height):
        parts = [c[n] if n < len(c) else " " * w for c, w in zip(cells, widths, strict=True)]
        lines.append("  " + "   ".join(parts) + "  \n")
    return lines


def _wrapped(text: str, width: int, console: Any) -> list[str]:
    """Return a cell too wide for its column, folded by rich and padded to ``width``."""
    from rich.cells import cell_len
    from rich.text import Text

    if text.isascii() and text.isprintable():
        return _wrapped_ascii(text, width)
    lines = Text(text).wrap(console, width, justify="left", overflow="fold")
    shown = []
    for line in lines:
        plain = line.plain
        shown.append(plain + " " * (width - cell_len(plain)))
    return shown


def _wrapped_ascii(text: str, width: int) -> list[str]:
    """Return ``_wrapped``'s lines for printable ASCII text, without building rich ``Text``s.

    What ``Text.wrap`` does to one line, on plain strings: every character is one cell and
    the only whitespace is the space, so its cell arithmetic is ``len`` and its trailing
    whitespace ``rstrip(" ")``. The break offsets are rich's own (``divide_line``). About
    ten times faster than building a ``Text`` for every cell (most paths and names wrap).
    """
    from rich._wrap import divide_line

    offsets = divide_line(text, width, fold=True)
    shown = []
    for start, end in zip([0, *offsets], [*offsets, len(text)], strict=True):
        line = text[start:end]
        excess = len(line) - width
        if excess > 0:
            # `Text.rstrip_end`: crop trailing spaces, no more than the excess.
            spaces = len(line) - len(line.rstrip(" "))
            if spaces:
                line = line[: len(line) - min(spaces, excess)]
        # `Lines.justify("left")`: cropped to the width, or padded to it.
        shown.append(line[:width].ljust(width))
    return shown


class _Probe:
    """A cell that measures as a whole column does, and notes the width rich gives it."""

    __slots__ = ("least", "most", "width")

    def __init__(self, least: int, most: int) -> None:
        self.least = least
        self.most = most
        self.width: int | None = None

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement(self.least, self.most)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment

        self.width = options.max_width
        yield Segment(_PROBE)
