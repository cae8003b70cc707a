"""The dialogue's state machine: applicability, navigation, changes, carry-over, progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd.answers import (
    Answer,
    Answers,
    HistoryEntry,
    RetiredAnswer,
    dump_answers,
    load_answers,
    save_answers,
    to_values,
)
from hrdd.conditions import CompiledQuestionnaire
from hrdd.dialogue.session import (
    Session,
    new_answers,
    parse_number,
    reconcile,
    to_stored,
)
from hrdd.hashing import question_fingerprint, questionnaire_hash
from hrdd.loading import load_model_or_raise
from hrdd.models import DONT_KNOW, Questionnaire

SAMPLE = Path(__file__).parent / "data" / "assess" / "branching.yaml"


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    q, _ = load_model_or_raise(Questionnaire, SAMPLE)
    return q


class Clock:
    def __init__(self) -> None:
        self.minute = 0

    def __call__(self) -> str:
        self.minute += 1
        return f"2025-01-01T10:{self.minute:02d}:00+00:00"


def make(
    q: Questionnaire, answers: Answers | None = None, respondent: str | None = "Anna"
) -> Session:
    clock = Clock()
    return Session(
        q,
        CompiledQuestionnaire(q),
        answers or new_answers(q, "Acme", clock()),
        respondent=respondent,
        clock=clock,
    )


def test_a_new_session_starts_at_the_first_question_and_skips_false_conditions(
    questionnaire: Questionnaire,
) -> None:
    s = make(questionnaire)
    assert s.first() == "has_entity"
    assert s.applicable() == ["has_entity", "services", "comments"]
    assert s.progress().answered == 0
    assert s.progress().applicable == 3
    assert [r.name for r in s.answers.respondents] == ["Anna"]


def test_answering_yes_reveals_the_branch_and_it_is_asked_next(
    questionnaire: Questionnaire,
) -> None:
    s = make(questionnaire)
    change = s.answer("has_entity", "yes")
    assert change.revealed == ["entity_kind", "staff", "data_location"]
    assert change.hidden == []
    assert s.next_after("has_entity") == "entity_kind"
    answer = s.answers.answers["has_entity"]
    assert answer.value == "yes"
    assert answer.answered_by == "Anna"
    assert answer.question_hash == question_fingerprint(questionnaire.questions()[0])


def test_changing_a_branching_answer_keeps_hidden_answers_inactive(
    questionnaire: Questionnaire,
) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "yes")
    s.answer("entity_kind", "branch")
    s.answer("staff", 12)
    change = s.answer("has_entity", "no")
    assert change.hidden == ["entity_kind", "staff"]
    assert s.answers.answers["entity_kind"].active is False
    assert s.answers.answers["staff"].value == 12
    assert "entity_kind" not in s.applicable()
    text = dump_answers(s.answers)
    assert "active: false" in text
    # Back to yes: the kept answers apply again and are not asked again.
    change = s.answer("has_entity", "yes")
    assert change.restored == ["entity_kind", "staff"]
    assert s.answers.answers["staff"].active is True
    assert s.next_after("has_entity") == "services"


def test_history_records_who_changed_what_and_when(questionnaire: Questionnaire) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "yes")
    first_at = s.answers.answers["has_entity"].answered_at
    later = Session(
        questionnaire,
        s.compiled,
        s.answers,
        respondent="Boris",
        clock=lambda: "2025-02-01T09:00:00+00:00",
    )
    later.answer("has_entity", "no")
    answer = later.answers.answers["has_entity"]
    assert answer.value == "no"
    assert answer.answered_by == "Boris"
    assert answer.answered_at == "2025-02-01T09:00:00+00:00"
    assert [(h.value, h.by, h.at) for h in answer.history] == [("yes", "Anna", first_at)]
    assert [r.name for r in later.answers.respondents] == ["Anna", "Boris"]


def test_confirming_the_same_value_keeps_the_original_author(
    questionnaire: Questionnaire,
) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "yes")
    s.respondent = "Boris"
    s.answer("has_entity", "yes")
    answer = s.answers.answers["has_entity"]
    assert answer.answered_by == "Anna"
    assert answer.history == []


def test_back_goes_to_the_previous_applicable_question(questionnaire: Questionnaire) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "no")
    assert s.previous("services") == "has_entity"
    assert s.previous("has_entity") is None
    assert s.previous(None) == "comments"


def test_next_after_wraps_to_an_earlier_pending_question(questionnaire: Questionnaire) -> None:
    s = make(questionnaire)
    s.answer("comments", "none")
    assert s.next_after("comments") == "has_entity"
    s.answer("has_entity", "no")
    s.answer("services", frozenset({"mail"}))
    assert s.next_after("services") is None
    assert s.first() is None


def test_multi_values_are_stored_in_option_order(questionnaire: Questionnaire) -> None:
    question = {q.id: q for q in questionnaire.questions()}["services"]
    assert to_stored(question, frozenset({"shop", "mail"})) == ["mail", "shop"]
    assert to_stored(question, DONT_KNOW) == DONT_KNOW


def test_progress_per_section(questionnaire: Questionnaire) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "yes")
    s.answer("entity_kind", "other")
    company = s.progress("company")
    assert (company.answered, company.applicable) == (2, 3)
    assert (s.progress().answered, s.progress().applicable) == (2, 6)
    assert s.position("staff") == (1, 3, 3, 3)


def test_notes_and_evidence_before_and_after_answering(questionnaire: Questionnaire) -> None:
    s = make(questionnaire)
    assert s.set_note("has_entity", "Checked with legal") is False
    assert s.add_evidence("has_entity", "https://intranet.example/register") is False
    assert "has_entity" not in s.answers.answers
    s.answer("has_entity", "yes")
    answer = s.answers.answers["has_entity"]
    assert answer.note == "Checked with legal"
    assert answer.evidence == ["https://intranet.example/register"]
    assert s.set_note("has_entity", None) is True
    assert s.add_evidence("has_entity", "docs/register.pdf") is True
    answer = s.answers.answers["has_entity"]
    assert answer.note is None
    assert answer.evidence == ["https://intranet.example/register", "docs/register.pdf"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12", 12), (" 1 000 ", 1000), ("0", 0), ("100000", 100000)],
)
def test_parse_number_accepts(questionnaire: Questionnaire, typed: str, expected: int) -> None:
    staff = {q.id: q for q in questionnaire.questions()}["staff"]
    assert parse_number(staff, typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type a number"),
        ("abc", "`abc` is not a whole number"),
        ("1.5", "`1.5` is not a whole number"),
        ("-1", "the smallest allowed is 0"),
        ("100001", "the largest allowed is 100000"),
    ],
)
def test_parse_number_rejects(questionnaire: Questionnaire, typed: str, message: str) -> None:
    staff = {q.id: q for q in questionnaire.questions()}["staff"]
    with pytest.raises(ValueError, match=message):
        parse_number(staff, typed)


def _answered(q: Questionnaire, items: dict[str, Answer], version: str = "0.9.0") -> Answers:
    base = new_answers(q, "Acme", "2025-01-01T10:00:00+00:00")
    ref = base.questionnaire.model_copy(update={"version": version, "hash": "sha256:" + "0" * 64})
    return base.model_copy(update={"answers": items, "questionnaire": ref})


def test_reconcile_keeps_unchanged_flags_changed_and_retires_removed(
    questionnaire: Questionnaire,
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
    questionnaire: Questionnaire,
) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "no")
    result, info = reconcile(s.answers, questionnaire, lambda _q, _v: True)
    assert result is s.answers
    assert info.changed is False
    assert info.flagged == []


def test_reconcile_flags_values_that_no_longer_fit(questionnaire: Questionnaire) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "no")
    result, info = reconcile(s.answers, questionnaire, lambda _q, _v: False)
    assert info.flagged == ["has_entity"]
    assert result.answers["has_entity"].review is True


def _retired_in_0_9(q: Questionnaire, value: str = "x") -> Answers:
    """Answers to version 0.9.0, whose question `old_question` the current one removed."""
    return _answered(
        q,
        {
            "has_entity": Answer(value="no", question_hash=question_fingerprint(q.questions()[0])),
            "old_question": Answer(value=value, answered_by="Boris"),
        },
    )


def test_retired_answers_survive_a_save_and_a_load(
    questionnaire: Questionnaire, tmp_path: Path
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


def test_a_question_retired_twice_keeps_both_answers(questionnaire: Questionnaire) -> None:
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
    questionnaire: Questionnaire,
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


NOW = "2025-02-01T08:00:00+00:00"
