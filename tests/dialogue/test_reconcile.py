"""Carrying answers over to a changed questionnaire: kept, flagged for review, or retired."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd.answers.model import (
    Answer,
    Answers,
    HistoryEntry,
    RetiredAnswer,
    load_answers,
    save_answers,
    to_values,
)
from hrdd.dialogue.reconcile import reconcile
from hrdd.dialogue.session import Session, new_answers
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.hashing import question_fingerprint, questionnaire_hash
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.scoring.impacts.format import RiskQuestionnaire
from tests.conftest import BRANCHING as SAMPLE

NOW = "2025-02-01T08:00:00+00:00"


@pytest.fixture(scope="module")
def questionnaire() -> RiskQuestionnaire:
    q, _ = load_model_or_raise(RiskQuestionnaire, SAMPLE)
    return q


class Clock:
    def __init__(self) -> None:
        self.minute = 0

    def __call__(self) -> str:
        self.minute += 1
        return f"2025-01-01T10:{self.minute:02d}:00+00:00"


def make(
    q: RiskQuestionnaire, answers: Answers | None = None, respondent: str | None = "Anna"
) -> Session:
    clock = Clock()
    return Session(
        q,
        CompiledQuestionnaire(q),
        answers or new_answers(q, "Acme", clock()),
        respondent=respondent,
        clock=clock,
    )


def _answered(q: RiskQuestionnaire, items: dict[str, Answer], version: str = "0.9.0") -> Answers:
    base = new_answers(q, "Acme", "2025-01-01T10:00:00+00:00")
    ref = base.questionnaire.model_copy(update={"version": version, "hash": "sha256:" + "0" * 64})
    return base.model_copy(update={"answers": items, "questionnaire": ref})


def test_reconcile_keeps_unchanged_flags_changed_and_retires_removed(
    questionnaire: RiskQuestionnaire,
) -> None:
    questions = {q.id: q for q in questionnaire.questions()}
    answers = _answered(
        questionnaire,
        {
            "has_entity": Answer(
                value="yes", question_hash=question_fingerprint(questions["has_entity"])
            ),
            "services": Answer(value=["mail"], question_hash="0123456789abcdef"),
            "old_question": Answer(
                value="x",
                note="Asked by the auditor.",
                evidence=["audit.pdf"],
                answered_by="Boris",
                answered_at="2024-12-01T09:00:00+00:00",
                question_hash="0123456789abcdef",
                history=[HistoryEntry(value="y", by="Anna", at="2024-11-01T09:00:00+00:00")],
            ),
        },
    )
    result, info = reconcile(
        answers, questionnaire, lambda _q, _v: True, now="2025-02-01T08:00:00+00:00"
    )
    assert info.changed is True
    assert info.kept == ["has_entity"]
    assert info.flagged == ["services"]
    assert list(info.retired) == ["old_question"]
    assert result.answers["services"].review is True
    assert result.answers["has_entity"].review is False
    assert "old_question" not in result.answers
    # Nothing typed is lost: the whole record moves to `retired`, stamped.
    retired = result.retired["old_question"]
    assert info.retired["old_question"] == retired
    old = answers.answers["old_question"]
    assert retired.model_dump(exclude={"retired_at", "retired_from"}) == old.model_dump()
    assert retired.retired_at == "2025-02-01T08:00:00+00:00"
    assert retired.retired_from == "0.9.0"
    assert result.questionnaire.hash == questionnaire_hash(questionnaire)
    assert result.questionnaire.version == questionnaire.version
    # A flagged answer is asked again; its value still drives conditions meanwhile.
    s = make(questionnaire, result)
    assert s.first() == "entity_kind"
    assert "services" in s.pending()


def test_reconcile_changes_nothing_for_the_same_questionnaire(
    questionnaire: RiskQuestionnaire,
) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "no")
    result, info = reconcile(s.answers, questionnaire, lambda _q, _v: True)
    assert result is s.answers
    assert info.changed is False
    assert info.flagged == []


def test_reconcile_flags_values_that_no_longer_fit(questionnaire: RiskQuestionnaire) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "no")
    result, info = reconcile(s.answers, questionnaire, lambda _q, _v: False)
    assert info.flagged == ["has_entity"]
    assert result.answers["has_entity"].review is True


def _retired_in_0_9(q: RiskQuestionnaire, value: str = "x") -> Answers:
    """Answers to version 0.9.0, whose question `old_question` the current one removed."""
    return _answered(
        q,
        {
            "has_entity": Answer(value="no", question_hash=question_fingerprint(q.questions()[0])),
            "old_question": Answer(value=value, answered_by="Boris"),
        },
    )


def test_retired_answers_survive_a_save_and_a_load(
    questionnaire: RiskQuestionnaire, tmp_path: Path
) -> None:
    result, _ = reconcile(
        _retired_in_0_9(questionnaire), questionnaire, lambda _q, _v: True, now=NOW
    )
    path = tmp_path / "answers.yaml"
    save_answers(path, result, questionnaire)
    text = path.read_text(encoding="utf-8")
    assert "retired:\n  old_question:\n    value: x\n" in text
    loaded, _ = load_answers(path)
    assert loaded == result
    assert "old_question" not in to_values(loaded)


def test_a_question_retired_twice_keeps_both_answers(questionnaire: RiskQuestionnaire) -> None:
    first, _ = reconcile(
        _retired_in_0_9(questionnaire, "first"), questionnaire, lambda _q, _v: True, now=NOW
    )
    # The question came back in a version between, was answered again, then removed again.
    again = first.model_copy(
        update={
            "answers": {
                **first.answers,
                "old_question": Answer(
                    value="second", answered_by="Anna", answered_at="2025-03-01T09:00:00+00:00"
                ),
            },
            "questionnaire": first.questionnaire.model_copy(update={"version": "1.1.0"}),
        }
    )
    second, info = reconcile(
        again, questionnaire, lambda _q, _v: True, now="2025-04-01T09:00:00+00:00"
    )
    retired = second.retired["old_question"]
    assert retired.value == "second" and retired.retired_from == "1.1.0"
    assert [(h.value, h.by, h.at) for h in retired.history] == [("first", "Boris", NOW)]
    assert list(info.retired) == ["old_question"]


def test_a_retired_question_that_comes_back_is_asked_again_not_restored(
    questionnaire: RiskQuestionnaire,
) -> None:
    # The file retired `services` under an earlier version; the current one has it again.
    answers = new_answers(questionnaire, "Acme", NOW).model_copy(
        update={
            "answers": {"has_entity": Answer(value="no")},
            "retired": {
                "services": RetiredAnswer(
                    value=["mail"], retired_at=NOW, retired_from="0.9.0", answered_by="Boris"
                )
            },
        }
    )
    result, info = reconcile(answers, questionnaire, lambda _q, _v: True)
    assert result is answers and not info.changed
    s = make(questionnaire, result)
    assert "services" not in s.answers.answers
    assert s.first() == "services"
    s.answer("services", frozenset({"taxi"}))
    assert s.answers.answers["services"].value == ["taxi"]
    # The old answer stays retired, untouched, next to the new one.
    assert s.answers.retired["services"].value == ["mail"]
