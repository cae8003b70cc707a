"""The worked example of docs/risk-model-format.md, traced by hand, number for number."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd.questionnaire.loading import read_document, validate_model
from hrdd.scoring.impacts.engine import RiskEngine
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.result import Result

EXAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "impacts" / "example.yaml"

ANSWERS = {
    "sorm": "no",
    "servers_by": "yes",
    "users": 250_000,
    "content": "yes",
    "demands": "dont_know",
    "staff_access": "standing",
    "staff_count": 12,
    "approval_abroad": "no",
    "at_risk": "under_1k",
}


def engine() -> RiskEngine:
    doc, _ = read_document(EXAMPLE)
    assert doc is not None
    q, found = validate_model(RiskQuestionnaire, doc)
    assert q is not None and not found
    return RiskEngine(RiskIndex(q))


@pytest.fixture(scope="module")
def result() -> Result:
    return engine().score(ANSWERS, rank_gaps=True)


def test_scenarios_match_the_hand_trace(result: Result) -> None:
    got = {
        s.id: (
            s.inherent.scale,
            s.inherent.scope,
            s.inherent.irremediability,
            s.inherent.severity,
            s.inherent.likelihood,
            s.inherent.band,
        )
        for i in result.impacts
        for s in i.scenarios
    }
    assert got == {
        "disclosure/people_in_reach": (5, 4, 5, 5, 4, "critical"),
        "disclosure/stored_in_reach": (5, 4, 5, 5, 4, "critical"),
        "disclosure/people_in_reach/at_risk": (5, 1, 5, 4, 4, "high"),
        "disclosure/stored_in_reach/at_risk": (5, 1, 5, 4, 4, "high"),
        "staff_coercion/people_in_reach": (5, 2, 5, 4, 4, "high"),
        "chilling/stored_in_reach": (3, 4, 3, 3, 3, "medium"),
    }


def test_impacts_headline_and_ranges(result: Result) -> None:
    rows = [(i.id, i.band, i.at_band, i.worst, i.residual, i.best_residual) for i in result.impacts]
    assert rows == [
        ("disclosure", "critical", 2, "disclosure/people_in_reach", "high", "medium"),
        ("staff_coercion", "high", 1, "staff_coercion/people_in_reach", "high", "medium"),
        ("chilling", "medium", 1, "chilling/stored_in_reach", None, None),
    ]
    assert result.headline == ("disclosure", "staff_coercion", "chilling")
    disclosure = result.impact("disclosure")
    assert disclosure is not None and disclosure.provisional and disclosure.gaps == ("demands",)
    assert disclosure.involvement == "contribute"


def test_residuals_match_the_hand_trace(result: Result) -> None:
    got = {
        s.id: None
        if s.residual is None
        else (s.residual.severity, s.residual.likelihood, s.residual.band)
        for i in result.impacts
        for s in i.scenarios
    }
    assert got == {
        "disclosure/people_in_reach": (4, 3, "high"),
        "disclosure/stored_in_reach": None,
        "disclosure/people_in_reach/at_risk": (3, 3, "medium"),
        "disclosure/stored_in_reach/at_risk": None,
        "staff_coercion/people_in_reach": (4, 3, "high"),
        "chilling/stored_in_reach": None,
    }


def test_plan_order_and_ids(result: Result) -> None:
    assert [(p.id, p.step, p.immediate) for p in result.plan] == [
        ("mitigation:approval_outside", 2, True),
        ("mitigation:e2ee", 5, False),
        ("mitigation:move_data_out", 5, False),
        ("find_out:demands", 6, False),
        ("mitigation:hria", 7, False),
        ("mitigation:grievance", 8, False),
    ]


def test_drivers_and_vector(result: Result) -> None:
    disclosure = result.impacts[0]
    worst = disclosure.scenarios[0]
    assert worst.inherent.vector == "SC5/SP4/IR5=S5 L0:3+1-0 F1=L4 critical"
    assert worst.drivers[:3] == (
        "communications content (scale 5)",
        "irremediability 5",
        "standing privileged access (likelihood 3)",
    )
    assert "demands received (+1)" in worst.drivers


def test_areas(result: Result) -> None:
    levels = {a.id: (a.exposure, a.preparedness) for a in result.areas}
    assert levels == {"state_access": ("high", None), "staff_safety": ("high", "none")}


def test_same_input_same_output() -> None:
    assert repr(engine().score(ANSWERS, rank_gaps=True)) == repr(
        engine().score(dict(reversed(list(ANSWERS.items()))), rank_gaps=True)
    )


def test_no_open_path_is_not_rated() -> None:
    result = engine().score(
        {
            "sorm": "no",
            "servers_by": "no",
            "users": 10,
            "content": "no",
            "demands": "no",
            "staff_access": "none",
            "at_risk": "none",
        }
    )
    assert not result.rated and result.impacts == () and result.headline == ()
    assert result.would_open[0].startswith("SORM on the own network")


def test_sorm_is_an_actual_impact_presumed_and_the_decision_comes_first() -> None:
    values = dict(ANSWERS, sorm="yes")
    result = engine().score(values)
    assert result.register[0].presumed
    assert [p.id for p in result.plan[:3]] == [
        "actual:sorm_access",
        "mitigation:approval_outside",
        "decision:stay_or_exit",
    ]
    decision = result.plan[2]
    options = {o.id: dict(o.residual) for o in decision.options}
    assert options["stay"]["disclosure"] == "critical"
