import re
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from pydantic import BaseModel

from hrdd.answers.model import (
    Acceptance,
    Answers,
    MitigationRecord,
    MitigationStatus,
    load_answers,
    to_values,
)
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.questionnaire.model import (
    Questionnaire,
    Scoring,
)
from hrdd.scoring import (
    Assessment,
    Scorer,
    VectorError,
    assess,
    parse_vector,
    rate_vector,
    round_half_up,
)
from hrdd.scoring.method import band_for, likelihood, weighted_severity
from hrdd.values import (
    DONT_KNOW,
)
from tests.conftest import REPO as ROOT

SAMPLE = ROOT / "tests" / "data" / "scoring" / "sample.yaml"
WORKED = ROOT / "tests" / "data" / "answers" / "worked-example.yaml"
DOC = ROOT / "docs" / "scoring.md"


@pytest.fixture(scope="module")
def sample() -> Scorer:
    q, _ = load_model_or_raise(Questionnaire, SAMPLE)
    return Scorer(q)


def _questionnaire(**changes: Any) -> Questionnaire:
    """A one-area questionnaire; ``changes`` replace top-level keys."""
    data: dict[str, Any] = {
        "format": 1,
        "id": "tiny",
        "version": "1",
        "title": "Tiny",
        "disclaimer": "Not legal advice.",
        "areas": [
            {"id": "a", "title": "A", "severity": {"scale": 3, "scope": 3, "irremediability": 3}}
        ],
        "sections": [
            {
                "id": "s",
                "title": "S",
                "questions": [
                    {
                        "id": "q1",
                        "text": "Q1?",
                        "type": "single",
                        "dont_know": True,
                        "options": [
                            {"value": "high", "points": {"a": 3}},
                            {"value": "mid", "points": {"a": 1}},
                            {"value": "none"},
                        ],
                    },
                    {
                        "id": "q2",
                        "text": "Q2?",
                        "type": "yes_no",
                        "when": "q1 == 'high'",
                        "options": [{"value": "yes", "points": {"a": 3}}, {"value": "no"}],
                    },
                ],
            }
        ],
    }
    data.update(changes)
    return Questionnaire.model_validate(data)


# -- arithmetic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(5, 2), 3),
        (Fraction(3, 2), 2),
        (Fraction(1, 2), 1),
        (Fraction(12, 5), 2),
        (Fraction(9, 2), 5),
    ],
)
def test_round_half_up_never_rounds_to_even(value: Fraction, expected: int) -> None:
    assert round_half_up(value) == expected


def test_weighted_severity_uses_2_1_2_and_escalation() -> None:
    scoring = Scoring()
    assert weighted_severity({"scale": 4, "scope": 4, "irremediability": 5}, scoring) == (
        4,
        4,
        False,
    )
    assert weighted_severity({"scale": 5, "scope": 1, "irremediability": 1}, scoring) == (
        3,
        4,
        True,
    )
    assert weighted_severity({"scale": 5, "scope": 4, "irremediability": 5}, scoring) == (
        5,
        5,
        False,
    )
    # (2*3 + 2 + 2*3) / 5 = 2.8 -> 3; (2*2 + 5 + 2*2) / 5 = 2.6 -> 3: scope 5 does not escalate
    assert weighted_severity({"scale": 2, "scope": 5, "irremediability": 2}, scoring) == (
        3,
        3,
        False,
    )


def test_likelihood_formula_and_floor() -> None:
    assert likelihood(0, 10, 1) == 1
    assert likelihood(10, 10, 1) == 5
    assert likelihood(5, 8, 1) == 4  # 1 + round_half_up(2.5) = 4
    assert likelihood(1, 8, 3) == 3  # the floor wins
    assert likelihood(0, 0, 2) == 2  # no points possible: the floor alone


def test_bands_and_severity_first_overrides() -> None:
    scoring = Scoring()
    assert band_for(4, 4, 1, scoring) == ("low", None)
    assert band_for(8, 4, 2, scoring) == ("high", "high")  # S >= 4 and L >= 2
    assert band_for(15, 5, 3, scoring) == ("critical", "critical")  # S = 5 and L >= 3
    assert band_for(10, 5, 2, scoring) == ("high", None)
    assert band_for(16, 4, 4, scoring) == ("critical", None)


# -- the engine on small questionnaires -------------------------------------------------


def test_dont_know_scores_the_riskiest_option_and_is_a_data_gap() -> None:
    scorer = Scorer(_questionnaire())
    result = scorer.assess_values({"q1": DONT_KNOW})
    [area] = result.areas
    assert area.likelihood.points == 3
    assert area.data_gaps == ["q1"] and result.data_gaps == ["q1"]
    assert area.point_drivers[0].dont_know is True


def test_unanswered_is_not_dont_know_and_makes_the_assessment_incomplete() -> None:
    scorer = Scorer(_questionnaire())
    result = scorer.assess_values({})
    assert result.complete is False and result.unanswered == ["q1"]
    assert result.areas[0].likelihood.points == 0 and result.data_gaps == []


def test_fixed_denominator_counts_hidden_questions() -> None:
    scorer = Scorer(_questionnaire())
    mid = scorer.assess_values({"q1": "mid"}).areas[0].likelihood
    assert (mid.points, mid.max_points) == (1, 6)  # q2 is hidden, but counts in M
    revealed = scorer.assess_values({"q1": "high", "q2": "no"}).areas[0].likelihood
    assert revealed.likelihood >= mid.likelihood


def test_answers_to_questions_that_do_not_apply_are_ignored() -> None:
    scorer = Scorer(_questionnaire())
    result = scorer.assess_values({"q1": "none", "q2": "yes"})
    assert result.areas[0].likelihood.points == 0
    assert result.applicable == ["q1"] and result.complete


def test_multi_sums_selected_options_and_applies_the_cap(sample: Scorer) -> None:
    result = sample.assess_values({"services": frozenset({"mail", "messenger", "taxi"})})
    state = next(a for a in result.areas if a.area == "state_access")
    assert [(p.question, p.points) for p in state.point_drivers] == [("services", 4)]
    assert sample.max_points == {"state_access": 10, "staff_safety": 6, "data_location": 7}


def test_highest_triggered_rule_wins_even_below_the_default() -> None:
    rules = [
        {"id": "low_scale", "when": "q1 == 'mid'", "areas": ["a"], "scale": 2},
        {
            "id": "lower_scale",
            "when": "q1 == 'mid'",
            "areas": ["*"],
            "scale": 1,
            "floor": 3,
            "involvement": "linked",
        },
        {"id": "cause", "when": "answered(q1)", "areas": ["a"], "involvement": "cause"},
    ]
    result = Scorer(_questionnaire(rules=rules)).assess_values({"q1": "mid"})
    [area] = result.areas
    assert area.severity.scale == 2
    assert [d.source for d in area.severity_drivers] == ["low_scale", "default", "default"]
    assert (area.likelihood.floor, area.likelihood.floor_rule, area.likelihood.likelihood) == (
        3,
        "lower_scale",
        3,
    )
    assert area.involvement == "cause"
    assert result.triggered_rules == ["low_scale", "lower_scale", "cause"]


def test_residual_caps_and_accepted_mitigations() -> None:
    mitigations = [
        {
            "id": f"m{i}",
            "title": "T",
            "action": "Do.",
            "areas": ["a"],
            "effect": {"likelihood": -2, "scale": -2},
            "horizon": "90_days",
            "effort": "low",
        }
        for i in (1, 2)
    ]
    scorer = Scorer(_questionnaire(mitigations=mitigations))
    result = scorer.assess_values({"q1": "high", "q2": "yes"})
    [area] = result.areas
    assert area.likelihood.likelihood == 5
    assert area.residual.drops == {"likelihood": 2, "scale": 1, "scope": 0, "irremediability": 0}
    assert area.residual.likelihood == 3 and area.residual.severity.scale == 2
    accepted = MitigationRecord(
        status="accepted", accepted=Acceptance(reason="r", approver="a", expires="2030-01-01")
    )
    both_accepted = scorer.assess_values(
        {"q1": "high", "q2": "yes"}, {"m1": accepted, "m2": accepted}
    )
    assert both_accepted.areas[0].residual.drops["likelihood"] == 0
    assert both_accepted.areas[0].residual.rating == both_accepted.areas[0].rating
    planned = both_accepted.plan[0].mitigations
    assert [m.status for m in planned] == ["accepted", "accepted"]


def _two_mitigations() -> Scorer:
    mitigations = [
        {
            "id": m,
            "title": "T",
            "action": "Do.",
            "areas": ["a"],
            "effect": {"likelihood": -1},
            "horizon": "90_days",
            "effort": "low",
        }
        for m in ("m1", "m2")
    ]
    return Scorer(_questionnaire(mitigations=mitigations))


def _accepted(expires: str) -> MitigationRecord:
    return MitigationRecord(
        status=MitigationStatus.ACCEPTED,
        accepted=Acceptance(reason="r", approver="a", expires=expires),
    )


@pytest.mark.parametrize(
    ("as_of", "expired"),
    [
        (None, False),  # no reference date: every acceptance holds
        (date(2025, 5, 31), False),
        (date(2025, 6, 30), False),  # an acceptance holds on its expiry date
        (date(2025, 7, 1), True),
    ],
)
def test_an_expired_acceptance_counts_like_a_planned_mitigation(
    as_of: date | None, expired: bool
) -> None:
    scorer = _two_mitigations()
    values = {"q1": "high", "q2": "yes"}
    planned = MitigationRecord(status=MitigationStatus.PLANNED)
    result = scorer.assess_values(
        values, {"m1": _accepted("2025-06-30"), "m2": planned}, as_of=as_of
    )
    [area] = result.areas
    counted = [d.mitigation for d in area.residual.drivers]
    assert counted == (["m1", "m2"] if expired else ["m2"])
    both_planned = scorer.assess_values(values, {"m1": planned, "m2": planned}, as_of=as_of)
    assert (area.residual == both_planned.areas[0].residual) is expired
    by_id = {m.mitigation: m for g in result.plan for m in g.mitigations}
    assert by_id["m1"].status == "accepted"
    assert by_id["m1"].acceptance_expired is expired
    assert by_id["m2"].acceptance_expired is False


def test_the_default_reference_date_is_the_day_the_answers_were_updated(sample: Scorer) -> None:
    answers, _ = load_answers(WORKED)  # updated 2025-03-03; transparency accepted
    record = answers.mitigations["transparency"]
    acceptance = record.accepted
    assert acceptance is not None

    def expiring(day: str) -> Answers:
        lapsing = acceptance.model_copy(update={"expires": day})
        changed = {
            **answers.mitigations,
            "transparency": record.model_copy(update={"accepted": lapsing}),
        }
        return answers.model_copy(update={"mitigations": changed})

    def expired(result: Assessment) -> bool:
        [item] = [m for g in result.plan for m in g.mitigations if m.mitigation == "transparency"]
        return item.acceptance_expired

    assert not expired(sample.assess(expiring("2025-03-03")))
    assert expired(sample.assess(expiring("2025-03-02")))
    # An explicit date wins, in both entry points.
    assert not expired(sample.assess(expiring("2025-03-02"), as_of=date(2025, 3, 1)))
    assert expired(assess(sample.questionnaire, answers, as_of=date(2026, 3, 2)))
    assert not expired(assess(sample.questionnaire, answers))
    # A time zone far from UTC: the date is the one written in the timestamp.
    late = expiring("2025-03-02").model_copy(update={"updated": "2025-03-02T23:30:00-05:00"})
    assert not expired(sample.assess(late))


def test_plan_puts_priority_areas_first_then_band_then_reduction_per_effort(sample: Scorer) -> None:
    answers, _ = load_answers(WORKED)
    result = sample.assess(answers)
    ordered = sorted((m for g in result.plan for m in g.mitigations), key=lambda m: m.rank)
    assert [m.mitigation for m in ordered] == ["staff_plan", "transparency", "encrypt", "move_data"]
    assert ordered[0].priority and not any(m.priority for m in ordered[1:])
    assert [g.horizon for g in result.plan] == ["immediate", "180_days", "ongoing"]
    assert ordered[0].owner == "HR director" and ordered[0].due == "2025-04-01"
    # reduction per effort: transparency 5/1 > encrypt 9/2 > move_data 12/3
    assert [m.expected_reduction for m in ordered[1:]] == [5, 9, 12]


def test_assess_reuses_the_scorer_for_the_same_questionnaire(sample: Scorer) -> None:
    answers, _ = load_answers(WORKED)
    q = sample.questionnaire
    assert assess(q, answers) == assess(q, answers) == sample.assess(answers)


def _containers(value: object, found: set[int]) -> set[int]:
    """Collect the ids of every list and dict inside a result model."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _containers(getattr(value, name), found)
    elif isinstance(value, list | dict):
        found.add(id(value))
        for item in value.values() if isinstance(value, dict) else value:
            _containers(item, found)
    return found


def test_assessments_share_only_parts_without_lists_or_mappings(sample: Scorer) -> None:
    answers, _ = load_answers(WORKED)
    first, second = sample.assess(answers), sample.assess(answers)
    assert first == second
    assert not _containers(first, set()) & _containers(second, set())


def test_assess_given_the_resolved_answers_gives_the_same(sample: Scorer) -> None:
    answers, _ = load_answers(WORKED)
    resolved = sample.compiled.resolve(to_values(answers))
    assert sample.assess(answers, resolved=resolved) == sample.assess(answers)


# -- vectors ----------------------------------------------------------------------------


def test_vectors_parse_and_recompute_to_the_same_band(sample: Scorer) -> None:
    answers, _ = load_answers(WORKED)
    scoring = sample.questionnaire.scoring
    for area in sample.assess(answers).areas:
        for text, band in ((area.vector, area.band), (area.residual.vector, area.residual.band)):
            vector = parse_vector(text)
            assert vector.band == band
            assert rate_vector(vector, scoring) == vector


def test_parse_vector_rejects_garbage() -> None:
    with pytest.raises(VectorError, match="not a rating vector"):
        parse_vector("SC:5/S:5")
    vector = parse_vector("SC:5/SP:4/IR:5/S:5/P:18/20/F:4/L:5/R:25/B:critical")
    assert (vector.points, vector.max_points, vector.floor) == (18, 20, 4)


# -- the worked example in docs/scoring.md ----------------------------------------------


def _doc_block(marker: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(re.escape(marker) + r"[^\n]*\n```\w+\n(.*?)```", text, re.DOTALL)
    assert match, f"docs/scoring.md lost its {marker} block"
    return match.group(1)


def test_worked_example_in_the_docs_is_the_fixture_verbatim() -> None:
    assert _doc_block("<!-- worked-example:answers") == WORKED.read_text(encoding="utf-8")


def test_worked_example_numbers_in_the_docs_are_what_the_engine_gives(sample: Scorer) -> None:
    answers, _ = load_answers(WORKED)
    result = sample.assess(answers)
    actual = []
    for area in result.areas:
        actual.append(f"{area.area} inherent {area.vector}")
        actual.append(f"{area.area} residual {area.residual.vector}")
    assert _doc_block("<!-- worked-example:vectors -->").splitlines() == actual
