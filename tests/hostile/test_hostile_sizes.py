"""Size bombs: small files whose aliases repeat a long text, in every command that reads one.

A 600 KB file below repeats a 100 KB text through 60 aliases: 6 million characters once
expanded, past the limit of 5 MiB (what the largest accepted file could hold). Before the
limit counted characters, such a file made `hrdd report` write a report that many times the
size of the text; now every command refuses it with the alias's line and column.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile.hostile_support import REPORT_Q, RIDES, hrdd

TEXT = "x" * 100_000
ALIASES = ", ".join(["*big"] * 60)


def _answers_bomb(folder: Path) -> Path:
    text = RIDES.read_text(encoding="utf-8").replace(
        "    note: Monthly active users, December 2024.\n",
        f'    note: &big "{TEXT}"\n    evidence: [{ALIASES}]\n',
    )
    path = folder / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _questionnaire_bomb(folder: Path) -> Path:
    text = REPORT_Q.read_text(encoding="utf-8").replace(
        "    rights: [ICCPR 9, ICCPR 7]\n",
        f'    rights: [ICCPR 9, &big "{TEXT}", {ALIASES}]\n',
    )
    path = folder / "questionnaire.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ANSWERS_LINE = "answers.yaml:30:15: error alias-limit aliases here expand the file to more than"
QUESTIONNAIRE_LINE = "questionnaire.yaml:111:13: error alias-limit aliases here expand the file to"


@pytest.mark.parametrize(
    "command",
    [
        ["score"],
        ["score", "--format", "json"],
        ["report"],
        ["report", "--format", "html"],
    ],
    ids=["score", "score-json", "report", "report-html"],
)
def test_an_answers_file_that_expands_past_the_limit_is_refused(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers_bomb(tmp_path)
    assert answers.stat().st_size < 700_000
    output = tmp_path / "out.txt"
    extra = ["-o", output] if command[0] == "report" else []
    assert hrdd(*command, answers, "-q", REPORT_Q, *extra) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert ANSWERS_LINE in err
    assert not output.exists()


def test_assess_refuses_an_answers_file_that_expands_past_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers_bomb(tmp_path)
    before = answers.read_bytes()
    assert hrdd("assess", REPORT_Q, "--answers", answers, "--no-input") == 2
    assert ANSWERS_LINE in capsys.readouterr().err
    assert answers.read_bytes() == before


def test_validate_reports_a_questionnaire_that_expands_past_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = _questionnaire_bomb(tmp_path)
    assert hrdd("validate", questionnaire) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{questionnaire}:111:13: error alias-limit aliases here expand")


@pytest.mark.parametrize("command", ["score", "report", "assess"])
def test_commands_refuse_a_questionnaire_that_expands_past_the_limit(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = _questionnaire_bomb(tmp_path)
    answers = tmp_path / "rides.yaml"
    shutil.copy(RIDES, answers)
    if command == "assess":
        argv: list[str | Path] = ["assess", questionnaire, "--answers", answers, "--no-input"]
    else:
        argv = [command, answers, "-q", questionnaire]
    assert hrdd(*argv) == 2
    assert QUESTIONNAIRE_LINE in capsys.readouterr().err


def test_test_refuses_a_questionnaire_and_a_case_that_expand_past_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = _questionnaire_bomb(tmp_path)
    assert hrdd("test", questionnaire) == 2
    assert QUESTIONNAIRE_LINE in capsys.readouterr().err
    # A valid questionnaire with a case file that expands too far.
    valid = tmp_path / "valid" / "questionnaire.yaml"
    valid.parent.mkdir()
    shutil.copy(REPORT_Q, valid)
    cases = valid.parent / "questionnaire.tests"
    cases.mkdir()
    (cases / "bomb.yaml").write_text(
        f'format: 2\nname: &big "{TEXT}"\nreasoning: [{ALIASES}]\nexpect: {{}}\n',
        encoding="utf-8",
    )
    assert hrdd("test", valid) == 2
    assert "bomb.yaml:3:12: error alias-limit aliases here expand" in capsys.readouterr().err
