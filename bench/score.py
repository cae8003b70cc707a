"""Benchmark `hrdd score`: one file end to end, and 10,000 files in one process vs parsing.

Run from the repository root: ``python bench/score.py [--files N] [--questionnaire FILE]``.
The target: scoring (load with positions, check, assess) adds at most 25 % over merely
parsing the same files with ``yaml.CSafeLoader``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import yaml

from hrdd.answers import (
    Answer,
    Answers,
    QuestionnaireRef,
    check_answers,
    dump_answers,
    load_answers,
)
from hrdd.conditions import CompiledQuestionnaire
from hrdd.errors import HrddError
from hrdd.hashing import question_fingerprint, questionnaire_hash
from hrdd.loading import load_model_or_raise
from hrdd.models import DONT_KNOW, YES_NO_VALUES, Question, Questionnaire, QuestionType
from hrdd.resources import default_questionnaire
from hrdd.score_command import score_files
from hrdd.scoring import Scorer

ROOT = Path(__file__).resolve().parent.parent
FALLBACK = ROOT / "tests" / "data" / "scoring" / "sample.yaml"


def pick_questionnaire(given: Path | None) -> Path:
    if given is not None:
        return given
    try:
        load_model_or_raise(Questionnaire, default_questionnaire())
    except HrddError:
        return FALLBACK
    return default_questionnaire()


def random_value(q: Question, rng: random.Random) -> str | list[str] | int:
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
    rng = random.Random(seed)
    now = datetime(2025, 3, 3, 9, 0, tzinfo=UTC).isoformat()
    compiled = CompiledQuestionnaire(q)
    ref = QuestionnaireRef(id=q.id, version=q.version, hash=questionnaire_hash(q))
    paths = []
    for i in range(count):
        # Answer in order, only what applies, as the dialogue would.
        values: dict[str, object] = {}
        answers: dict[str, Answer] = {}
        for question in q.questions():
            if question.id not in compiled.applicable(values):  # type: ignore[arg-type]
                continue
            value = random_value(question, rng)
            values[question.id] = frozenset(value) if isinstance(value, list) else value
            answers[question.id] = Answer(
                value=value,
                answered_by="Bench Respondent",
                answered_at=now,
                question_hash=question_fingerprint(question),
            )
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


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--questionnaire", type=Path)
    args = parser.parse_args()
    qpath = pick_questionnaire(args.questionnaire)
    q, _ = load_model_or_raise(Questionnaire, qpath)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(q, args.files, folder)
        one = paths[0]
        command = [sys.executable, "-m", "hrdd", "score", str(one), "-q", str(qpath)]
        whole = median_time(
            lambda: subprocess.run(command, check=True, capture_output=True), args.repeat
        )
        in_process = median_time(lambda: score_files([one], qpath), args.repeat)

        scorer = Scorer(q, CompiledQuestionnaire(q))

        def parse_all() -> None:
            for path in paths:
                yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        def score_all() -> None:
            for path in paths:
                answers, doc = load_answers(path)
                check_answers(answers, doc, scorer.questionnaire, scorer.compiled)
                scorer.assess(answers)

        parse = median_time(parse_all, 3)
        score = median_time(score_all, 3)

    print(f"questionnaire: {qpath.name} ({len(q.questions())} questions, {len(q.areas)} areas)")
    print(f"{'measure':<46} {'median':>12}")
    print(f"{'hrdd score, one file, whole process':<46} {whole * 1000:>9.1f} ms")
    print(f"{'score_files, one file, in process':<46} {in_process * 1000:>9.1f} ms")
    print(f"{f'parse {args.files} files (yaml.CSafeLoader)':<46} {parse:>10.2f} s")
    print(f"{f'score {args.files} files (load, check, assess)':<46} {score:>10.2f} s")
    print(
        f"{'per file: parse / score':<46} "
        f"{parse / args.files * 1e6:>6.0f} / {score / args.files * 1e6:.0f} us"
    )
    print(
        f"{'scoring over parsing':<46} {100 * (score - parse) / parse:>+9.0f} %   (target <= +25 %)"
    )


if __name__ == "__main__":
    main()
