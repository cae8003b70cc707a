"""The dialogue's state machine: applicability, navigation, changes, progress."""

from __future__ import annotations

import pytest

from hrdd.answers.model import Answers, dump_answers
from hrdd.dialogue.session import Session, new_answers, parse_number, to_stored
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.hashing import question_fingerprint
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.questionnaire.model import (
    Questionnaire,
)
from hrdd.values import (
    DONT_KNOW,
)
from tests.conftest import BRANCHING as SAMPLE


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
    [
        ("12", 12),
        (" 1 000 ", 1000),
        ("0", 0),
        ("100000", 100000),
        ("7,500", 7500),
        ("7 500", 7500),
        ("7\u00a0500", 7500),
        ("7\u202f500", 7500),
        ("99,999", 99999),
    ],
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
        ("7,5", "is not a whole number"),  # a decimal comma: never guessed
        ("7,50", "is not a whole number"),
        ("1 2 3", "is not a whole number"),  # stray spaces are not thousands groups
        ("7,500 000", "is not a whole number"),  # mixed separators
        ("9" * 40, "too large"),
    ],
)
def test_parse_number_rejects(questionnaire: Questionnaire, typed: str, message: str) -> None:
    staff = {q.id: q for q in questionnaire.questions()}["staff"]
    with pytest.raises(ValueError, match=message):
        parse_number(staff, typed)


@pytest.mark.parametrize(
    ("typed", "integer", "message"),
    [
        ("9" * 320, True, "that is too long for a number"),
        ("1" + "0" * 15 + "1", True, "is too large a number"),
        ("-1" + "0" * 16, True, "is too large a number"),
        ("2.5e15", False, "is too large a number"),
        ("1e400", False, "type a finite number"),
        ("nan", False, "type a finite number"),
        ("-inf", False, "type a finite number"),
    ],
)
def test_parse_number_keeps_numbers_in_the_range_every_command_reads(
    questionnaire: Questionnaire, typed: str, integer: bool, message: str
) -> None:
    # Without a maximum of its own a number question still takes only what files may hold.
    staff = {q.id: q for q in questionnaire.questions()}["staff"]
    unbounded = staff.model_copy(update={"minimum": None, "maximum": None, "integer": integer})
    with pytest.raises(ValueError, match=message):
        parse_number(unbounded, typed)
    if message == "that is too long for a number":
        with pytest.raises(ValueError, match="numbers must be finite and between -1,000,000"):
            parse_number(unbounded, typed)
    assert parse_number(unbounded, "1" + "0" * 15) == 10**15
    assert parse_number(unbounded, "-1" + "0" * 15) == -(10**15)


@pytest.mark.parametrize(
    ("typed", "result"),
    [
        ("7.5", 7.5),
        ("7 500.25", 7500.25),
        ("7,5", "a comma could be a decimal mark"),
        ("7,500", "a comma could be a decimal mark"),
        ("1e400", "finite"),
    ],
)
def test_decimals_take_a_point_and_never_a_guessed_comma(
    questionnaire: Questionnaire, typed: str, result: float | str
) -> None:
    staff = {q.id: q for q in questionnaire.questions()}["staff"]
    decimal = staff.model_copy(update={"integer": False, "maximum": None})
    if isinstance(result, str):
        with pytest.raises(ValueError, match=result):
            parse_number(decimal, typed)
    else:
        assert parse_number(decimal, typed) == result


def test_the_section_count_stays_the_same_as_answers_open_sections(
    questionnaire: Questionnaire,
) -> None:
    s = make(questionnaire)
    assert s.position("has_entity")[:2] == (1, 3)
    assert s.position("services")[:2] == (2, 3)  # the third section does not apply yet
    s.answer("has_entity", "yes")
    assert s.position("services")[:2] == (2, 3)
    assert s.position("data_location")[:2] == (3, 3)


def test_would_hide_names_the_answers_a_change_would_hide_without_changing_anything(
    questionnaire: Questionnaire,
) -> None:
    s = make(questionnaire)
    s.answer("has_entity", "yes")
    s.answer("entity_kind", "branch")
    s.answer("staff", 4)
    before = s.answers
    assert s.would_hide("has_entity", "no") == ["entity_kind", "staff"]
    assert s.would_hide("has_entity", "yes") == []
    assert s.answers == before


def test_a_note_before_the_answer_is_kept_in_the_file_and_moves_into_the_answer(
    questionnaire: Questionnaire,
) -> None:
    s = make(questionnaire)
    assert s.set_note("has_entity", "From the register") is False
    assert s.add_evidence("has_entity", "register.pdf") is False
    assert s.answers.drafts["has_entity"].note == "From the register"
    assert "drafts:" in dump_answers(s.answers)
    s.answer("has_entity", "no")
    assert s.answers.drafts == {}
    assert s.answers.answers["has_entity"].note == "From the register"
    assert s.answers.answers["has_entity"].evidence == ["register.pdf"]
