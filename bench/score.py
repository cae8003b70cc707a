"""Benchmark `hrdd score`: one file end to end, and a portfolio of files in one process.

Run from the repository root: ``python -m bench.score [--files N] [--rounds R]``.
The target: scoring a folder of answers files in one process (``score_files``: find, load
with positions, check, assess, keep every result) adds at most 25 % to merely parsing the
same files with ``yaml.load(..., Loader=yaml.CSafeLoader)``. Both run over the same files in
the same process, in interleaved rounds after a warm-up round; medians are compared.
"""

from __future__ import annotations

import argparse
import gc
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bench.common import Target, Timing, format_targets, format_timings
from hrdd.answers.model import Answer, Answers, QuestionnaireRef, dump_answers
from hrdd.catalog import default_questionnaire
from hrdd.commands.score import score_files
from hrdd.errors import HrddError
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.hashing import question_fingerprint, questionnaire_hash
from hrdd.questionnaire.loading import few_collections, load_model_or_raise
from hrdd.questionnaire.model import (
    Question,
    Questionnaire,
    QuestionType,
)
from hrdd.values import (
    DONT_KNOW,
    YES_NO_VALUES,
)

ROOT = Path(__file__).resolve().parent.parent
FALLBACK = ROOT / "tests" / "data" / "scoring" / "sample.yaml"
LIMIT = 1.25


def pick_questionnaire(given: Path | None) -> Path:
    """Return the questionnaire to score against: given, else the bundled one if valid."""
    if given is not None:
        return given
    try:
        load_model_or_raise(Questionnaire, default_questionnaire())
    except HrddError:
        return FALLBACK
    return default_questionnaire()


def random_value(q: Question, rng: random.Random) -> str | list[str] | int:
    """Return a random valid stored value for ``q`` (don't know one time in ten)."""
    if q.dont_know and rng.random() < 0.1:
        return DONT_KNOW
    values = [o.value for o in q.options] or list(YES_NO_VALUES)
    if q.type is QuestionType.MULTI:
        return rng.sample(values, rng.randint(1, len(values)))
    if q.type in (QuestionType.YES_NO, QuestionType.SINGLE):
        return rng.choice(values)
    if q.type is QuestionType.NUMBER:
        low = int(q.minimum or 0)
        return rng.randint(low, int(q.maximum) if q.maximum is not None else low + 2_000_000)
    return "Free text answer."


def generate(q: Questionnaire, count: int, folder: Path, seed: int = 368) -> list[Path]:
    """Write ``count`` valid answers files, each answering exactly the questions that apply."""
    rng = random.Random(seed)
    now = datetime(2025, 3, 3, 9, 0, tzinfo=UTC).isoformat()
    compiled = CompiledQuestionnaire(q)
    ref = QuestionnaireRef(id=q.id, version=q.version, hash=questionnaire_hash(q))
    questions = {question.id: question for question in q.questions()}
    fingerprints = {qid: question_fingerprint(question) for qid, question in questions.items()}
    paths = []
    for i in range(count):
        # Draw a value for every question; a question's condition sees only earlier answers,
        # so the questions that apply are those a respondent answering in order would see.
        drawn = {qid: random_value(question, rng) for qid, question in questions.items()}
        values = {k: frozenset(v) if isinstance(v, list) else v for k, v in drawn.items()}
        applicable, _ = compiled.resolve(values)
        answers = {
            qid: Answer(
                value=drawn[qid],
                answered_by="Bench Respondent",
                answered_at=now,
                question_hash=fingerprints[qid],
            )
            for qid in applicable
        }
        doc = Answers(
            format=1,
            questionnaire=ref,
            organisation=f"Company {i}",
            created=now,
            updated=now,
            answers=answers,
        )
        path = folder / f"answers-{i:05d}.yaml"
        path.write_text(dump_answers(doc), encoding="utf-8")
        paths.append(path)
    return paths


def time_rounds(
    actions: dict[str, Callable[[], object]], rounds: int, *, warmup: int = 1
) -> dict[str, Timing]:
    """Time each action once per round, interleaved, after untimed warm-up rounds."""
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for round_ in range(warmup + rounds):
        for name, action in actions.items():
            gc.collect()
            start = time.perf_counter()
            action()
            elapsed = time.perf_counter() - start
            if round_ >= warmup:
                samples[name].append(elapsed)
        print(f"bench: round {round_ + 1} of {warmup + rounds} done", file=sys.stderr)
    return {name: Timing(name, (), tuple(samples[name])) for name in actions}


def main() -> None:
    """Generate the files, time everything, print the tables; exit 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds over the folder")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the one-file measures")
    parser.add_argument("--questionnaire", type=Path)
    args = parser.parse_args()
    qpath = pick_questionnaire(args.questionnaire)
    q, _ = load_model_or_raise(Questionnaire, qpath)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(q, args.files, folder)
        one = paths[0]
        command = [sys.executable, "-m", "hrdd", "score", str(one), "-q", str(qpath)]

        def parse_all() -> None:
            for path in paths:
                yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        def parse_all_few_collections() -> None:
            with few_collections():
                parse_all()

        def score_all() -> None:
            run = score_files([folder], qpath)
            if len(run.files) != len(paths):
                raise SystemExit(f"bench: scored {len(run.files)} of {len(paths)} files")

        single = time_rounds(
            {
                "hrdd score, one file, whole process": lambda: subprocess.run(
                    command, check=True, capture_output=True
                ),
                "score_files, one file, in process": lambda: score_files([one], qpath),
            },
            args.repeat,
        )
        parse = f"parse {args.files:,} files (CSafeLoader)"
        parse_gc = f"parse {args.files:,} files (CSafeLoader), hrdd's GC settings"
        score = f"score_files over the {args.files:,} files"
        folder_timings = time_rounds(
            {parse: parse_all, parse_gc: parse_all_few_collections, score: score_all},
            args.rounds,
        )

    timings = {**single, **folder_timings}
    targets = [Target(score, parse, LIMIT)]
    print(f"questionnaire: {qpath.name} ({len(q.questions())} questions, {len(q.areas)} areas)")
    print()
    print(format_timings(timings))
    print()
    n = args.files
    per_file = (
        f"per file: parse {timings[parse].median / n * 1e3:.2f} ms, "
        f"parse with hrdd's GC settings {timings[parse_gc].median / n * 1e3:.2f} ms, "
        f"score {timings[score].median / n * 1e3:.2f} ms"
    )
    print(per_file)
    print()
    print(format_targets(targets, timings))
    print(
        f"\nfor reference, score / parse with hrdd's GC settings: "
        f"{timings[score].median / timings[parse_gc].median:.3f}x"
    )
    if not all(t.met(timings) for t in targets):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
