"""`hrdd plan set`, `hrdd plan decline` and `hrdd signoff`: changes with who and when, safely."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hrdd.answers.model import load_answers
from hrdd.answers.signing import SignoffState, signoff_state
from hrdd.cli import run
from hrdd.sitting_lock import acquire
from tests.conftest import BRANCHING, DATA

Q = ["-q", str(BRANCHING)]
VALUES = [
    ("has_entity", "'yes'"),
    ("entity_kind", "branch"),
    ("staff", "12"),
    ("services", "[mail]"),
    ("comments", "none"),
    ("data_location", "primary"),
]


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "acme.yaml"
    assert run(["answers", "new", str(BRANCHING), "-o", str(path), "--org", "Acme"]) == 0
    text = path.read_text(encoding="utf-8")
    for qid, value in VALUES:
        text = text.replace(f"  # {qid}:\n  #   value: \n", f"  {qid}:\n    value: {value}\n")
    path.write_text(text, encoding="utf-8")
    return path


def test_set_records_owner_due_status_note_with_who_and_when(answers: Path) -> None:
    args = ["plan", "set", str(answers), "mitigation:staff_plan", "--by", "Anna", *Q]
    assert run([*args, "--owner", "HR director", "--due", "2025-04-01"]) == 0
    assert run([*args, "--status", "in_progress", "--note", "Budget agreed"]) == 0
    record = load_answers(answers)[0].mitigations["mitigation:staff_plan"]
    assert (record.owner, record.due, record.status.value, record.note) == (
        "HR director",
        "2025-04-01",
        "in_progress",
        "Budget agreed",
    )
    assert record.updated_by == "Anna"
    assert record.updated_at is not None
    assert answers.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--owner", "X", "--status", "declined"], "declining needs a reason"),
        (["--owner", "X", "--status", "finished"], "choose one of planned, in_progress, done"),
        (["--due", "2025-02-30"], "--due 2025-02-30: not a date; give it as YYYY-MM-DD"),
        (["--due", "99999999999-01-01"], "not a date"),
        (["--owner", "Evil\x1b[2J"], "--owner: control characters are not allowed"),
        (["--owner", "x" * 501], "--owner: at most 500 characters"),
        ([], "nothing to set"),
    ],
)
def test_set_refuses_bad_values_and_changes_nothing(
    answers: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = answers.read_bytes()
    assert (
        run(["plan", "set", str(answers), "mitigation:staff_plan", "--by", "Anna", *Q, *extra]) == 2
    )
    assert message in capsys.readouterr().err
    assert answers.read_bytes() == before


def test_an_unknown_item_is_refused_with_a_suggestion(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["plan", "set", str(answers), "staff_pla", "--by", "A", "--owner", "X", *Q]) == 2
    assert "did you mean `mitigation:staff_plan`?" in capsys.readouterr().err


def test_decline_needs_all_three_and_is_recorded_as_declined(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["plan", "decline", str(answers), "mitigation:move_data", "--by", "Anna", *Q]
    assert run([*base, "--reason", "Cost", "--approver", "Board"]) == 2
    assert "--review" in capsys.readouterr().err
    assert run([*base, "--reason", "Cost", "--approver", "Board", "--review", "2030-01-01"]) == 0
    assert "The risk remains" in capsys.readouterr().out
    saved = yaml.safe_load(answers.read_text(encoding="utf-8"))["mitigations"][
        "mitigation:move_data"
    ]
    assert saved["status"] == "declined"
    assert saved["declined"] == {"reason": "Cost", "approver": "Board", "review": "2030-01-01"}
    # A status ends the decline.
    assert (
        run(
            [
                "plan",
                "set",
                str(answers),
                "mitigation:move_data",
                "--by",
                "B",
                "--status",
                "planned",
                *Q,
            ]
        )
        == 0
    )
    record = load_answers(answers)[0].mitigations["mitigation:move_data"]
    assert record.declined is None and record.status.value == "planned"


def test_a_second_sitting_is_refused_while_one_holds_the_file(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = answers.read_bytes()
    with acquire(answers, respondent="Boris", started="2025-03-03T09:00:00+00:00"):
        assert (
            run(
                [
                    "plan",
                    "set",
                    str(answers),
                    "mitigation:staff_plan",
                    "--by",
                    "A",
                    "--owner",
                    "X",
                    *Q,
                ]
            )
            == 2
        )
        assert "(Boris, process" in capsys.readouterr().err
        assert run(["signoff", str(answers), "--name", "A", "--role", "GC", *Q]) == 2
    assert answers.read_bytes() == before


def test_an_invalid_file_is_refused_before_any_change(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = answers.read_text(encoding="utf-8").replace("value: primary", "value: everywhere")
    answers.write_text(text, encoding="utf-8")
    assert (
        run(["plan", "set", str(answers), "mitigation:staff_plan", "--by", "A", "--owner", "X", *Q])
        == 2
    )
    assert "answer-invalid-value" in capsys.readouterr().err
    assert answers.read_text(encoding="utf-8") == text


def test_plan_on_a_missing_file_or_a_device_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for target in (str(tmp_path / "none.yaml"), "/dev/null"):
        assert (
            run(["plan", "set", target, "mitigation:staff_plan", "--by", "A", "--owner", "X", *Q])
            == 2
        )
        assert "no such answers file" in capsys.readouterr().err


def test_signoff_goes_stale_on_answers_and_decisions_but_not_on_progress(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["signoff", str(answers), "--name", "Anna", "--role", "GC", *Q]) == 0
    assert "sha256:" in capsys.readouterr().out
    assert signoff_state(load_answers(answers)[0]) is SignoffState.CURRENT
    # Progress: owner, due, status, note.
    args = ["plan", "set", str(answers), "mitigation:staff_plan", "--by", "Anna", *Q]
    assert run([*args, "--owner", "HR", "--due", "2025-04-01", "--status", "done"]) == 0
    assert signoff_state(load_answers(answers)[0]) is SignoffState.CURRENT
    assert run(["score", str(answers), *Q]) == 0
    assert "STALE" not in capsys.readouterr().out
    # A decision.
    decline = ["plan", "decline", str(answers), "mitigation:move_data", "--by", "Anna", *Q]
    assert run([*decline, "--reason", "Cost", "--approver", "Board", "--review", "2030-01-01"]) == 0
    assert signoff_state(load_answers(answers)[0]) is SignoffState.STALE
    capsys.readouterr()
    # Signing again renews it; then an answer changes it again.
    assert run(["signoff", str(answers), "--name", "Anna", "--role", "GC", *Q]) == 0
    assert "replaces the sign-off by Anna" in capsys.readouterr().err
    assert signoff_state(load_answers(answers)[0]) is SignoffState.CURRENT
    answers.write_text(
        answers.read_text(encoding="utf-8").replace("value: 12", "value: 13"), encoding="utf-8"
    )
    assert signoff_state(load_answers(answers)[0]) is SignoffState.STALE


def test_files_that_say_accepted_keep_loading_and_count_as_declined(tmp_path: Path) -> None:
    worked = DATA / "answers" / "worked-example.yaml"
    answers, _ = load_answers(worked)
    record = answers.mitigations["transparency"]
    assert record.status.value == "accepted"
    assert record.is_declined
    assert record.decision is not None
    assert record.review_date == record.accepted.expires  # type: ignore[union-attr]


def gate(answers: Path, *extra: str) -> int:
    return run(["score", str(answers), *Q, *extra])


def test_score_gates_on_expired_declines_and_overdue_items_by_the_date_given(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    decline = ["plan", "decline", str(answers), "mitigation:move_data", "--by", "A", *Q]
    assert run([*decline, "--reason", "Cost", "--approver", "Board", "--review", "2025-06-30"]) == 0
    setting = ["plan", "set", str(answers), "mitigation:staff_plan", "--by", "A", *Q]
    assert run([*setting, "--due", "2025-05-31", "--status", "in_progress"]) == 0
    capsys.readouterr()
    assert gate(answers, "--fail-on-expired", "--date", "2025-06-30") == 0  # holds that day
    assert "plan checked for expired items on 2025-06-30: 0 found" in capsys.readouterr().err
    assert gate(answers, "--fail-on-expired", "--date", "2025-07-01") == 1
    err = capsys.readouterr().err
    line = answers.read_text(encoding="utf-8").splitlines().index("      review: '2025-06-30'") + 1
    assert (
        f"{answers}:{line}:15: error plan-expired `mitigation:move_data` was declined until "
        "2025-06-30" in err
    )
    assert gate(answers, "--fail-on-overdue", "--date", "2025-05-31") == 0
    capsys.readouterr()
    assert gate(answers, "--fail-on-overdue", "--date", "2025-06-01") == 1
    assert (
        "plan-overdue `mitigation:staff_plan` (in_progress) was due on 2025-05-31"
        in capsys.readouterr().err
    )
    # Done is not overdue; without --date the gates judge by today.
    assert run([*setting, "--status", "done"]) == 0
    assert gate(answers, "--fail-on-overdue", "--date", "2025-06-01") == 0
    capsys.readouterr()
    assert gate(answers, "--fail-on-expired") == 1  # 2025-06-30 is in the past today
    assert "plan checked for expired items on " in capsys.readouterr().err


def test_the_gates_never_change_the_ratings(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert gate(answers, "--format", "json") == 0
    plain = capsys.readouterr().out
    assert gate(answers, "--format", "json", "--fail-on-overdue", "--date", "2040-01-01") == 0
    assert capsys.readouterr().out == plain


@pytest.mark.parametrize("day", ["2025-13-01", "tomorrow", "9" * 40])
def test_a_bad_date_is_a_usage_error(
    answers: Path, day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert gate(answers, "--fail-on-expired", "--date", day) == 2
    assert "not a date; give it as YYYY-MM-DD" in capsys.readouterr().err


def test_date_alone_is_a_usage_error(answers: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gate(answers, "--date", "2025-01-01") == 2
    assert "--date only sets the day of --fail-on-expired" in capsys.readouterr().err


def test_the_plan_screens_need_a_terminal(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["plan", str(answers), *Q]) == 2
    assert "needs a terminal; without one use `plan set` or `plan decline`" in (
        capsys.readouterr().err
    )


def test_control_characters_in_a_hand_edited_file_never_reach_the_terminal(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = answers.read_text(encoding="utf-8") + (
        'mitigations:\n  staff_plan:\n    status: planned\n    owner: "Evil\\e[2J"\n'
    )
    answers.write_text(text, encoding="utf-8")
    assert (
        run(
            [
                "plan",
                "set",
                str(answers),
                "mitigation:staff_plan",
                "--by",
                "A",
                "--due",
                "2025-01-01",
                *Q,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "Evil?[2J" in out
    # The record a 1.x file keeps under the bare id is the one changed, not a second one.
    assert list(load_answers(answers)[0].mitigations) == ["mitigation:staff_plan"]
