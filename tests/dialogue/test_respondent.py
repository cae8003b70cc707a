"""Respondents: the last one of a file is remembered, one can switch, a role can stand alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from hrdd.answers.model import Respondent, last_respondent, load_answers, save_answers
from hrdd.dialogue.session import Session, new_answers
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.scoring.impacts.format import RiskQuestionnaire
from tests.conftest import BRANCHING

SAMPLE = BRANCHING


@pytest.fixture(scope="module")
def questionnaire() -> RiskQuestionnaire:
    q, _ = load_model_or_raise(RiskQuestionnaire, SAMPLE)
    return q


def session(q: RiskQuestionnaire, **who: str | None) -> Session:
    ticks = iter(f"2025-01-01T10:{m:02d}:00+00:00" for m in range(60))
    return Session(
        q,
        CompiledQuestionnaire(q),
        new_answers(q, "Acme", "2025-01-01T09:00:00+00:00"),
        clock=lambda: next(ticks),
        **who,  # type: ignore[arg-type]
    )


def test_a_respondent_needs_a_name_or_a_role() -> None:
    assert Respondent(role="DPO").label == "DPO"
    assert Respondent(name="Anna", role="DPO").label == "Anna"
    with pytest.raises(ValidationError, match="needs a `name` or a `role`"):
        Respondent()


def test_the_last_respondent_is_who_gave_the_latest_answer(
    questionnaire: RiskQuestionnaire,
) -> None:
    s = session(questionnaire, respondent="Anna")
    s.answer("has_entity", "no")
    s.switch_respondent("Boris")
    s.answer("services", frozenset({"mail"}))
    s.switch_respondent("Anna")  # listed already: not repeated
    assert [r.name for r in s.answers.respondents] == ["Anna", "Boris"]
    last = last_respondent(s.answers)
    assert last is not None
    assert last.name == "Boris"
    assert s.answers.answers["services"].answered_by == "Boris"
    assert s.answers.answers["has_entity"].answered_by == "Anna"


def test_a_role_only_respondent_is_recorded_without_a_name(
    questionnaire: RiskQuestionnaire, tmp_path: Path
) -> None:
    s = session(questionnaire, role="Head of Legal")
    s.answer("has_entity", "no")
    path = tmp_path / "a.yaml"
    save_answers(path, s.answers, questionnaire)
    text = path.read_text(encoding="utf-8")
    assert "name:" not in text
    loaded, _ = load_answers(path)
    assert loaded.respondents == [Respondent(role="Head of Legal")]
    assert loaded.answers["has_entity"].answered_by == "Head of Legal"
    last = last_respondent(loaded)
    assert last == Respondent(role="Head of Legal")


def test_a_file_nobody_answered_has_no_last_respondent(questionnaire: RiskQuestionnaire) -> None:
    assert last_respondent(new_answers(questionnaire, "Acme", "2025-01-01T09:00:00+00:00")) is None
