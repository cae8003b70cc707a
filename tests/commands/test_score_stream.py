"""`hrdd score DIR` streams: one file read, scored and printed at a time, none kept."""

from __future__ import annotations

import gc
import io
import json
import os
import tracemalloc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdd.cli import run
from hrdd.commands.score import Library, Portfolio, collect_answer_files, score_files
from hrdd.output.results import (
    RatedFile,
    file_json,
    markdown_lines,
    portfolio_cells,
    results_renderables,
)
from hrdd.output.score import FORMATTERS, ScoreFormat
from hrdd.safe_text import json_safe, printable
from tests.conftest import REPO, case_answers_file

V2 = REPO / "questionnaires" / "decree-368.yaml"
TEST_CASES = REPO / "questionnaires" / "decree-368.tests"
WIDTH = 100


@pytest.fixture
def cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return `cases`, a folder of every bundled test case as an answers file (cwd: its parent).

    Paths in the output are then relative and the same on every machine.
    """
    folder = tmp_path / "cases"
    folder.mkdir()
    for case in sorted(TEST_CASES.glob("*.yaml")):
        case_answers_file(case, folder / case.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    return Path("cases")


def _whole(fmt: ScoreFormat, files: list[RatedFile], *, explain: bool) -> str:
    """Return the output as it was written before streaming: every file first, then the text.

    Written out here, independently of the pieces the renderers yield now.
    """
    if fmt is ScoreFormat.JSON:
        data = {"format": 2, "files": [file_json(f) for f in files]}
        return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
    if fmt is ScoreFormat.MARKDOWN:
        lines: list[str] = []
        if len(files) > 1:
            lines += ["## Portfolio", ""]
            lines.append("| File | Organisation | Status | Worst inherent | Residual |")
            lines.append("| --- | --- | --- | --- | --- |")
            for f in files:
                cells = [c.replace("|", "\\|") for c in portfolio_cells(f)]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
            if not explain:
                return "\n".join(lines).rstrip("\n") + "\n"
        for f in files:
            lines += markdown_lines(f, explain=explain)
        return "\n".join(lines).rstrip("\n") + "\n"
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=WIDTH, color_system=None, highlight=False)
    if len(files) > 1:
        grid = Table(title=Text("Portfolio"), title_justify="left", box=box.SIMPLE_HEAD)
        for header in ("File", "Organisation", "Status", "Worst inherent", "Residual"):
            grid.add_column(Text(header), overflow="fold")
        for f in files:
            grid.add_row(*(Text(c) for c in portfolio_cells(f)))
        console.print(grid)
    if len(files) == 1 or explain:
        for f in files:
            console.print(results_renderables(f, explain=explain))
    return "".join(printable(line.rstrip()) + "\n" for line in out.getvalue().splitlines())


@pytest.mark.parametrize("fmt", list(ScoreFormat))
@pytest.mark.parametrize("explain", [False, True])
def test_streamed_output_is_the_whole_output_byte_for_byte(
    cases: Path, fmt: ScoreFormat, explain: bool, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    flags = ["--explain"] if explain else []
    for target in (cases, cases / "ride-hailing.yaml"):
        assert run(["score", str(target), "-q", str(V2), "--format", fmt.value, *flags]) == 0
        streamed = capsysbinary.readouterr().out.decode("utf-8")
        whole = _whole(fmt, score_files([target], V2).rated, explain=explain)
        assert streamed == whole
    # The pieces are real pieces: a portfolio's JSON comes one file at a time.
    if fmt is ScoreFormat.JSON:
        portfolio = Portfolio(collect_answer_files([cases]), Library(explicit=V2))
        pieces = list(FORMATTERS.formatter(fmt).stream_rated(portfolio, 17, explain=False))
        assert len(pieces) == len(list(cases.glob("*.yaml"))) + 1


def test_a_portfolio_row_says_what_the_results_view_says(cases: Path) -> None:
    """The row is computed without the results view, with the view's words for the same file."""
    rated = score_files([cases], V2).rated
    assert len(rated) == len(list(cases.glob("*.yaml")))
    seen = set()
    for f in rated:
        view = f.view
        first = (view.top or view.impacts)[0] if view.rated and view.impacts else None
        status = "complete" if not view.unanswered else f"incomplete ({view.unanswered} unanswered)"
        expected = (
            f.path,
            view.organisation,
            status,
            first.inherent if first else "not rated",
            first.residual if first else "not rated",
        )
        assert portfolio_cells(f) == expected
        seen.add(expected[3])
    # The cases reach a range, a single band and no rating at all.
    assert "not rated" in seen and any(" to " in band for band in seen), seen


def test_a_file_that_fails_is_reported_and_the_rest_are_scored(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = cases / "b-broken.yaml"
    broken.write_text("format: 1\nquestionnaire: [\n", encoding="utf-8")
    typo = cases / "c-typo.yaml"
    text = (cases / "ride-hailing.yaml").read_text(encoding="utf-8")
    typo.write_text(text.replace("  has_entity:", "  has_entitty:"), encoding="utf-8")
    assert run(["score", str(cases), "-q", str(V2), "--format", "markdown"]) == 2
    out, err = capsys.readouterr()
    rows = [line for line in out.splitlines() if line.startswith("| cases/")]
    assert len(rows) == len(list(cases.glob("*.yaml"))) - 2
    assert "b-broken" not in out and "c-typo" not in out
    assert "cases/b-broken.yaml:3:1: error yaml-syntax" in err
    assert "`has_entitty` is not a question of `decree_368`" in err
    total = len(list(cases.glob("*.yaml")))
    assert err.rstrip().endswith(
        f"hrdd: error: 2 of {total} answers files could not be scored (their errors are above); "
        "the others were scored"
    )
    assert "Traceback" not in err


def test_when_no_file_can_be_scored_nothing_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").write_text("format: 1\nquestionnaire: [\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("- not\n- answers\n", encoding="utf-8")
    assert run(["score", str(tmp_path), "-q", str(V2), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "a.yaml:3:1" in err and "b.yaml:1:1" in err
    assert "no answers file could be scored (2; errors above)" in err


def test_hostile_entries_in_a_folder_fail_alone(
    cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(cases / "a-fifo.yaml")  # reading it would hang: it must be refused, not opened
    (cases / "d-null.yaml").symlink_to(os.devnull)
    (cases / "e-loop.yaml").symlink_to("f-loop.yaml")
    (cases / "f-loop.yaml").symlink_to("e-loop.yaml")
    odd = cases / "g-odd.yaml"
    case_answers_file(TEST_CASES / "ride-hailing.yaml", odd, "\x1b[31mRed[/] | <b>x</b>\u202e")
    assert run(["score", str(cases), "-q", str(V2), "--format", "table"]) == 2
    out, err = capsys.readouterr()
    assert "a-fifo.yaml:1:1: error file-unreadable" in err
    assert "d-null.yaml:1:1: error file-unreadable" in err
    assert "e-loop.yaml:1:1: error file-unreadable" in err
    assert "\x1b" not in out and "\\x1b[31mRed[/]" in out.replace("\n", "")
    assert f"4 of {len(list(cases.glob('*.yaml')))} answers files could not be scored" in err


def _copies(folder: Path, count: int) -> list[Path]:
    """Return ``count`` answers files in ``folder``: the bundled cases in turn, renamed."""
    seeds = sorted(TEST_CASES.glob("*.yaml"))
    for n in range(count):
        case_answers_file(seeds[n % len(seeds)], folder / f"{n:04d}.yaml", f"Client {n}")
    return sorted(folder.glob("*.yaml"))


def test_no_result_outlives_its_turn(tmp_path: Path) -> None:
    """Scoring a folder keeps at most the file being printed alive, however many there are."""
    found = _copies(tmp_path, 60)
    portfolio = Portfolio(found, Library(explicit=V2))
    alive: list[weakref.ref[RatedFile]] = []
    most = 0

    def watched() -> Iterator[RatedFile]:
        nonlocal most
        for rated in portfolio:
            gc.collect()
            most = max(most, sum(ref() is not None for ref in alive))
            alive.append(weakref.ref(rated))
            yield rated

    for fmt in (ScoreFormat.JSON, ScoreFormat.MARKDOWN):
        alive.clear()
        for _ in FORMATTERS.formatter(fmt).stream_rated(watched(), len(found), explain=False):
            pass
        assert len(alive) == len(found)
        assert most <= 1, f"{most} earlier results still alive with {fmt.value}"


def test_memory_does_not_grow_with_the_number_of_files(tmp_path: Path) -> None:
    """Memory in use between files stays level once the first files have filled the memos."""
    found = _copies(tmp_path, 64)
    portfolio = Portfolio(found, Library(explicit=V2))
    in_use: list[int] = []

    def watched() -> Iterator[RatedFile]:
        for rated in portfolio:
            in_use.append(tracemalloc.get_traced_memory()[0])
            yield rated

    tracemalloc.start()
    try:
        for _ in FORMATTERS.formatter(ScoreFormat.JSON).stream_rated(
            watched(), len(found), explain=False
        ):
            pass
    finally:
        tracemalloc.stop()
    growth = max(in_use[16:]) - in_use[16]
    # Keeping each result (its answers, view and records) would add about 60 KB a file here,
    # 3 MB over the last 48 files; what remains is noise of a few hundred KB.
    assert growth < 1_500_000, growth


def test_a_portfolio_table_makes_no_plan(
    cases: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The portfolio table shows bands and status only: no file's plan, areas or scenarios
    in words are made.

    The same run with JSON, which prints them all, makes each file's whole result once.
    """
    from hrdd.scoring.impacts.engine import RiskEngine

    made: list[str] = []

    def counted(name: str) -> None:
        original = getattr(RiskEngine, name)

        def wrapper(self: RiskEngine, *args: object) -> object:
            made.append(name)
            return original(self, *args)

        monkeypatch.setattr(RiskEngine, name, wrapper)

    counted("_finish")
    counted("_written")
    found = collect_answer_files([cases])
    assert run(["score", str(cases), "-q", str(V2)]) == 0
    table = capsys.readouterr().out
    assert "Portfolio" in table and made == []
    assert run(["score", str(cases), "-q", str(V2), "--format", "json"]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    assert sorted(made) == ["_finish"] * len(found) + ["_written"] * len(found)
    assert len(files) == len(found)
    assert all(f["result"]["plan"] for f in files if f["result"]["rated"])
    assert all(i["scenarios"] for f in files for i in f["result"]["impacts"])


def test_a_draft_gives_the_same_result_as_scoring(cases: Path) -> None:
    """`RiskModel.rate` then `result()` is `RiskModel.score`, and is made once."""
    from hrdd.scoring.impacts.engine import ImpactBands

    library = Library(explicit=V2)
    model = library.scorer(V2)
    from hrdd.answers.model import load_answers

    for path in collect_answer_files([cases]):
        answers, _ = load_answers(path)
        draft = model.rate(answers, rank_gaps=True)
        whole = model.score(answers, rank_gaps=True)
        assert [ImpactBands.of(i) for i in whole.impacts] == list(draft.bands)
        assert draft.impacts == whole.impacts
        assert (draft.rated, draft.headline, draft.unanswered, draft.dont_know) == (
            whole.rated,
            whole.headline,
            whole.unanswered,
            whole.dont_know,
        )
        assert draft.result() == whole
        assert draft.result() is draft.result()
