"""Every benchmark under bench/ still runs: the smallest input each takes, end to end.

A benchmark is run by hand, rarely; one that broke (a moved import, a renamed option) would
go unnoticed until someone needs its numbers. Each runs here on a tiny input: exit 0 (every
target met) or 1 (a target missed, said in its table), never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

slow = pytest.mark.slow

# The smallest options of each benchmark, and no --json: nothing is written into the repository.
BENCHMARKS = [
    pytest.param("score_impacts", ["--files", "3", "--rounds", "1"], id="score_impacts"),
    pytest.param(
        "portfolio",
        ["--files", "3", "--rounds", "1", "--warmup", "0"],
        id="portfolio",
        marks=slow,
    ),
    pytest.param(
        "score", ["--files", "3", "--rounds", "1", "--repeat", "1"], id="score", marks=slow
    ),
    pytest.param("report", ["--runs", "1"], id="report", marks=slow),
    pytest.param(
        "validate",
        ["--runs", "1", "--dir-runs", "1", "--files", "3"],
        id="validate",
        marks=slow,
    ),
    pytest.param("assess_startup", ["--runs", "1"], id="assess_startup", marks=slow),
]


def test_every_benchmark_module_is_listed() -> None:
    modules = {p.stem for p in (REPO / "bench").glob("*.py")} - {"__init__", "common"}
    assert modules == {p.values[0] for p in BENCHMARKS}


@pytest.mark.parametrize(("module", "options"), BENCHMARKS)
def test_the_benchmark_runs_on_a_tiny_input(module: str, options: list[str]) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", *options],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    shown = f"exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    assert "Traceback" not in done.stderr, shown
    assert done.returncode in (0, 1), shown
    # It got as far as judging its targets, and a missed target is what its exit 1 means
    # (some benchmarks print a wall-time table beside the CPU-time one that decides).
    last_cells = [line.rstrip(" |").rsplit("|", 1)[-1].strip() for line in done.stdout.splitlines()]
    results = [cell for cell in last_cells if cell in ("PASS", "MISS")]
    assert results, shown
    assert ("MISS" if done.returncode else "PASS") in results, shown
