"""The risk-model engine's results, pinned: a digest of every result over fixed inputs.

Work on the engine's speed must not change a single byte of what it returns. The digests
below hash the JSON form of every `Result` over answers generated with a fixed seed for the
paths fixture (some with declined mitigations, some with the find-out ranking) and over the
Decree 368 cases. When a change of the method is meant to move results, update them in the
same commit and say why.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import random
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from hrdd.answers.model import Acceptance, MitigationRecord, MitigationStatus, to_value
from hrdd.questionnaire.loading import read_document, validate_model
from hrdd.questionnaire.model import (
    QuestionType,
)
from hrdd.scoring.impacts.engine import RiskEngine
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.result import Result
from hrdd.values import (
    DONT_KNOW,
    Value,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "impacts"
PATHS = DATA / "decree-paths.yaml"
DECREE = REPO / "questionnaires" / "decree-368.yaml"
CASES = DECREE.with_suffix(".tests")
COUNTS = [0, 300, 3_000, 30_000, 300_000, 3_000_000]
FILES = 300

PATHS_DIGEST = "c8e02eaac06e530376b2e1c7f69b174f08bae45316de6117f72b4270e5759c1c"
CASES_DIGEST = "227f07b09ba00815bc7759b1fbbee2be79c27f7ce49d8e924bd120bb03666469"


@cache
def engine(path: Path) -> RiskEngine:
    doc, problems = read_document(path)
    assert doc is not None and problems == []
    q, found = validate_model(RiskQuestionnaire, doc)
    assert q is not None and found == [], found
    return RiskEngine(RiskIndex(q))


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def serialised(result: Result) -> str:
    """Return the JSON form of a result, every field included, keys in field order."""
    return json.dumps(_plain(result), ensure_ascii=False, separators=(",", ":"))


def generated(eng: RiskEngine, count: int, seed: int) -> list[dict[str, Value]]:
    """Return ``count`` value mappings of random answers, with don't knows and unanswered."""
    rng = random.Random(seed)
    files = []
    for _ in range(count):
        values: dict[str, Value] = {}
        # Half the files leave questions unanswered now and then, and a few have no gap at all.
        skip = rng.choice([0.0, 0.05])
        unknown = rng.choice([0.0, 0.1, 0.1, 0.1])
        for q in eng.index.questions.values():
            roll = rng.random()
            if roll < skip:
                continue
            if q.dont_know and roll < skip + unknown:
                values[q.id] = DONT_KNOW
            elif q.type is QuestionType.NUMBER:
                values[q.id] = rng.choice(COUNTS)
            elif q.type is QuestionType.YES_NO:
                values[q.id] = rng.choice(["yes", "no"])
            elif q.type is QuestionType.MULTI:
                chosen = [o.value for o in q.options if rng.random() < 0.5]
                values[q.id] = frozenset(chosen)
            elif q.options:
                values[q.id] = rng.choice([o.value for o in q.options])
        files.append(values)
    return files


def declines(eng: RiskEngine, rng: random.Random) -> dict[str, MitigationRecord]:
    """Return records that accept (decline) a random few mitigations, by bare id."""
    acceptance = Acceptance(reason="r", approver="a", expires="2099-01-01")
    return {
        m.id: MitigationRecord(status=MitigationStatus.ACCEPTED, accepted=acceptance)
        for m in eng.q.mitigations
        if rng.random() < 0.3
    }


def paths_digest() -> str:
    eng = engine(PATHS)
    rng = random.Random(2025)
    digest = hashlib.sha256()
    for n, values in enumerate(generated(eng, FILES, seed=368)):
        records = declines(eng, rng) if n % 3 == 0 else None
        result = eng.score(values, records, rank_gaps=n % 10 == 0)
        digest.update(serialised(result).encode())
        # Same input, same output: scoring again gives the same bytes.
        if n % 50 == 0:
            assert serialised(eng.score(values, records, rank_gaps=n % 10 == 0)) == serialised(
                result
            )
    return digest.hexdigest()


def cases_digest() -> str:
    eng = engine(DECREE)
    digest = hashlib.sha256()
    for path in sorted(CASES.glob("*.yaml")):
        # The format-2 test cases hold plain answer values and no plan records; as answers
        # files they were all last updated on 2026-01-15, the date score_answers read.
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        values: dict[str, Value] = {k: to_value(v) for k, v in case["answers"].items()}
        for rank_gaps in (False, True):
            result = eng.score(values, {}, rank_gaps=rank_gaps)
            digest.update(serialised(result).encode())
        digest.update(serialised(eng.score(values, {}, as_of=date(2026, 1, 15))).encode())
    for values in generated(eng, 100, seed=369):
        digest.update(serialised(eng.score(values)).encode())
    return digest.hexdigest()


def test_results_over_generated_answers_to_the_paths_fixture_are_unchanged() -> None:
    assert paths_digest() == PATHS_DIGEST


def test_results_over_the_decree_368_cases_are_unchanged() -> None:
    assert cases_digest() == CASES_DIGEST
