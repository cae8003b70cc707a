"""Calibration anchors of the risk model as properties over generated answers.

The fixture `tests/data/impacts/decree-paths.yaml` models the Decree 368 paths and impacts
with the fewest questions that drive them; hypothesis generates answers to it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrdd.answers.model import Acceptance, MitigationRecord, MitigationStatus
from hrdd.questionnaire.loading import read_document, validate_model
from hrdd.questionnaire.model import (
    QuestionType,
)
from hrdd.scoring.impacts.engine import RiskEngine
from hrdd.scoring.impacts.format import MitigationType, RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.plan import PRIORITY
from hrdd.scoring.impacts.result import ItemKind, Result
from hrdd.values import (
    DONT_KNOW,
)

FIXTURE = Path(__file__).resolve().parents[2] / "tests" / "data" / "impacts" / "decree-paths.yaml"
BANDS = {"low": 0, "medium": 1, "high": 2, "critical": 3}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def engine() -> RiskEngine:
    doc, _ = read_document(FIXTURE)
    assert doc is not None
    q, found = validate_model(RiskQuestionnaire, doc)
    assert q is not None, found
    return RiskEngine(RiskIndex(q))


COUNTS = [0, 300, 3_000, 30_000, 300_000, 3_000_000]


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for question in engine().index.questions.values():
        if draw(st.integers(0, 19)) == 0:
            continue  # unanswered now and then
        if question.dont_know and draw(st.integers(0, 7)) == 0:
            values[question.id] = DONT_KNOW
        elif question.type is QuestionType.NUMBER:
            values[question.id] = draw(st.sampled_from(COUNTS))
        elif question.type is QuestionType.YES_NO:
            values[question.id] = draw(st.sampled_from(["yes", "no"]))
        else:
            values[question.id] = draw(st.sampled_from([o.value for o in question.options]))
    total = values.get("users_total")
    if isinstance(values.get("users"), int) and isinstance(total, int):
        values["users"] = min(values["users"], total)
    return values


def score(values: dict[str, Any], **kwargs: Any) -> Result:
    return engine().score(values, **kwargs)


def scenarios(result: Result) -> dict[str, Any]:
    return {s.id: s for i in result.impacts for s in i.scenarios}


def at_least_as_risky(more: Result, less: Result) -> None:
    """Every scenario of `less` is in `more`, rated no lower on S, L and band."""
    high, low = scenarios(more), scenarios(less)
    for sid, s in low.items():
        assert sid in high, f"{sid} vanished"
        h = high[sid]
        assert h.inherent.severity >= s.inherent.severity, sid
        assert h.inherent.likelihood >= s.inherent.likelihood, sid
        assert BANDS[h.inherent.band] >= BANDS[s.inherent.band], sid


# --- anchor 1: monotonicity --------------------------------------------------------------


@SETTINGS
@given(answers(), st.sampled_from(COUNTS[1:]))
def test_more_users_never_lower_a_scenario(values: dict[str, Any], extra: int) -> None:
    if not isinstance(values.get("users"), int):
        return
    more = dict(values, users=values["users"] + extra, users_total=10**8)
    less = dict(values, users_total=10**8)
    at_least_as_risky(score(more), score(less))


@SETTINGS
@given(
    answers(),
    st.sampled_from(
        ["demands", "content", "location", "entity", "partner", "block_orders", "staff_approached"]
    ),
)
def test_more_facts_never_lower_a_scenario(values: dict[str, Any], question: str) -> None:
    at_least_as_risky(
        score(dict(values, **{question: "yes"})), score(dict(values, **{question: "no"}))
    )


@SETTINGS
@given(answers())
def test_a_stronger_connection_never_lowers_a_scenario(values: dict[str, Any]) -> None:
    steps = ["none", "asked", "ordered", "connected"]
    results = [score(dict(values, connection=step)) for step in steps]
    for less, more in zip(results, results[1:], strict=False):
        at_least_as_risky(more, less)


@SETTINGS
@given(
    answers(),
    st.sampled_from(
        ["approval_abroad", "break_glass", "demand_register", "partner_contract", "block_procedure"]
    ),
)
def test_adding_a_safeguard_never_raises_a_scenario(values: dict[str, Any], safeguard: str) -> None:
    at_least_as_risky(
        score(dict(values, **{safeguard: "no"})), score(dict(values, **{safeguard: "yes"}))
    )


def _decline_all(result: Result, kinds: set[ItemKind]) -> dict[str, MitigationRecord]:
    acceptance = Acceptance(reason="r", approver="a", expires="2099-01-01")
    return {
        item.id: MitigationRecord(status=MitigationStatus.ACCEPTED, accepted=acceptance)
        for item in result.plan
        if item.kind in kinds
    }


@SETTINGS
@given(answers())
def test_mitigating_never_raises_and_declining_never_lowers(values: dict[str, Any]) -> None:
    result = score(values)
    declined = score(
        values, records=_decline_all(result, {ItemKind.CLOSE, ItemKind.NARROW, ItemKind.LOWER})
    )
    for sid, s in scenarios(result).items():
        base = scenarios(declined)[sid]
        assert base.residual is not None, "nothing is closed when every step is declined"
        assert base.residual.band == base.inherent.band and base.residual == base.inherent
        if s.residual is not None:
            assert BANDS[s.residual.band] <= BANDS[s.inherent.band], sid
            assert s.residual.likelihood <= s.inherent.likelihood, sid
            assert s.residual.severity <= s.inherent.severity, sid
    assert [i.band for i in result.impacts] == [i.band for i in declined.impacts]


# --- anchor 3: SORM or a live connection --------------------------------------------------


@SETTINGS
@given(answers(), st.booleans())
def test_sorm_or_connection_keeps_disclosure_critical(values: dict[str, Any], sorm: bool) -> None:
    values = dict(values, sorm="yes") if sorm else dict(values, connection="connected")
    result = score(values)
    disclosure = result.impact("disclosure")
    assert disclosure is not None
    assert disclosure.band == "critical" and disclosure.residual == "critical"
    state = [s for s in disclosure.scenarios if s.path == "state_system" and not s.at_risk][0]
    assert state.residual is not None and state.residual.likelihood >= 4
    assert any(e.presumed for e in result.register)
    first = [p.id for p in result.plan if p.kind is not ItemKind.ACTUAL][:3]
    assert "decision:stay_or_exit" in first


# --- anchor 5: data gaps ------------------------------------------------------------------


@SETTINGS
@given(answers())
def test_gaps_never_open_sales_create_actuals_set_cause_or_trigger_decisions(
    values: dict[str, Any],
) -> None:
    gapped = dict(
        values,
        sells_to_state=DONT_KNOW,
        voluntary=DONT_KNOW,
        complied=DONT_KNOW,
        staff_approached=DONT_KNOW,
        connection=DONT_KNOW,
        sorm="no",
    )
    result = score(gapped)
    assert "sales_to_state" not in result.open_paths
    assert result.register == ()
    assert all(s.involvement != "cause" for i in result.impacts for s in i.scenarios)
    assert not any(p.kind is ItemKind.DECISION for p in result.plan)
    assert result.flags == () or "sales_to_state" not in result.open_paths


@SETTINGS
@given(answers(), st.sampled_from(COUNTS))
def test_a_scope_gap_stays_within_its_bound(values: dict[str, Any], total: int) -> None:
    result = score(dict(values, users=DONT_KNOW, users_total=total))
    known = score(dict(values, users=total, users_total=total))
    for sid, s in scenarios(result).items():
        if (
            s.path in ("sales_to_state",)
            or s.at_risk
            or s.impact in ("reach_abroad", "staff_coercion")
        ):
            continue
        assert s.inherent.scope <= scenarios(known)[sid].inherent.scope


@settings(max_examples=25, deadline=None)
@given(answers())
def test_a_gap_that_moves_a_headline_comes_before_close_narrow_lower(
    values: dict[str, Any],
) -> None:
    result = score(values, rank_gaps=True)
    steps = [p.step for p in result.plan]
    assert steps == sorted(steps)
    moving = [p for p in result.plan if p.kind is ItemKind.FIND_OUT and p.moves > 0]
    assert all(p.immediate and p.step == 4 for p in moving)
    assert [p.moves for p in moving] == sorted((p.moves for p in moving), reverse=True)


# --- anchor 7: EAEU storage ---------------------------------------------------------------


@SETTINGS
@given(answers(), st.sampled_from(["russia", "eaeu", "belarus"]))
def test_eaeu_storage_is_within_reach_and_no_contract_lowers_it(
    values: dict[str, Any], where: str
) -> None:
    result = score(dict(values, storage=where, partner_contract="yes"))
    assert "stored_in_reach" in result.open_paths
    for s in scenarios(result).values():
        if s.path == "stored_in_reach" and s.impact != "chilling":
            assert s.inherent.likelihood >= 3
            assert s.residual is None or s.residual.likelihood >= 3


# --- anchor 8: credit once; assess and remedy change nothing -------------------------------


@SETTINGS
@given(answers())
def test_assess_and_remedy_never_change_a_residual(values: dict[str, Any]) -> None:
    result = score(values)
    declined = score(values, records=_decline_all(result, {ItemKind.ASSESS, ItemKind.REMEDY}))
    assert scenarios(result) == scenarios(declined)


@SETTINGS
@given(answers())
def test_contracts_lower_at_most_one_and_groups_credit_once(values: dict[str, Any]) -> None:
    result = score(dict(values, partner="yes"))
    for s in scenarios(result).values():
        if s.path == "partner_in_reach" and s.residual is not None and s.impact == "disclosure":
            assert s.inherent.likelihood - s.residual.likelihood <= 1
    location = [m.id for m in engine().q.mitigations if m.group == "location"]
    planned = [p.subject for p in result.plan if p.subject in location]
    if len(planned) == 2:
        stored = [s for s in scenarios(result).values() if s.path == "stored_in_reach"]
        # The first member (move data out) is credited alone: closed, not also narrowed.
        assert all(s.residual is None for s in stored)


def test_only_close_narrow_lower_carry_effects() -> None:
    for m in engine().q.mitigations:
        if m.type in (MitigationType.ASSESS, MitigationType.REMEDY):
            assert not m.paths and m.likelihood is None and m.scale_to is None


# --- anchor 10: sales to the security services ---------------------------------------------


@SETTINGS
@given(answers())
def test_confirmed_sales_are_critical_with_cause_or_contribute(values: dict[str, Any]) -> None:
    result = score(dict(values, sells_to_state="yes"))
    capacity = result.impact("surveillance_capacity")
    assert capacity is not None and capacity.band == "critical"
    assert capacity.involvement in ("cause", "contribute")
    assert any("sanctions" in flag for flag in result.flags)


# --- anchor 2: a foreign service, TLS only ------------------------------------------------

FOREIGN = {
    "service": "messenger",
    "connection": "none",
    "sorm": "no",
    "storage": "outside",
    "demands": "no",
    "voluntary": "no",
    "staff_access": "none",
    "entity": "no",
    "group_abroad": "yes",
    "partner": "no",
    "operator": "no",
    "block_orders": "no",
    "sells_to_state": "no",
    "records_law": "no",
    "alternatives": "yes",
    "abroad": "no",
    "sanctions_screening": "no",
}


@SETTINGS
@given(
    st.sampled_from(COUNTS[1:]),
    st.sampled_from(["under_1k", "under_10k", "more"]),
    st.booleans(),
    st.booleans(),
)
def test_a_foreign_tls_only_service_is_never_above_medium(
    users: int, at_risk: str, content: bool, location: bool
) -> None:
    values = dict(
        FOREIGN,
        users=users,
        users_total=users,
        at_risk=at_risk,
        transit="tls",
        content="yes" if content else "no",
        location="yes" if location else "no",
    )
    result = score(values)
    assert result.impacts, "transit is shown as context"
    assert all(BANDS[i.band] <= BANDS["medium"] for i in result.impacts)
    assert all(i.context_only for i in result.impacts)
    assert result.headline == ()
    e2ee = score(dict(values, transit="tls_e2ee"))
    disclosure = e2ee.impact("disclosure")
    assert disclosure is not None and disclosure.band == "low"


# --- anchor 6: staff approached or detained ----------------------------------------------


@SETTINGS
@given(
    answers(),
    st.sampled_from(["on_request", "standing"]),
    st.sampled_from(["yes", "no"]),
    st.sampled_from(["yes", "no"]),
)
def test_staff_approached_is_an_actual_impact_with_staff_items_first(
    values: dict[str, Any], access: str, approval: str, break_glass: str
) -> None:
    # Safeguards are drawn apart: with both in place the path's likelihood is at its lowest.
    facts = {"approval_abroad": approval, "break_glass": break_glass}
    result = score(dict(values, staff_access=access, staff_approached="yes", **facts))
    entry = next((e for e in result.register if e.id == "staff_approached"), None)
    assert entry is not None and "staff_coercion" in entry.impacts
    coercion = result.impact("staff_coercion")
    assert coercion is not None
    assert BANDS[coercion.band] >= BANDS["high"], coercion.scenarios[0].inherent.vector
    actual = [item for item in result.plan if item.kind is ItemKind.ACTUAL]
    assert list(result.plan[: len(actual)]) == actual, "actual-impact items come first"
    rest = result.plan[len(actual) :]
    staff = {
        m.id
        for m in engine().q.mitigations
        if "staff_coercion" in m.impacts and m.type is not MitigationType.DECISION
    }
    first = 0
    while first < len(rest) and rest[first].subject in staff and first < 3:
        first += 1
    assert 1 <= first <= 2, [item.id for item in rest[:3]]
    assert [item.step for item in rest[:first]] == [PRIORITY] * first
    assert all(item.step != PRIORITY for item in rest[first:])
