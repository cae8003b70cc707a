"""Benchmark `hrdd score DIR` over a portfolio: whole-process peak memory and time.

Run from the repository root: ``python -m bench.portfolio [--files N] [--rounds R]``.
It generates ``N`` answers files (10,000 by default) for the bundled Decree 368 questionnaire,
seeded from its test cases and varied (other options, other numbers, some don't knows), then
times in interleaved rounds, after one warm-up round, two processes over the same folder:

- ``hrdd score DIR -q questionnaires/decree-368.yaml`` (the portfolio table), and
- a process that merely parses every file with ``yaml.CSafeLoader`` (libyaml).

Each process's peak resident memory and CPU time come from ``os.wait4`` (the kernel's
accounting of that one child). Targets: peak memory of `hrdd score` at most 150 MB, and its
median CPU time at most 1.25 x the parse's. CPU time is judged, not wall time: on a shared
machine wall time moves with the load on other processes (either process may wait for the
CPU), while CPU time is the work each does; the wall-time ratio is printed for reference.
Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.common import REPO_ROOT, machine

QUESTIONNAIRE = REPO_ROOT / "questionnaires" / "decree-368.yaml"
CASES = QUESTIONNAIRE.with_suffix(".tests")
PEAK_LIMIT_MB = 150.0
TIME_LIMIT = 1.25
NUMBERS = [0, 12, 250, 4_000, 60_000, 900_000, 3_500_000]

PARSE = """
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


@dataclass(frozen=True)
class Run:
    """One measured process: wall seconds, CPU seconds and peak resident memory in MB."""

    wall: float
    cpu: float
    peak_mb: float


def seeds() -> list[dict[str, Any]]:
    """Return the bundled test cases: each a name and its answers."""
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append({"name": data["name"], "answers": dict(data["answers"])})
    return found


def generate(count: int, folder: Path, seed: int = 368) -> int:
    """Write ``count`` valid answers files into ``folder``; return their total size in bytes.

    Each starts from a test case; one answer in six takes another value of its question (a
    number from a spread of sizes), one in twelve becomes a don't know where allowed. Answers
    to questions the new answers no longer ask are dropped, as the dialogue would.
    """
    from hrdd.questionnaire.loading import read_document, validate_model
    from hrdd.questionnaire.model import QuestionType
    from hrdd.scoring.impacts.format import RiskQuestionnaire
    from hrdd.scoring.impacts.index import RiskIndex
    from hrdd.values import DONT_KNOW

    doc, problems = read_document(QUESTIONNAIRE)
    if doc is None or problems:
        raise SystemExit(f"bench: cannot read {QUESTIONNAIRE}")
    q, found = validate_model(RiskQuestionnaire, doc)
    if q is None or found:
        raise SystemExit(f"bench: {QUESTIONNAIRE} is not valid")
    index = RiskIndex(q)
    rng = random.Random(seed)
    cases = seeds()
    total = 0
    for n in range(count):
        case = cases[n % len(cases)]
        values: dict[str, Any] = {}
        for qid, value in case["answers"].items():
            question = index.questions.get(qid)
            roll = rng.random()
            if question is None or roll >= 1 / 6:
                values[qid] = value
            elif roll < 1 / 12 and question.dont_know:
                values[qid] = DONT_KNOW
            elif question.type is QuestionType.NUMBER:
                values[qid] = rng.choice(NUMBERS)
            elif question.type is QuestionType.YES_NO:
                values[qid] = rng.choice(["yes", "no"])
            elif question.type is QuestionType.SINGLE:
                values[qid] = rng.choice([o.value for o in question.options])
            elif question.type is QuestionType.MULTI:
                options = [o.value for o in question.options]
                values[qid] = sorted(rng.sample(options, rng.randint(0, len(options))))
            else:
                values[qid] = value
        asked = _asked(index, values)
        data = {
            "format": 1,
            "questionnaire": {"id": q.id, "version": q.version, "hash": "sha256:" + "0" * 64},
            "organisation": f"{case['name']} ({n})",
            "created": "2026-01-15T09:00:00+00:00",
            "updated": "2026-01-15T12:00:00+00:00",
            "answers": {
                qid: {
                    "value": value,
                    "answered_by": "Compliance team",
                    "answered_at": "2026-01-15T10:00:00+00:00",
                }
                for qid, value in values.items()
                if qid in asked
            },
        }
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
        path = folder / f"client-{n:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def _asked(index: Any, values: dict[str, Any]) -> set[str]:
    """Return the questions asked with these answers (a don't know gates as its riskiest)."""
    from hrdd.scoring.impacts.index import _as_value

    world, dont_know, unanswered = index.resolve(
        {k: _as_value(v) for k, v in values.items()}, riskiest=True
    )
    return set(world) | set(dont_know) | set(unanswered)


def measure(argv: list[str]) -> Run:
    """Run ``argv`` with its output discarded; return its wall time, CPU time and peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(
            f"bench: exited {proc.returncode}: {' '.join(argv)}\n"
            + err.decode(errors="replace")[-2000:]
        )
    # ru_maxrss is in kilobytes on Linux.
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def main() -> None:
    """Generate the portfolio, measure both processes in interleaved rounds, print and check."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first")
    parser.add_argument("--json", nargs="?", const="", default=None)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "portfolio"
        folder.mkdir()
        size = generate(args.files, folder)
        print(
            f"bench: {args.files:,} answers files, {size / args.files / 1024:.1f} KB a file",
            file=sys.stderr,
        )
        commands = {
            "hrdd score DIR": [
                python,
                "-m",
                "hrdd",
                "score",
                str(folder),
                "-q",
                str(QUESTIONNAIRE),
            ],
            "parse (CSafeLoader)": [python, "-c", PARSE, str(folder)],
        }
        runs: dict[str, list[Run]] = {name: [] for name in commands}
        for round_no in range(args.warmup + args.rounds):
            for name, argv in commands.items():
                run = measure(argv)
                if round_no >= args.warmup:
                    runs[name].append(run)
            timed = round_no - args.warmup + 1
            label = "warm-up" if timed < 1 else f"round {timed} of {args.rounds}"
            print(f"bench: {label} done", file=sys.stderr)
    raise SystemExit(report(runs, args.files, args.json))


def report(runs: dict[str, list[Run]], files: int, json_path: str | None) -> int:
    """Print the measures and the targets; write JSON when asked; return 0 if both held."""
    score, parse = runs["hrdd score DIR"], runs["parse (CSafeLoader)"]

    def med(values: list[float]) -> float:
        return statistics.median(values)

    print("| process | median wall s | median CPU s | peak RSS MB (max) |")
    print("| --- | ---: | ---: | ---: |")
    for name, measured in runs.items():
        print(
            f"| {name} | {med([r.wall for r in measured]):.2f} | "
            f"{med([r.cpu for r in measured]):.2f} | {max(r.peak_mb for r in measured):.1f} |"
        )
    wall = med([r.wall for r in score]) / med([r.wall for r in parse])
    cpu = med([r.cpu for r in score]) / med([r.cpu for r in parse])
    peak = max(r.peak_mb for r in score)
    targets = [
        (
            "time: hrdd score / parse (CPU time, medians)",
            f"{cpu:.3f}x",
            f"<= {TIME_LIMIT}x",
            cpu <= TIME_LIMIT,
        ),
        (
            "peak memory of hrdd score",
            f"{peak:.1f} MB",
            f"<= {PEAK_LIMIT_MB:g} MB",
            peak <= PEAK_LIMIT_MB,
        ),
    ]
    print()
    print("| target | measured | limit | result |")
    print("| --- | ---: | ---: | --- |")
    for label, shown, limit, met in targets:
        print(f"| {label} | {shown} | {limit} | {'PASS' if met else 'MISS'} |")
    print(f"\nfor reference: wall time ratio {wall:.3f}x (moves with the machine's load)")
    if json_path is not None:
        path = Path(json_path) if json_path else REPO_ROOT / "bench" / "results" / "portfolio.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "benchmark": "portfolio",
            "files": files,
            "machine": machine(),
            "runs": {n: [vars(r) for r in rs] for n, rs in runs.items()},
            "wall_ratio": wall,
            "cpu_ratio": cpu,
            "peak_mb": peak,
        }
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0 if all(met for *_, met in targets) else 1


if __name__ == "__main__":
    main()
