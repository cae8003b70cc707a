"""Both worlds of a file in one call: the favourable world started from the riskiest one.

`RiskIndex.resolve_both` walks again only the questions a gap can reach; its worlds must be
exactly those of two full walks (`resolve` with ``riskiest`` true and false).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from hrdd.questionnaire.loading import read_document
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.values import DONT_KNOW, Value
from tests.scoring.test_impacts_pinned import CASES, DECREE, PATHS, engine, generated


def _check(index: RiskIndex, values: dict[str, Value]) -> None:
    risky, fav, dont_know, unanswered = index.resolve_both(values)
    full_risky, full_dont_know, full_unanswered = index.resolve(values, riskiest=True)
    full_fav = index.resolve(values, riskiest=False)[0]
    assert (dict(risky), dont_know, unanswered) == (
        dict(full_risky),
        full_dont_know,
        full_unanswered,
    )
    assert dict(fav) == dict(full_fav)
    # Values compared by type too: a gap filled with 0 is not the answer 0.0.
    assert {k: type(v) for k, v in fav.items()} == {k: type(v) for k, v in full_fav.items()}
    if not dont_know and not unanswered:
        assert fav is risky


@pytest.mark.parametrize("questionnaire", [PATHS, DECREE], ids=["paths", "decree-368"])
def test_both_worlds_are_those_of_two_full_walks(questionnaire: Path) -> None:
    index = engine(questionnaire).index
    assert index._reached is not None  # the incremental walk is the one tested
    for values in generated(engine(questionnaire), 300, seed=370):
        _check(index, values)


def test_both_worlds_of_the_decree_368_cases_every_answer_a_dont_know_in_turn() -> None:
    index = engine(DECREE).index
    for path in sorted(CASES.glob("*.yaml")):
        answers: dict[str, Value] = {
            k: frozenset(v) if isinstance(v, list) else v
            for k, v in yaml.safe_load(path.read_text(encoding="utf-8"))["answers"].items()
        }
        _check(index, answers)
        for qid in answers:
            _check(index, {**answers, qid: DONT_KNOW})
            _check(index, {k: v for k, v in answers.items() if k != qid})


def test_a_condition_on_a_later_question_walks_the_favourable_world_in_full() -> None:
    doc, problems = read_document(PATHS)
    assert doc is not None and problems == []
    data = copy.deepcopy(doc.data)
    questions = data["sections"][0]["questions"]
    # `complied` is asked when `voluntary` (a later question) is not 'no': the checks refuse
    # this, and the engine must still give the worlds of two full walks.
    questions[5]["when"] = "voluntary != 'no'"
    q = RiskQuestionnaire.model_validate(data)
    index = RiskIndex(q)
    assert index._reached is None
    for values in generated(engine(PATHS), 50, seed=371):
        _check(index, values)
