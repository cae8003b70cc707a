"""Answers given to Decree 368 1.0.0 (format 1) resume with the bundled 2.1.0 (format 2): nothing
is lost.

The two answers files hold the answers of the 1.0.0 test cases `ride-hailing` and
`mobile-operator` as `hrdd assess` wrote them at 1.0.0 (fingerprints of the 1.0.0 questions),
with plan records keyed by 1.0.0 mitigation ids, some of which 2.0.0 folded into others.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd.answers.model import (
    Answers,
    MitigationRecord,
    RetiredMitigation,
    load_answers,
    save_answers,
)
from hrdd.cli import run
from hrdd.commands.assess import AssessOptions, load_session
from hrdd.dialogue.reconcile import Reconciled, plan_records, reconcile, retire_record
from hrdd.questionnaire.hashing import question_fingerprint
from hrdd.scoring.impacts.engine import RiskEngine
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.loading import load_questionnaire_or_raise
from tests.conftest import DATA, REPO

V2 = REPO / "questionnaires" / "decree-368.yaml"
OLD = DATA / "answers" / "v1"
FILES = ["ride-hailing-1.0.0.yaml", "mobile-operator-1.0.0.yaml"]
FOLDED = {"keys_abroad", "no_single_person", "written_demands", "demand_register_keep"}


@pytest.fixture(scope="module")
def v2() -> RiskQuestionnaire:
    q, _ = load_questionnaire_or_raise(V2)
    assert isinstance(q, RiskQuestionnaire)
    return q


def _resume(path: Path) -> tuple[Answers, Answers, Reconciled]:
    old, _ = load_answers(path)
    session, _, reconciled, is_new = load_session(AssessOptions(questionnaire=V2, answers=path))
    assert not is_new and reconciled is not None
    return old, session.answers, reconciled


@pytest.mark.parametrize("name", FILES)
def test_every_old_answer_is_carried_over_flagged_or_retired(
    name: str, v2: RiskQuestionnaire
) -> None:
    old, new, reconciled = _resume(OLD / name)
    assert old.questionnaire.version == "1.0.0" and old.format == 1
    kept, flagged, retired = reconciled.kept, reconciled.flagged, reconciled.retired
    assert reconciled.changed
    # Each old answer lands in exactly one of the three, and none is lost.
    assert sorted([*kept, *flagged, *retired]) == sorted(old.answers)
    assert not (set(kept) & set(flagged))
    questions = {q.id: q for q in v2.questions()}
    # The session sets `active: false` on answers whose question no longer applies: kept.
    for qid in kept:
        assert new.answers[qid].model_copy(update={"active": True}) == old.answers[qid]
        assert question_fingerprint(questions[qid]) == old.answers[qid].question_hash
    for qid in flagged:
        answer = new.answers[qid]
        assert answer.review and answer.value == old.answers[qid].value
        assert answer.model_copy(update={"review": False, "active": True}) == old.answers[qid]
    # Retired: exactly the questions 2.0.0 no longer has (g_notified was split).
    assert set(retired) == set(old.answers) - set(questions)
    assert "g_notified" in retired
    for qid, answer in retired.items():
        assert new.retired[qid] == answer
        assert answer.value == old.answers[qid].value
        assert answer.answered_by == old.answers[qid].answered_by
        assert answer.retired_from == "1.0.0"
    assert new.questionnaire.version == "2.1.0"


@pytest.mark.parametrize("name", FILES)
def test_every_old_plan_record_is_carried_over_or_retired(name: str, v2: RiskQuestionnaire) -> None:
    old, new, reconciled = _resume(OLD / name)
    plan_kept = reconciled.plan_kept
    plan_retired = reconciled.plan_retired
    assert sorted([*plan_kept, *plan_retired]) == sorted(old.mitigations)
    items = set(v2.plan_item_ids())
    for key, target in plan_kept.items():
        assert target in items and target.endswith(f":{key}")
        assert new.mitigations[target] == old.mitigations[key]
    assert set(new.mitigations) == set(plan_kept.values())
    for key, record in plan_retired.items():
        assert new.retired_mitigations[key] == record
        assert record.retired_from == "1.0.0"
        fields = record.model_dump(exclude={"retired_at", "retired_from", "earlier"})
        assert MitigationRecord(**fields) == old.mitigations[key]
    # The mitigations 2.0.0 folded into others are the ones retired here.
    assert set(plan_retired) == FOLDED & set(old.mitigations)
    assert plan_retired


def test_a_bare_id_that_became_a_decision_keeps_its_record() -> None:
    old, new, reconciled = _resume(OLD / "ride-hailing-1.0.0.yaml")
    assert reconciled.plan_kept["stay_exit_assessment"] == "decision:stay_exit_assessment"
    assert new.mitigations["decision:stay_exit_assessment"].owner == "Board of directors"


@pytest.mark.parametrize("name", FILES)
def test_the_resumed_file_saves_loads_scores_and_resumes_unchanged(
    name: str, tmp_path: Path, v2: RiskQuestionnaire
) -> None:
    _, new, _ = _resume(OLD / name)
    path = tmp_path / name
    save_answers(path, new, v2)
    loaded, _ = load_answers(path)
    assert loaded == new
    # A second resume finds nothing to change.
    again, reconciled = reconcile(loaded, v2, lambda _q, _v: True)
    assert not reconciled.changed and again == loaded
    result = RiskEngine(RiskIndex(v2)).score_answers(loaded)
    assert result.version == "2.1.0" and result.impacts


def test_an_old_acceptance_still_declines_its_item_after_resuming(v2: RiskQuestionnaire) -> None:
    _, new, _ = _resume(OLD / "ride-hailing-1.0.0.yaml")
    # Dated before the acceptance expires, as the file's `updated` is.
    result = RiskEngine(RiskIndex(v2)).score_answers(new)
    declined = [item.id for item in result.plan if item.declined]
    assert "mitigation:transparency_report_belarus" in declined


def test_the_old_file_scores_as_it_is_without_resuming(v2: RiskQuestionnaire) -> None:
    old, _ = load_answers(OLD / "mobile-operator-1.0.0.yaml")
    resumed = _resume(OLD / "mobile-operator-1.0.0.yaml")[1]
    engine = RiskEngine(RiskIndex(v2))
    # Records of folded mitigations name no item: they change nothing, and nothing fails.
    assert engine.score_answers(old).impacts == engine.score_answers(resumed).impacts


@pytest.mark.parametrize("name", FILES)
def test_assess_no_input_lists_new_and_changed_questions_and_writes_nothing(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes((OLD / name).read_bytes())
    code = run(["assess", str(V2), "--answers", str(path), "--no-input"])
    err = capsys.readouterr().err
    assert code == 2
    assert "applicable question(s) have no answer" in err
    assert "  at_risk_users: " in err and "[review]" in err
    assert "  demands_complied: " in err  # new in 2.0.0
    # Removed in 2.0.0: named in the answer-stale finding (as `hrdd score` names it), never
    # listed as a question to answer.
    assert "  g_notified:" not in err
    assert path.read_bytes() == (OLD / name).read_bytes()


def test_a_record_retired_twice_keeps_the_earlier_one() -> None:
    first = MitigationRecord(status="done", owner="CTO")  # type: ignore[arg-type]
    earlier = retire_record(first, None, at="2025-01-01T00:00:00+00:00", version="1.0.0")
    second = MitigationRecord(status="planned", owner="CISO")  # type: ignore[arg-type]
    again = retire_record(second, earlier, at="2025-06-01T00:00:00+00:00", version="2.0.0")
    assert again.owner == "CISO" and again.retired_from == "2.0.0"
    assert again.earlier == [earlier]
    third = retire_record(first, again, at="2025-09-01T00:00:00+00:00", version="2.1.0")
    assert [r.owner for r in third.earlier] == ["CTO", "CISO"]
    assert all(isinstance(r, RetiredMitigation) and not r.earlier for r in third.earlier)


def test_a_bare_key_and_its_plan_item_id_both_survive(v2: RiskQuestionnaire) -> None:
    full = MitigationRecord(status="done", owner="A")  # type: ignore[arg-type]
    bare = MitigationRecord(status="planned", owner="B")  # type: ignore[arg-type]
    gone = MitigationRecord(status="planned", owner="C")  # type: ignore[arg-type]
    records = {"dual_approval": bare, "mitigation:dual_approval": full, "find_out:nope": gone}
    kept, moved, retired = plan_records(records, v2)
    assert kept == {"mitigation:dual_approval": full}
    assert moved == {"mitigation:dual_approval": "mitigation:dual_approval"}
    assert retired == {"dual_approval": bare, "find_out:nope": gone}


def test_plan_item_ids_of_every_kind_are_carried_over(v2: RiskQuestionnaire) -> None:
    record = MitigationRecord(status="planned", owner="Legal")  # type: ignore[arg-type]
    keys = [
        "find_out:demands_complied",
        f"actual:{v2.actual_impacts[0].id}",
        "decision:connect_or_refuse",
    ]
    kept, moved, retired = plan_records(dict.fromkeys(keys, record), v2)
    assert list(kept) == keys and not retired


def test_the_sitting_says_which_plan_records_were_retired(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hrdd.commands.assess import _tell_reconciled

    _, _, reconciled = _resume(OLD / "ride-hailing-1.0.0.yaml")
    _tell_reconciled(reconciled)
    out = capsys.readouterr().out
    assert "1 answer(s) retired" in out and "g_notified: yes" in out
    assert "3 plan record(s) carried over" in out
    assert "2 plan record(s) retired" in out
    assert "keys_abroad: in_progress" in out and "written_demands: done" in out
