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


def test_table_shows_areas_bands_and_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED, "--questionnaire", SAMPLE) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "State access to user data (state_access)" in out
    assert "Critical 25" in out and "High 12" in out
    assert "Overall: inherent Critical, residual High; complete" in out
    assert "staff_plan" in out and "Drivers:" not in out


def test_explain_prints_every_driver(capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED, "-q", SAMPLE, "--explain") == 0
    out = capsys.readouterr().out
    assert "state_access: SC:5/SP:4/IR:5/S:5/P:10/10/F:4/L:5/R:25/B:critical" in out
    assert "  scale 5 from rule connected" in out
    assert "    keys_local = don't know: +1 (data gap: scored as the riskiest answer)" in out
    assert "    encrypt: likelihood -1, irremediability -1" in out


@pytest.mark.parametrize("fmt", list(ScoreFormat))
def test_every_format_renders(fmt: ScoreFormat, capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED, "-q", SAMPLE, "--format", fmt.value, "--explain") == 0
    assert "state_access" in capsys.readouterr().out


def test_json_is_stable_and_documented_keys_are_there(capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED, "-q", SAMPLE, "--format", "json") == 0
    first = capsys.readouterr().out
    assert score(WORKED, "-q", SAMPLE, "--format", "json") == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert data["format"] == 1
    [entry] = data["files"]
    assert list(entry) == ["path", "organisation", "answered", "assessment", "signoff"]
    assessment = entry["assessment"]
    assert assessment["overall"]["inherent"] == "critical"
    assert assessment["areas"][0]["residual"]["vector"] == "SC:4/SP:4/IR:4/S:4/L:3/R:12/B:high"


def test_markdown_is_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert score(WORKED, "-q", SAMPLE, "--format", "markdown") == 0
    out = capsys.readouterr().out
    assert "| Area | Severity | Likelihood | Inherent | Residual | Data gaps |" in out
    assert (
        "| State access to user data (state_access) | 5 (5/4/5) | 5 (10/10) "
        "| Critical 25 | High 12 | 1 |" in out
    )


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
    assert len(score_files([tmp_path], SAMPLE).files) == 2
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    shutil.copy(DATA / "answers" / "invalid" / "not-an-option.yaml", tmp_path / "c.yaml")
    with pytest.raises(InputError, match=r"c\.yaml:12:12: error answer-invalid-value"):
        score_files([tmp_path], SAMPLE)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_warnings_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "stale.yaml"
    path.write_text(WORKED.read_text().replace("hash: sha256:8", "hash: sha256:0"))
    assert score(path, "-q", SAMPLE) == 0
    out, err = capsys.readouterr()
    assert f"{path}:6:9: warning answer-stale" in err
    assert "Critical 25" in out


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
    assert json.loads(capsys.readouterr().out)["files"][0]["assessment"]["questionnaire"] == (
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
    assert json.loads(out)["files"][0]["assessment"] == json.loads(plain)["files"][0]["assessment"]


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
    assert score(path, "-q", SAMPLE, "--explain") == 0
    out = capsys.readouterr().out
    assert "accepted (expired)" in out
    assert "transparency: likelihood" in out  # now among the residual drivers
    assert score(WORKED, "-q", SAMPLE, "--explain") == 0
    out = capsys.readouterr().out
    assert "accepted (expired)" not in out and "transparency: likelihood" not in out


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
    assert "Acme [/] [red]Evil[/red]" in capsys.readouterr().out.replace("\\[", "[")
