"""`hrdd score` and `hrdd test` from the command line: outputs, exit codes, streams."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import pytest

from hrdd.cli import run
from hrdd.commands.score import score_files
from hrdd.errors import InputError
from hrdd.output.score import ScoreFormat
from tests.conftest import DATA

SAMPLE = DATA / "scoring" / "sample.yaml"
WORKED = DATA / "answers" / "worked-example.yaml"
MINIMAL = DATA / "valid" / "minimal.yaml"


def score(*args: str | Path) -> int:
    return run(["score", *map(str, args)])


def test_table_shows_impacts_bands_and_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED, "--questionnaire", SAMPLE) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Headline: Disclosure to state bodies: Critical; Staff coercion: Medium" in out
    assert "Critical -> High" in out and "Medium -> Low" in out
    assert "Move user data out of" in out and "disclosure/stored_in_reach" not in out


def test_explain_prints_every_scenario_with_its_vector(capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED, "-q", SAMPLE, "--explain") == 0
    out = capsys.readouterr().out
    assert "disclosure/stored_in_reach" in out
    assert "inherent Critical: SC5/SP4/IR5=S5 L0:5+0-0 F4=L5 critical" in out
    assert "residual High: SC3/SP4/IR5=S4 L0:3+0-0 F1=L3 high" in out


@pytest.mark.parametrize("fmt", list(ScoreFormat))
def test_every_format_renders(fmt: ScoreFormat, capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED, "-q", SAMPLE, "--format", fmt.value, "--explain") == 0
    assert "disclosure" in capsys.readouterr().out.lower()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--fail-on", "critical"], 0),
        (["--fail-on", "high"], 1),
        (["--fail-on", "critical", "--inherent"], 1),
        (["--fail-on", "low"], 1),
    ],
)
def test_fail_on(args: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED, "-q", SAMPLE, *args) == code


def test_a_folder_gives_one_row_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(WORKED, tmp_path / name)
    text = (tmp_path / "b.yaml").read_text().replace("Example Rides LLC", "Other Shop Ltd")
    (tmp_path / "b.yaml").write_text(text.replace("value: primary", "value: none"))
    assert score(tmp_path, "-q", SAMPLE) == 0
    out = capsys.readouterr().out
    assert "Portfolio" in out
    assert "Example Rides LLC" in out and "Other Shop Ltd" in out
    assert "Mitigation plan" not in out  # details only with --explain


def test_scoring_a_folder_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(WORKED, tmp_path / name)
    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    assert len(score_files([tmp_path], SAMPLE).rated) == 2
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    shutil.copy(DATA / "answers" / "invalid" / "not-an-option.yaml", tmp_path / "c.yaml")
    with pytest.raises(InputError, match=r"c\.yaml:12:12: error answer-invalid-value"):
        score_files([tmp_path], SAMPLE)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_warnings_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "stale.yaml"
    path.write_text(WORKED.read_text().replace("  version: 1.0.0\n", "  version: 0.9.0\n"))
    assert score(path, "-q", SAMPLE) == 0
    out, err = capsys.readouterr()
    assert f"{path}:5:12: warning answer-stale" in err
    assert "Critical -> High" in out and "answer-stale" not in out


def test_answer_errors_exit_2_with_positions(capsys: pytest.CaptureFixture[str]) -> None:
    bad = DATA / "answers" / "invalid" / "not-an-option.yaml"
    assert score(bad, "-q", SAMPLE) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{bad}:12:12: error answer-invalid-value `primery` is not an option" in err


def test_default_questionnaire_is_looked_up_by_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED) == 2
    err = capsys.readouterr().err
    assert "no bundled questionnaire has the id `scoring_sample`" in err
    assert "--questionnaire" in err


def test_bundled_questionnaire_is_found_by_the_answers_id(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import hrdd.commands.score

    monkeypatch.setattr(hrdd.commands.score, "bundled_questionnaires", lambda: [MINIMAL, SAMPLE])
    assert score(WORKED, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["result"]["questionnaire"] == (
        "scoring_sample"
    )


def test_hrdd_test_passes_and_reports_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["test", str(SAMPLE), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "PASS" in out and "2 passed, 0 failed" in out
    assert "coverage options: 8/17 (47.1%)" in out
    assert run(["test", str(SAMPLE), "--min-coverage", "90"]) == 1
    capsys.readouterr()


def test_hrdd_test_junit(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["test", str(SAMPLE), "--format", "junit"]) == 0
    assert capsys.readouterr().out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')


def test_score_accepts_retired_answers_and_ignores_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "retired.yaml"
    path.write_text(
        WORKED.read_text(encoding="utf-8")
        + "retired:\n  old_question:\n    value: 'yes'\n"
        + "    retired_at: '2025-03-03T11:30:00+00:00'\n    retired_from: 0.9.0\n",
        encoding="utf-8",
    )
    assert score(path, "-q", SAMPLE, "--format", "json") == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert score(WORKED, "-q", SAMPLE, "--format", "json") == 0
    plain = capsys.readouterr().out
    assert json.loads(out)["files"][0]["result"] == json.loads(plain)["files"][0]["result"]


def test_an_expired_acceptance_is_marked_and_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "expired.yaml"
    path.write_text(
        WORKED.read_text(encoding="utf-8").replace(
            "expires: '2026-03-01'", "expires: '2025-03-02'"
        ),
        encoding="utf-8",
    )

    def declined(answers: Path) -> bool:
        assert score(answers, "-q", SAMPLE, "--format", "json") == 0
        plan = json.loads(capsys.readouterr().out)["files"][0]["result"]["plan"]
        [item] = [i for i in plan if i["id"] == "mitigation:transparency"]
        return bool(item["declined"])

    # Past its review date the decision has expired: the item is recommended again.
    assert declined(WORKED)
    assert not declined(path)


@pytest.mark.parametrize("fmt", list(ScoreFormat))
def test_rich_markup_in_names_is_shown_as_text(
    fmt: ScoreFormat, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An organisation name is data: `[/]` or `[red]` must neither crash rich nor vanish.
    text = WORKED.read_text(encoding="utf-8")
    original = next(line for line in text.splitlines() if line.startswith("organisation:"))
    evil = tmp_path / "evil.yaml"
    evil.write_text(
        text.replace(original, 'organisation: "Acme [/] [red]Evil[/red]"'), encoding="utf-8"
    )
    assert score(evil, "-q", SAMPLE, "--format", fmt.value) == 0
    shown = capsys.readouterr().out.replace("\\[", "[").replace("\\]", "]")
    assert "Acme [/] [red]Evil[/red]" in shown
