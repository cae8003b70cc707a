"""Benchmark the risk-model engine: score 10,000 answers files against merely parsing them.

Run from the repository root: ``python -m bench.score_impacts [--files N] [--rounds R]``.
Scoring is: parse each file (``yaml.CSafeLoader``), validate it as an answers file, and rate
it with the new engine, rating ranges included (both worlds: every gap riskiest and every gap
favourable); the find-out ranking is left out, as for a portfolio. The target: at most 1.4 x
merely parsing the same files, in the same process, interleaved rounds, medians compared.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bench.common import Target, finish
from bench.score import time_rounds
from hrdd.answers.model import Answers, to_values
from hrdd.questionnaire.loading import few_collections, read_document, validate_model
from hrdd.questionnaire.model import (
    QuestionType,
)
from hrdd.scoring.impacts.engine import RiskEngine
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.values import (
    DONT_KNOW,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "impacts" / "decree-paths.yaml"
LIMIT = 1.4
COUNTS = [0, 300, 3_000, 30_000, 300_000, 3_000_000]


def load_engine() -> RiskEngine:
    """Return the engine over the Decree 368 paths fixture."""
    doc, problems = read_document(FIXTURE)
    if doc is None or problems:
        raise SystemExit(f"bench: cannot read {FIXTURE}")
    q, found = validate_model(RiskQuestionnaire, doc)
    if q is None or found:
        raise SystemExit(f"bench: {FIXTURE} is not valid")
    return RiskEngine(RiskIndex(q))


def generate(engine: RiskEngine, count: int, folder: Path, seed: int = 368) -> list[Path]:
    """Write ``count`` answers files with random answers (one in ten a don't know)."""
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        answers: dict[str, Any] = {}
        for q in engine.index.questions.values():
            if q.dont_know and rng.random() < 0.1:
                value: Any = DONT_KNOW
            elif q.type is QuestionType.NUMBER:
                value = rng.choice(COUNTS)
            elif q.type is QuestionType.YES_NO:
                value = rng.choice(["yes", "no"])
            else:
                value = rng.choice([o.value for o in q.options])
            answers[q.id] = {
                "value": value,
                "answered_by": "Compliance team",
                "answered_at": "2025-03-03T09:00:00+00:00",
            }
        data = {
            "format": 1,
            "questionnaire": {
                "id": engine.q.id,
                "version": engine.q.version,
                "hash": "sha256:" + "0" * 64,
            },
            "organisation": f"Company {n}",
            "created": "2025-03-03T09:00:00+00:00",
            "updated": "2025-03-03T09:30:00+00:00",
            "answers": answers,
        }
        path = folder / f"answers-{n:05d}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Generate the files, time both actions in interleaved rounds, print and check."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", nargs="?", const="", default=None)
    args = parser.parse_args()
    engine = load_engine()
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(engine, args.files, Path(tmp))

        def parse_all() -> None:
            with few_collections():
                for path in paths:
                    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        def score_all() -> None:
            with few_collections():
                for path in paths:
                    data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
                    answers = Answers.model_validate(data)
                    engine.score(to_values(answers), answers.mitigations)

        parse = f"parse {args.files:,} answers files (CSafeLoader)"
        score = f"parse, validate and rate {args.files:,} files with ranges"
        timings = time_rounds({parse: parse_all, score: score_all}, args.rounds)
    n = args.files
    print(
        f"per file: parse {timings[parse].median / n * 1e3:.3f} ms, "
        f"rate {timings[score].median / n * 1e3:.3f} ms"
    )
    raise SystemExit(
        finish("score_impacts", timings, [Target(score, parse, LIMIT)], {"files": n}, args.json)
    )


if __name__ == "__main__":
    main()
