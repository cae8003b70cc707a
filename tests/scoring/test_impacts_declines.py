"""Plan records from an answers file: bare ids name `mitigation:x` or `decision:x`."""

from __future__ import annotations

from pathlib import Path

from hrdd.answers.model import Answers, MitigationRecord
from hrdd.questionnaire.loading import read_document, validate_model
from hrdd.scoring.impacts.engine import RiskEngine
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.result import Result

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "impacts"


def engine() -> RiskEngine:
    doc, _ = read_document(DATA / "example.yaml")
    assert doc is not None
    q, found = validate_model(RiskQuestionnaire, doc)
    assert q is not None and not found
    return RiskEngine(RiskIndex(q))


def answers() -> Answers:
    doc, problems = read_document(DATA / "answers" / "declines.yaml")
    assert doc is not None and not problems
    model, found = validate_model(Answers, doc)
    assert model is not None and not found
    return model


def residuals(result: Result) -> dict[str, str | None]:
    return {
        s.id: s.residual.band if s.residual is not None else None
        for i in result.impacts
        for s in i.scenarios
    }


def test_bare_ids_in_an_answers_file_decline_a_mitigation_and_a_decision() -> None:
    eng, file = engine(), answers()
    result = eng.score_answers(file)
    items = {item.id: item for item in result.plan}
    assert items["decision:stay_or_exit"].declined
    assert items["decision:stay_or_exit"].flagged, "declining the exit from a floor is flagged"
    assert items["mitigation:move_data_out"].declined
    assert not items["mitigation:e2ee"].declined, "planned is not declined"
    # A declined close lowers nothing: the stored-in-reach path stays open in the residual.
    assert residuals(result)["disclosure/stored_in_reach"] is not None
    undeclined = eng.score_answers(file, records={})
    assert residuals(undeclined)["disclosure/stored_in_reach"] is None
    assert not {i.id: i for i in undeclined.plan}["decision:stay_or_exit"].declined


def test_full_plan_item_ids_mean_the_same_as_bare_ids() -> None:
    eng, file = engine(), answers()
    full = {eng.index.plan_item(key): record for key, record in file.mitigations.items()}
    assert set(full) == {"mitigation:move_data_out", "decision:stay_or_exit", "mitigation:e2ee"}
    assert eng.score_answers(file, records=full) == eng.score_answers(file)


def test_a_bare_id_that_names_no_mitigation_declines_nothing() -> None:
    eng, file = engine(), answers()
    record = file.mitigations["move_data_out"]
    stray: dict[str, MitigationRecord] = {"move_data": record, "find_out:users": record}
    assert eng.score_answers(file, records=stray) == eng.score_answers(file, records={})
