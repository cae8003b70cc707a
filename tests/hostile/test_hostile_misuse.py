"""Careless use: -o onto an input, a reader that goes away, checks that assess skipped."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hrdd.questionnaire.loading import read_document
from tests.hostile.hostile_support import MINIMAL, REPORT_Q, RIDES, hrdd, subprocess_env


@pytest.mark.parametrize("through_link", [False, True], ids=["same-name", "link"])
def test_validate_refuses_to_write_over_a_questionnaire_it_checks(
    through_link: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = tmp_path / "q.yaml"
    shutil.copy(MINIMAL, questionnaire)
    before = questionnaire.read_bytes()
    output = questionnaire
    if through_link:
        output = tmp_path / "report.txt"
        output.symlink_to(questionnaire.name)
    assert hrdd("validate", tmp_path, "-o", output) == 2
    err = capsys.readouterr().err
    assert f"-o {output} is the questionnaire {questionnaire}; writing there would" in err
    assert questionnaire.read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ["schema", "questionnaire"],
        ["validate", MINIMAL],
        ["score", RIDES, "-q", REPORT_Q],
        ["report", RIDES, "-q", REPORT_Q],
        ["test", Path(__file__).parent.parent / "data" / "scoring" / "sample.yaml"],
    ],
    ids=["schema", "validate", "score", "report", "test"],
)
def test_a_reader_that_goes_away_ends_the_command_quietly_with_141(
    argv: list[str | Path], tmp_path: Path
) -> None:
    # As `hrdd ... | head -1` does: the reading end closes before hrdd writes. Exit 1 would
    # say "findings"; 141 is what a shell reports for a command ended by SIGPIPE.
    process = subprocess.Popen(
        [sys.executable, "-m", "hrdd", *map(str, argv)],
        cwd=tmp_path,
        env=subprocess_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 141, err.decode()
    assert err == b""


ANSWERS_EXTRA = """\
  not_a_question:
    value: x
"""


def test_assess_without_input_refuses_what_score_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.yaml"
    text = RIDES.read_text(encoding="utf-8").replace("answers:\n", "answers:\n" + ANSWERS_EXTRA)
    text = text.replace("mitigations:\n", "mitigations:\n  no_such_mitigation:\n    status: done\n")
    answers.write_text(text, encoding="utf-8")
    assert hrdd("score", answers, "-q", REPORT_Q) == 2
    score_err = capsys.readouterr().err
    assert hrdd("assess", REPORT_Q, "--answers", answers, "--no-input") == 2
    out, err = capsys.readouterr()
    assert out == ""
    for rule in ("answer-unknown-question", "answer-unknown-mitigation"):
        assert rule in score_err
        assert rule in err


def test_assess_without_input_warns_of_a_changed_questionnaire(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = tmp_path / "q.yaml"
    text = REPORT_Q.read_text(encoding="utf-8").replace('version: "1.0.0"', 'version: "1.1.0"')
    questionnaire.write_text(text, encoding="utf-8")
    assert hrdd("assess", questionnaire, "--answers", RIDES, "--no-input") == 0
    out, err = capsys.readouterr()
    assert "warning answer-stale" in err
    assert "Render the report:" in out


def test_the_report_command_suggested_names_a_custom_questionnaire(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert hrdd("assess", REPORT_Q, "--answers", RIDES, "--no-input") == 0
    out = capsys.readouterr().out
    suggested = out.rsplit("Render the report:\n", 1)[1].strip().splitlines()[0].split()
    argv = suggested[suggested.index("report") :]
    assert Path(argv[argv.index("-q") + 1]).resolve() == REPORT_Q.resolve()
    # The suggested command works as it is.
    assert hrdd(*argv[: argv.index("-o")]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a:\n  1: x\n  true: y\n", "the key `true` is the same as `1` on line 2"),
        ("a:\n  1: x\n  1.0: y\n", "the key `1.0` is the same as `1` on line 2"),
        ("a:\n  x: 1\n  x: 2\n", "duplicate key `x`: it is already set on line 2"),
    ],
)
def test_a_duplicate_key_names_the_line_of_the_first(
    text: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    _, diagnostics = read_document(path)
    assert [(d.line, d.rule) for d in diagnostics] == [(3, "duplicate-key")]
    assert diagnostics[0].message.startswith(message), diagnostics[0].message


def test_bare_addresses_in_data_do_not_become_links_in_the_markdown_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.yaml"
    note = "see https://evil.example/login, www.evil.example and anna@evil.example"
    text = RIDES.read_text(encoding="utf-8").replace(
        "    note: Monthly active users, December 2024.\n", f"    note: {note}\n"
    )
    answers.write_text(text, encoding="utf-8")
    assert hrdd("report", answers, "-q", REPORT_Q) == 0
    out = capsys.readouterr().out
    assert r"see https\://evil.example/login, www\.evil.example and anna\@evil.example" in out
    for bare in ("https://evil", "www.evil", "anna@evil"):
        assert bare not in out
