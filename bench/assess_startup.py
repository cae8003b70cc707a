"""Benchmark how long `hrdd assess` takes to show its first question, against `hrdd validate`.

Run from the repository root, in the environment hrdd is installed in:

    python -m bench.assess_startup                 # default runs, prints the tables
    python -m bench.assess_startup --json          # also writes bench/results/assess_startup.json
    python -m bench.assess_startup --runs 5 --questionnaire my.yaml

`hrdd assess` runs in a pseudo-terminal (80x24, TERM=xterm) started by pexpect; the clock
stops when the first question's footer line is on screen, so the figure is what a user
waits for. `hrdd validate` on the same questionnaire is the baseline: both parse the
questionnaire once, and assess also imports the prompt toolkit and writes the answers file.
Rounds are interleaved as in bench.common. Exit status 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

from bench.common import (
    REPO_ROOT,
    Target,
    Timing,
    finish,
    tool,
)

TARGETS = (Target("hrdd assess: first question", "hrdd validate", 1.5),)
FOOTER = "F1/? help"


def time_assess(hrdd: list[str], questionnaire: Path, folder: Path) -> float:
    """Start `hrdd assess` on a new answers file; return seconds until the first question."""
    answers = folder / "answers.yaml"
    answers.unlink(missing_ok=True)
    env = {**os.environ, "TERM": "xterm", "PYTHONPATH": str(REPO_ROOT)}
    env.pop("NO_COLOR", None)
    start = time.perf_counter()
    child = pexpect.spawn(
        hrdd[0],
        [
            *hrdd[1:],
            "assess",
            str(questionnaire),
            "--answers",
            str(answers),
            "--org",
            "Bench",
            "--respondent",
            "Bench",
        ],
        cwd=str(folder),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=60,
    )
    try:
        child.expect_exact(FOOTER)  # the "Keys:" line printed before the first question
        child.expect_exact(FOOTER)  # the footer under the first question
        elapsed = time.perf_counter() - start
        child.send("\x03")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    return elapsed


def time_validate(hrdd: list[str], questionnaire: Path) -> float:
    """Run `hrdd validate` once; return its wall-clock seconds."""
    start = time.perf_counter()
    subprocess.run(
        [*hrdd, "validate", str(questionnaire)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Time both commands in interleaved rounds, print the tables; 1 when the target is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.assess_startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command")
    parser.add_argument(
        "--questionnaire", type=Path, default=None, help="default: the bundled questionnaire"
    )
    parser.add_argument(
        "--json",
        nargs="?",
        const="",
        metavar="PATH",
        help="also write the results as JSON (default bench/results/assess_startup.json)",
    )
    args = parser.parse_args(argv)
    hrdd = tool("hrdd", module="hrdd")
    if args.questionnaire is None:
        from hrdd.catalog import default_questionnaire

        questionnaire = default_questionnaire()
    else:
        questionnaire = args.questionnaire
    samples: dict[str, list[float]] = {"hrdd assess: first question": [], "hrdd validate": []}
    with tempfile.TemporaryDirectory(prefix="hrdd-bench-") as tmp:
        folder = Path(tmp)
        for round_no in range(args.runs + 1):  # round 0 warms the caches and is not counted
            label = "warm-up" if round_no == 0 else f"run {round_no}/{args.runs}"
            print(f"  {label}", file=sys.stderr, flush=True)
            assess = time_assess(hrdd, questionnaire, folder)
            validate = time_validate(hrdd, questionnaire)
            if round_no:
                samples["hrdd assess: first question"].append(assess)
                samples["hrdd validate"].append(validate)
    argv_of = {
        "hrdd assess: first question": (*hrdd, "assess", str(questionnaire)),
        "hrdd validate": (*hrdd, "validate", str(questionnaire)),
    }
    timings = {name: Timing(name, argv_of[name], tuple(s)) for name, s in samples.items()}
    extra = {"questionnaire": str(questionnaire)}
    return finish("assess_startup", timings, TARGETS, extra, args.json)


if __name__ == "__main__":
    sys.exit(main())
