"""The ride-hailing scenario traced by hand in docs/scoring.md, checked against the engine.

The doc's answers list, its table of numbers and its vectors are parsed from the page, so the
page cannot drift from what the engine gives for the bundled case.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from hrdd.answers.model import to_value
from hrdd.questionnaire.loading import read_document, validate_model
from hrdd.scoring.impacts.engine import RiskEngine
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.result import Rating, Result, Scenario
from tests.conftest import REPO

DOC = REPO / "docs" / "scoring.md"
QUESTIONNAIRE = REPO / "questionnaires" / "decree-368.yaml"
CASE = REPO / "questionnaires" / "decree-368.tests" / "ride-hailing.yaml"


def _section(marker: str) -> str:
    """Return the text after ``marker`` up to the next blank line that ends the block."""
    text = DOC.read_text(encoding="utf-8")
    start = text.find(f"<!-- {marker} -->")
    assert start >= 0, f"docs/scoring.md lost its {marker} block"
    body = text[start:].split("\n", 1)[1]
    if body.startswith("```"):
        return body.split("\n", 1)[1].split("```", 1)[0]
    return body.split("\n\n", 1)[0]


@cache
def _case_answers() -> dict[str, object]:
    case = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    return dict(case["answers"])


@cache
def _result() -> Result:
    doc, problems = read_document(QUESTIONNAIRE)
    assert doc is not None and problems == []
    q, found = validate_model(RiskQuestionnaire, doc)
    assert q is not None and found == [], found
    values = {k: to_value(v) for k, v in _case_answers().items()}
    return RiskEngine(RiskIndex(q)).score(values, rank_gaps=True)


def _scenario(scenario_id: str) -> Scenario:
    for impact in _result().impacts:
        for scenario in impact.scenarios:
            if scenario.id == scenario_id:
                return scenario
    raise AssertionError(f"the engine has no scenario {scenario_id}")


def _rating(scenario_id: str, which: str) -> Rating:
    scenario = _scenario(scenario_id)
    rating = {
        "inherent": scenario.inherent,
        "residual": scenario.residual,
        "best case": scenario.best,
    }[which]
    assert rating is not None, f"{scenario_id} has no {which} rating"
    return rating


def test_the_quoted_answers_are_the_cases() -> None:
    quoted = re.findall(r"`(\w+): ([^`]+)`", _section("traced-example:answers"))
    assert len(quoted) >= 10
    answers = _case_answers()
    for key, value in quoted:
        assert str(answers[key]) == value, key


def _table_rows() -> list[list[str]]:
    lines = [line for line in _section("traced-example:numbers").splitlines() if line]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
    assert rows, "the traced example's table is empty"
    return rows


@pytest.mark.parametrize("row", _table_rows(), ids=lambda r: f"{r[0]}-{r[1]}")
def test_the_table_numbers_are_what_the_engine_gives(row: list[str]) -> None:
    scenario_id, which, scale, scope, irr, severity, likelihood, band = row
    rating = _rating(scenario_id, which)
    got = (
        rating.scale,
        rating.scope,
        rating.irremediability,
        rating.severity,
        rating.likelihood,
        rating.band,
    )
    assert got == (int(scale), int(scope), int(irr), int(severity), int(likelihood), band)


def test_the_vectors_are_what_the_engine_gives() -> None:
    lines = _section("traced-example:vectors").splitlines()
    assert lines
    for line in lines:
        scenario_id, which, vector = line.split(" ", 2)
        assert _rating(scenario_id, which).vector == vector


def test_the_traced_sub_scenario_is_provisional_and_its_gap_not_early() -> None:
    assert _scenario("disclosure/people_in_reach/at_risk").provisional
    plan = {item.id: item.step for item in _result().plan}
    assert plan["find_out:at_risk_band"] == 6
    disclosure = _result().impact("disclosure")
    assert disclosure is not None
    assert (disclosure.band, disclosure.at_band, disclosure.worst) == (
        "critical",
        9,
        "disclosure/state_system",
    )
