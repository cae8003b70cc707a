"""The Decree 368 questionnaire on format 2: it loads, it keeps 1.x answers valid, and its
archetypes and the content calibration anchors of the risk model hold when scored.

Each case under questionnaires/decree-368.tests/ is a format-2 test case (`hrdd test`): its
answers, its expected result and the reasoning behind it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from hrdd.answers.model import to_value
from hrdd.commands.impact_cases import ImpactCase
from hrdd.questionnaire.loading import read_document, validate_model
from hrdd.scoring.impacts.engine import RiskEngine
from hrdd.scoring.impacts.format import MitigationType, RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.result import ItemKind, Result
from hrdd.values import Value

ROOT = Path(__file__).resolve().parents[2]
V2 = ROOT / "questionnaires" / "decree-368.yaml"
V1 = ROOT / "tests" / "data" / "decree-368-1.1.0.yaml"
CASES = ROOT / "questionnaires" / "decree-368.tests"

# Questions of 1.x that 2.0.0 replaces, with the questions that replace them. Their answers
# retire through the reconciliation of `hrdd assess` (kept under `retired:`, never lost).
SPLIT = {"g_notified": ("listed", "registration_demand", "system_status", "by_demands")}
# Questions 2.1.0 retyped from yes/no to a single choice to offer "not applicable": every old
# value is still an option, so an old answer stays valid and is flagged for review.
RETYPED = {"retention_longer_by"}


@cache
def questionnaire() -> RiskQuestionnaire:
    doc, problems = read_document(V2)
    assert doc is not None and problems == []
    q, found = validate_model(RiskQuestionnaire, doc)
    assert q is not None and found == [], found
    return q


@cache
def engine() -> RiskEngine:
    return RiskEngine(RiskIndex(questionnaire()))


def load_case(path: Path) -> tuple[dict[str, Any], dict[str, Value]]:
    """Return the case (as plain data: name, reasoning, expect) and its answer values."""
    doc, problems = read_document(path)
    assert doc is not None and problems == []
    case, found = validate_model(ImpactCase, doc)
    assert case is not None and found == [], found
    expect = case.expect
    impacts = {
        iid: [e.inherent, None if e.residual == "none" else e.residual]
        for iid, e in (expect.impacts or {}).items()
    }
    meta = {
        "name": case.name,
        "reasoning": case.reasoning,
        "expect": {"impacts": impacts, "plan_starts": expect.plan_starts or []},
    }
    return meta, {k: to_value(v) for k, v in case.answers.items()}


@cache
def scored(name: str) -> tuple[dict[str, Any], Result]:
    meta, values = load_case(CASES / f"{name}.yaml")
    # As a single-file `score` or `report` does it: find-out items ranked by what they move.
    return meta, engine().score(values, rank_gaps=True)


CASE_NAMES = sorted(p.stem for p in CASES.glob("*.yaml"))


# --- the questionnaire ---------------------------------------------------------------------


def test_the_questionnaire_is_version_2_with_the_six_impacts_and_eight_paths() -> None:
    q = questionnaire()
    assert (q.id, q.version, q.format) == ("decree_368", "2.1.0", 2)
    assert [i.id for i in q.impacts] == [
        "disclosure",
        "reach_abroad",
        "chilling",
        "staff_coercion",
        "loss_of_access",
        "surveillance_capacity",
    ]
    assert {p.id for p in q.paths} == {
        "state_system",
        "stored_in_reach",
        "people_in_reach",
        "entity_orders",
        "partner_in_reach",
        "network_transit",
        "shutdown_block_orders",
        "sales_to_state",
    }
    assert len(q.areas) == 10


def test_every_reference_of_the_risk_model_is_declared() -> None:
    q = questionnaire()
    index = RiskIndex(q)
    paths = {p.id for p in q.paths}
    impacts = {i.id for i in q.impacts}
    safeguards = {s.id for p in q.paths for s in p.safeguards}
    sources = {s.id for s in q.sources}
    for impact in q.impacts:
        assert set(impact.paths) <= paths, impact.id
    for area in q.areas:
        assert set(area.exposure) <= paths, area.id
        assert set(area.safeguards) <= safeguards, area.id
    for actual in q.actual_impacts:
        assert set(actual.impacts) <= impacts and set(actual.raises) <= paths, actual.id
    for m in q.mitigations:
        assert set(m.paths) | set(m.closes) <= paths, m.id
        assert set(m.impacts) <= impacts, m.id
        assert m.safeguard is None or m.safeguard in safeguards, m.id
        for option in m.options:
            assert set(option.closes) <= paths, m.id
    for gap in q.gaps:
        assert gap.question in index.questions, gap.question
    cited = [r.source for m in q.mitigations for r in m.references]
    cited += [r.source for i in q.impacts for r in i.references]
    cited += [r.source for p in q.paths for r in p.references]
    cited += [r.source for a in q.areas for r in a.references]
    cited += [r.source for s in q.sections for qq in s.questions for r in qq.references]
    assert set(cited) <= sources, set(cited) - sources


def test_every_floored_path_can_be_closed_and_decisions_are_immediate() -> None:
    q = questionnaire()
    closable = {p for m in q.mitigations for p in m.closes}
    closable |= {p for m in q.mitigations for o in m.options for p in o.closes}
    for path in q.paths:
        if any(level.floor for level in path.levels):
            assert path.id in closable, path.id
    decisions = [m for m in q.mitigations if m.type is MitigationType.DECISION]
    assert {m.id for m in decisions} == {
        "stay_exit_assessment",
        "connect_or_refuse",
        "security_sales_decision",
    }
    assert all(m.horizon.value == "immediate" and m.review for m in decisions)
    # No mitigation closes transit: withdrawing a service causes loss of access.
    assert not any("network_transit" in m.closes for m in q.mitigations)


def test_answers_to_unchanged_questions_stay_valid() -> None:
    # 1.1.0 is questionnaire format 1, retired: its questions are read here as plain data.
    doc, _ = read_document(V1)
    assert doc is not None and isinstance(doc.data, dict)
    v1 = [question for section in doc.data["sections"] for question in section["questions"]]
    assert len(v1) > 50
    v2 = RiskIndex(questionnaire()).questions
    for old in v1:
        qid = old["id"]
        if qid in SPLIT:
            assert qid not in v2
            assert all(new in v2 for new in SPLIT[qid])
            continue
        new = v2.get(qid)
        assert new is not None, f"{qid} lost"
        assert new.type.value == old["type"] or qid in RETYPED, qid
        assert {o["value"] for o in old.get("options", [])} <= {o.value for o in new.options}, qid
        assert not old.get("dont_know", False) or new.dont_know, qid


# --- the archetypes ------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case_bands_match_the_written_reasoning(name: str) -> None:
    meta, result = scored(name)
    expect = meta["expect"]
    got = {i.id: [i.band, i.residual] for i in result.impacts}
    assert got == expect["impacts"], meta["reasoning"]
    starts = expect["plan_starts"]
    assert [p.id for p in result.plan[: len(starts)]] == starts


def test_there_are_the_ten_archetypes_and_the_new_ones() -> None:
    # 17 cases of 2.0.0, and three of 2.1.0 for its new topics.
    assert len(CASE_NAMES) == 20
    assert {"donation-platform", "outsourcer-eu-remote-access", "delivery-platform-workers"} <= set(
        CASE_NAMES
    )


def test_a_company_with_no_open_path_is_not_rated() -> None:
    _, result = scored("b2b-no-nexus")
    assert not result.rated and result.impacts == () and result.plan == ()


# --- content anchors of risk-model.md ------------------------------------------------------


@pytest.mark.parametrize("name", ["foreign-tls-only", "cloud-reseller-no-data", "e2ee-messenger"])
def test_anchor_2_foreign_tls_only_is_at_most_medium_and_context(name: str) -> None:
    _, result = scored(name)
    assert result.open_paths == ("network_transit",)
    for impact in result.impacts:
        assert impact.band in ("low", "medium")
        assert impact.context_only and impact.involvement == "none"
    assert result.headline == ()


def test_anchor_2_e2ee_and_sealed_sender_make_disclosure_low() -> None:
    _, plain = scored("foreign-tls-only")
    _, sealed = scored("foreign-e2ee-sealed-sender")
    assert plain.impact("disclosure").band == "medium"  # type: ignore[union-attr]
    assert sealed.impact("disclosure").band == "low"  # type: ignore[union-attr]


def test_anchor_3_sorm_keeps_disclosure_critical_and_stay_or_exit_early() -> None:
    _, result = scored("mobile-operator")
    disclosure = result.impact("disclosure")
    assert disclosure is not None
    assert (disclosure.band, disclosure.residual) == ("critical", "critical")
    assert any(e.presumed for e in result.register)
    after_actual = [p.id for p in result.plan if p.kind is not ItemKind.ACTUAL]
    assert "decision:stay_exit_assessment" in after_actual[:3]
    state = next(s for s in disclosure.scenarios if s.path == "state_system" and not s.at_risk)
    assert state.residual is not None and state.residual.likelihood >= 4


def test_anchor_4_discrimination_across_the_cases() -> None:
    bands = [i.band for n in CASE_NAMES for i in scored(n)[1].impacts]
    assert bands.count("critical") * 2 <= len(bands)
    for name in CASE_NAMES:
        result = scored(name)[1]
        if len(result.impacts) >= 2:
            assert len({i.band for i in result.impacts}) >= 2, name
    store = scored("online-store")[1]
    assert {i.band for i in store.impacts} <= {"low", "medium", "high"}
    assert store.impact("disclosure").band == "high"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["mobile-operator"])
def test_anchor_6_staff_approached(name: str) -> None:
    _, result = scored(name)
    assert "staff_approached" in {e.id for e in result.register}
    staff = result.impact("staff_coercion")
    assert staff is not None and staff.band in ("high", "critical")
    after_actual = [p for p in result.plan if p.kind is not ItemKind.ACTUAL]
    q = questionnaire()
    staff_items = {m.id for m in q.mitigations if "staff_coercion" in m.impacts}
    first = [p.subject for p in after_actual[:2]]
    assert set(first) <= staff_items
    assert sum(1 for p in after_actual if p.step == 2) <= 2


def test_anchor_7_storage_in_russia_is_within_reach() -> None:
    _, result = scored("app-hosted-in-russia")
    disclosure = result.impact("disclosure")
    assert disclosure is not None
    stored = next(s for s in disclosure.scenarios if s.path == "stored_in_reach")
    assert stored.inherent.likelihood >= 3
    assert "Russia" in " ".join(stored.drivers)


def test_anchor_9_when_filters_hold() -> None:
    store = [p.subject for p in scored("online-store")[1].plan]
    assert "data_out_of_belarus" not in store  # the Decree 60 rule
    assert "localise_minimum" in store
    hosting = [p.subject for p in scored("hosting-provider-connecting")[1].plan]
    assert "dual_approval" not in hosting  # no group entity outside Belarus
    fintech = [p.subject for p in scored("fintech-records-by-law")[1].plan]
    assert "e2ee_by_default" not in fintech and "e2ee_legal_review" in fintech
    strong = [p.subject for p in scored("strong-practice")[1].plan]
    assert "demand_process" not in strong  # already in place
    for name in CASE_NAMES:
        result = scored(name)[1]
        for item in result.plan:
            if item.kind is ItemKind.CLOSE:
                assert "network_transit" not in item.reason


def test_anchor_10_sales_to_the_kgb() -> None:
    _, result = scored("b2b-sells-to-kgb")
    capacity = result.impact("surveillance_capacity")
    assert capacity is not None and capacity.band == "critical"
    assert capacity.involvement in ("cause", "contribute")
    assert any("sanctions" in f for f in result.flags)
    assert not any("breach" in f and "demand" in f for f in result.flags)
    assert result.plan[0].id == "decision:security_sales_decision"


def test_actual_impacts_come_first_and_only_from_confirmed_answers() -> None:
    _, complied = scored("complied-in-past")
    assert complied.plan[0].id == "actual:data_handed_over"
    _, dating = scored("dating-app-first-sitting")
    assert dating.register == ()  # every unknown is a find-out item, never an actual impact
    assert any(p.kind is ItemKind.FIND_OUT for p in dating.plan)


# --- topics added in 2.1.0 -----------------------------------------------------------------


def _rescored(name: str, **changes: Value) -> Result:
    _, values = load_case(CASES / f"{name}.yaml")
    return engine().score({**values, **changes}, rank_gaps=True)


def _stored_scale(result: Result) -> int:
    disclosure = result.impact("disclosure")
    assert disclosure is not None
    return next(
        s.inherent.scale
        for s in disclosure.scenarios
        if s.path == "stored_in_reach" and not s.at_risk
    )


def test_donations_to_labelled_groups_are_graded_5_and_other_affiliations_4() -> None:
    # Risk model: subscriptions and group membership 4; donations to or subscriptions of
    # groups labelled "extremist" 5. The donation platform holds nothing graver.
    assert _stored_scale(scored("donation-platform")[1]) == 5
    assert _stored_scale(_rescored("donation-platform", hold_affiliations="yes")) == 4
    assert _stored_scale(_rescored("donation-platform", hold_affiliations="no")) == 4  # payments
    plain = _rescored("donation-platform", hold_affiliations="no", hold_payments="no")
    assert _stored_scale(plain) == 3


def test_a_donation_service_chills_as_much_as_a_communications_service() -> None:
    _, result = scored("donation-platform")
    chilling = result.impact("chilling")
    assert chilling is not None and chilling.scenarios[0].inherent.scale == 4


def test_remote_access_to_eu_data_from_minsk_asks_for_a_transfer_assessment() -> None:
    plan = [p.subject for p in scored("outsourcer-eu-remote-access")[1].plan]
    assert "transfer_impact_assessment" in plan
    assessed = _rescored("outsourcer-eu-remote-access", transfer_assessed="yes")
    assert "transfer_impact_assessment" not in [p.subject for p in assessed.plan]
    # The assessment is an assess step: it changes no rating.
    assert [(i.id, i.band, i.residual) for i in assessed.impacts] == [
        (i.id, i.band, i.residual) for i in scored("outsourcer-eu-remote-access")[1].impacts
    ]


def test_platform_workers_get_a_voice_and_their_location_counts() -> None:
    _, result = scored("delivery-platform-workers")
    assert "platform_worker_voice" in [p.subject for p in result.plan]
    disclosure = result.impact("disclosure")
    assert disclosure is not None and disclosure.band == "critical"
    # Couriers tracked in real time are what makes it critical: stored history only is high.
    history = _rescored("delivery-platform-workers", hold_location="history")
    assert history.impact("disclosure").band == "high"  # type: ignore[union-attr]


def test_a_circumvention_tool_is_graded_as_the_safer_alternative_when_lost() -> None:
    blocked = _rescored("donation-platform", services=frozenset({"circumvention"}))
    loss = blocked.impact("loss_of_access")
    assert loss is not None and loss.scenarios[0].inherent.scale == 4


def test_an_audit_right_is_needed_for_the_partner_safeguard() -> None:
    full = _rescored("delivery-platform-workers", partner_clauses="yes", partner_audit="used")
    notice_only = _rescored("delivery-platform-workers", partner_clauses="yes", partner_audit="no")

    def partner_l(result: Result) -> int:
        disclosure = result.impact("disclosure")
        assert disclosure is not None
        return next(
            s.inherent.likelihood for s in disclosure.scenarios if s.path == "partner_in_reach"
        )

    assert partner_l(full) == partner_l(notice_only) - 1


def test_new_questions_never_name_an_extremist_designated_group_as_a_partner() -> None:
    # Safety: the questionnaire names designated groups only to warn, never as partners to
    # contact, and consultation goes through intermediaries outside Belarus.
    q = questionnaire()
    consult = next(m for m in q.mitigations if m.id == "consult_civil_society")
    assert consult.review and "intermediaries outside Belarus" in consult.action
    for m in q.mitigations:
        assert "Viasna" not in m.title and "Helsinki" not in m.title, m.id
