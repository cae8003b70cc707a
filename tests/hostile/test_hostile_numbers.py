"""Huge and non-finite numbers in answers files, test cases, questionnaires and conditions.

Numbers are limited to ±10^15 and must be finite, wherever they come from: a number of 310
digits used to crash every command that read it (exit 3), and `.nan` compared false with
everything without a word.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile.hostile_support import REPORT_Q, RIDES, hrdd

HUGE = "9" * 320
BAD_NUMBERS = {
    "huge": HUGE,
    "huge-negative": "-" + HUGE,
    "over-the-limit": "1000000000000001",
    "float-overflow": "1e400",
    "nan": ".nan",
    "inf": ".inf",
    "minus-inf": "-.inf",
    "huge-float": "2.5e20",
}


def _answers(folder: Path, value: str) -> Path:
    text = RIDES.read_text(encoding="utf-8").replace("    value: 400000\n", f"    value: {value}\n")
    path = folder / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _commands(answers: Path) -> dict[str, list[str | Path]]:
    return {
        "score": ["score", answers, "-q", REPORT_Q],
        "score-json": ["score", answers, "-q", REPORT_Q, "--format", "json"],
        "report": ["report", answers, "-q", REPORT_Q],
        "report-html": ["report", answers, "-q", REPORT_Q, "--format", "html"],
        "assess": ["assess", REPORT_Q, "--answers", answers, "--no-input"],
    }


@pytest.mark.parametrize("command", ["score", "score-json", "report", "report-html", "assess"])
@pytest.mark.parametrize("value", BAD_NUMBERS.values(), ids=BAD_NUMBERS.keys())
def test_a_bad_number_in_an_answers_file_is_an_input_error_in_every_command(
    command: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers(tmp_path, value)
    assert hrdd(*_commands(answers)[command]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{answers}:28:12: error invalid-value " in err
    assert "numbers must be finite and between -1,000,000,000,000,000 and" in err
    assert "internal error" not in err
    assert HUGE not in err  # a 320-digit number is described, not repeated


def test_a_number_at_the_limit_is_accepted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = _answers(tmp_path, "1000000000000000")
    assert hrdd("score", answers, "-q", REPORT_Q) == 0
    capsys.readouterr()


def test_bad_numbers_in_history_and_retired_answers_are_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = RIDES.read_text(encoding="utf-8").replace(
        "    value: 400000\n",
        "    value: 400000\n    history:\n      - {value: .nan, at: '2025-03-01T09:00:00+00:00'}\n",
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text(text, encoding="utf-8")
    assert hrdd("score", answers, "-q", REPORT_Q) == 2
    assert (
        f"{answers}:30:17: error invalid-value .nan is not a finite number"
        in capsys.readouterr().err
    )


def test_a_bad_number_in_a_test_case_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = tmp_path / "q.yaml"
    shutil.copy(REPORT_Q, questionnaire)
    cases = tmp_path / "q.tests"
    cases.mkdir()
    (cases / "huge.yaml").write_text(
        f"format: 2\nname: huge\nreasoning: r\nanswers:\n  users: {HUGE}\nexpect: {{}}\n",
        encoding="utf-8",
    )
    assert hrdd("test", questionnaire) == 2
    err = capsys.readouterr().err
    assert "huge.yaml:5:10: error invalid-value a number of 320 digits is out of range" in err


@pytest.mark.parametrize(
    ("line", "finding"),
    [
        ("        minimum: .nan\n", "invalid-value .nan is not a finite number"),
        ("        minimum: -.inf\n", "invalid-value -.inf is not a finite number"),
        ("        minimum: 1e400\n", "invalid-value .inf is not a finite number"),
        ("        minimum: -2e16\n", "invalid-value -2e+16 is out of range"),
        (f"        minimum: {HUGE}\n", "invalid-value a number of 320 digits is out of range"),
    ],
    ids=["nan", "minus-inf", "overflow", "too-small", "huge"],
)
def test_bad_bounds_of_a_number_question_are_findings(
    line: str, finding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = tmp_path / "q.yaml"
    text = REPORT_Q.read_text(encoding="utf-8").replace("        minimum: 0\n", line)
    questionnaire.write_text(text, encoding="utf-8")
    assert hrdd("validate", questionnaire) == 1
    assert f"{questionnaire}:52:18: error {finding}" in capsys.readouterr().out
    # Every command that loads the questionnaire refuses it the same way.
    assert hrdd("score", RIDES, "-q", questionnaire) == 2
    assert f"{questionnaire}:52:18: error {finding}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("condition", "column", "shown"),
    [
        ("users >= 1e400", 20, "1e400"),
        ("users >= -1e400", 20, "-1e400"),
        (f"users >= {HUGE[:30]}", 20, "a number of 30 digits"),
        ("users in [2e15]", 21, "2e15"),
    ],
    ids=["overflow", "negative-overflow", "too-many-digits", "over-the-limit"],
)
def test_a_number_out_of_range_in_a_condition_is_a_finding(
    condition: str, column: int, shown: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = tmp_path / "q.yaml"
    text = REPORT_Q.read_text(encoding="utf-8")
    assert text.count("    when: keys_local == 'yes'\n") == 1
    questionnaire.write_text(
        text.replace("    when: keys_local == 'yes'\n", f"    when: {condition}\n"),
        encoding="utf-8",
    )
    assert hrdd("validate", questionnaire) == 1
    out = capsys.readouterr().out
    assert f"{questionnaire}:224:{column}: error condition-forbidden {shown} is out of range" in out


def test_min_coverage_must_be_a_finite_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert hrdd("test", "--min-coverage", "nan") == 2
    assert "--min-coverage" in capsys.readouterr().err


def test_digits_past_what_python_converts_are_a_short_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """5,000 digits stay text (Python converts at most 4,300): refused, and not repeated."""
    digits = "9" * 5000
    answers = _answers(tmp_path, digits)
    assert hrdd("score", answers, "-q", REPORT_Q) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{answers}:28:12: error answer-wrong-type " in err
    assert "takes a number, got the text `9999" in err
    assert "internal error" not in err
    assert digits[:100] not in err
    assert len(err) < 600, err
