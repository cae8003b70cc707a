"""Answers given to Decree 368 2.0.0 resume with 2.1.0: carried over or flagged, never lost.

`tests/data/answers/v2/ride-hailing-2.0.0.yaml` holds the answers of the 2.0.0 test case
`ride-hailing` as hrdd saved them against 2.0.0 (fingerprints of the 2.0.0 questions), with
three plan records. 2.1.0 removed no question: it reworded or split some, keeping each id for
the part closest to the old meaning, and added new ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hrdd.answers.model import load_answers, to_value, to_values
from hrdd.cli import run
from hrdd.commands.assess import AssessOptions, load_session
from hrdd.questionnaire.hashing import question_fingerprint
from hrdd.scoring.impacts.engine import RiskEngine
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.loading import load_questionnaire_or_raise
from tests.conftest import DATA, REPO

BUNDLED = REPO / "questionnaires" / "decree-368.yaml"
OLD = DATA / "answers" / "v2" / "ride-hailing-2.0.0.yaml"
CASE = REPO / "questionnaires" / "decree-368.tests" / "ride-hailing.yaml"
# Split or reworded in 2.1.0, with the id kept for the part closest to the old meaning.
REWORDED = {
    "users_by",
    "hold_identity",
    "demand_policy",
    "demand_in_writing",
    "demand_review",
    "demand_escalation",
    "grievance",
    "staff_plan",
    "partner_clauses",
    "exit_plan",
    "board_reviewed",
    "key_handover_risk",
    "retention_longer_by",
    "local_partner",
}


@pytest.fixture(scope="module")
def bundled() -> RiskQuestionnaire:
    q, _ = load_questionnaire_or_raise(BUNDLED)
    assert isinstance(q, RiskQuestionnaire)
    return q


def test_every_2_0_0_answer_is_carried_over_or_flagged(bundled: RiskQuestionnaire) -> None:
    old, _ = load_answers(OLD)
    assert old.questionnaire.version == "2.0.0"
    session, _, reconciled, is_new = load_session(AssessOptions(questionnaire=BUNDLED, answers=OLD))
    assert not is_new and reconciled is not None
    new = session.answers
    assert new.questionnaire.version == "2.1.0"
    # Nothing retired, nothing lost: every old answer is kept or flagged, with its value.
    assert not reconciled.retired
    assert sorted([*reconciled.kept, *reconciled.flagged]) == sorted(old.answers)
    for qid, answer in old.answers.items():
        assert new.answers[qid].value == answer.value, qid
    # Flagged are exactly the questions whose wording, type or options changed.
    questions = RiskIndex(bundled).questions
    changed = {
        qid
        for qid, answer in old.answers.items()
        if answer.question_hash != question_fingerprint(questions[qid])
    }
    assert set(reconciled.flagged) == changed
    assert set(reconciled.flagged) >= REWORDED & set(old.answers)
    assert "g_licence" in reconciled.kept and "listed" in reconciled.kept
    # Plan records keep their ids (no item of 2.0.0 was renamed or dropped).
    assert not reconciled.plan_retired
    assert set(new.mitigations) == set(old.mitigations)


def test_the_resumed_answers_plus_the_new_questions_score_like_the_2_1_0_case(
    bundled: RiskQuestionnaire,
) -> None:
    session, _, _, _ = load_session(AssessOptions(questionnaire=BUNDLED, answers=OLD))
    carried = to_values(session.answers)
    case = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    added = {k: to_value(v) for k, v in case["answers"].items() if k not in carried}
    assert {"platform_workers", "hold_affiliations", "staff_relocation", "exit_triggers"} <= set(
        added
    )
    engine = RiskEngine(RiskIndex(bundled))
    resumed = engine.score({**carried, **added})
    as_case = engine.score({k: to_value(v) for k, v in case["answers"].items()})
    assert resumed.impacts == as_case.impacts and resumed.plan == as_case.plan
    # Before the new questions are answered, the file still scores: the new facts are gaps.
    partial = engine.score(carried)
    assert partial.version == "2.1.0" and partial.impacts


def test_assess_no_input_lists_the_new_and_the_reworded_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / OLD.name
    path.write_bytes(OLD.read_bytes())
    code = run(["assess", str(BUNDLED), "--answers", str(path), "--no-input"])
    err = capsys.readouterr().err
    assert code == 2
    assert "  hold_affiliations: " in err and "  platform_workers: " in err  # new in 2.1.0
    assert "  hold_identity: " in err and "[review]" in err  # split in 2.1.0
    assert path.read_bytes() == OLD.read_bytes()
