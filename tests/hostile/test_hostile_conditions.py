"""Conditions that read one way and would run another: comments, look-alike letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.hostile_support import REPORT_Q, RIDES, hrdd

RULE = "    when: keys_local == 'yes'\n"


def _questionnaire(folder: Path, when: str) -> Path:
    text = REPORT_Q.read_text(encoding="utf-8")
    assert text.count(RULE) == 1
    path = folder / "q.yaml"
    path.write_text(text.replace(RULE, when), encoding="utf-8")
    return path


def test_a_comment_inside_a_block_condition_is_an_error_at_its_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Joined into one line, `# many users` used to swallow the `or` line: valid, never true.
    questionnaire = _questionnaire(
        tmp_path,
        "    when: >-\n      users >= 100000  # many users\n      or has_entity == 'yes'\n",
    )
    assert hrdd("validate", questionnaire) == 1
    out = capsys.readouterr().out
    assert (
        f"{questionnaire}:225:24: error condition-syntax `#` starts a comment, and conditions "
        "have none: all after it is lost"
    ) in out
    assert hrdd("score", RIDES, "-q", questionnaire) == 2
    assert f"{questionnaire}:225:24: error condition-syntax `#` starts a comment" in (
        capsys.readouterr().err
    )


def test_full_width_letters_are_not_taken_for_an_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = _questionnaire(tmp_path, "    when: \uff55sers >= 100000\n")
    assert hrdd("validate", questionnaire) == 1
    out = capsys.readouterr().out
    assert f"{questionnaire}:224:11: error condition-forbidden `\uff55sers` is not plain" in out
