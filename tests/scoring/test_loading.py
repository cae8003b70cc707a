"""The common questionnaire loader: the `format:` key picks the model, errors keep positions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hrdd.commands.validate import validate_file
from hrdd.diagnostics import Diagnostic
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.loading import load_questionnaire
from tests.conftest import MINIMAL, REPO

DATA = REPO / "tests" / "data" / "impacts"
EXAMPLE = DATA / "example.yaml"


def at(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d.line}:{d.column} {d.rule}" for d in diagnostics]


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "q.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_format_2_reads_as_the_risk_model() -> None:
    for path in (EXAMPLE, MINIMAL):
        model, _, found = load_questionnaire(path)
        assert isinstance(model, RiskQuestionnaire) and found == []


def test_format_1_is_retired_and_says_where_to_read_how_to_move(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    old = (REPO / "tests" / "data" / "decree-368-1.1.0.yaml").read_text("utf-8")
    path.write_text(old, "utf-8")
    model, doc, found = load_questionnaire(path, "old.yaml")
    assert model is None and doc is not None
    # One finding: none of the format-1 keys (areas with severity, rules, scoring) cascades.
    [finding] = found
    line = old.splitlines().index("format: 1") + 1
    assert (finding.line, finding.column, finding.rule) == (line, 9, "format-retired")
    assert finding.message == (
        "questionnaire format 1 (per-area scoring) is retired since hrdd's questionnaire "
        "format 2 (the risk model: impacts on people, paths, typed mitigations)"
    )
    assert finding.hint == "move the file to `format: 2` as docs/migrating-to-format-2.md shows"
    assert (REPO / "docs" / "migrating-to-format-2.md").is_file()


@pytest.mark.parametrize("text", ["format: 1.0\n", "format: true\n", 'format: "1"\n'])
def test_other_spellings_of_1_are_not_format_1(tmp_path: Path, text: str) -> None:
    # Only the number 1 names format 1; anything else is an unknown version of format 2.
    _, _, found = load_questionnaire(edited(tmp_path, "format: 2\n", text))
    assert [d.rule for d in found] == ["format-version"]


def test_a_missing_format_asks_for_the_current_one(tmp_path: Path) -> None:
    model, _, found = load_questionnaire(edited(tmp_path, "format: 2\n", ""))
    assert model is None
    assert [d.message for d in found if d.rule == "format-version"] == [
        "this file has no `format:` key; add `format: 2`"
    ]


def test_an_unknown_format_names_the_current_one(tmp_path: Path) -> None:
    _, _, found = load_questionnaire(edited(tmp_path, "format: 2\n", "format: 7\n"))
    (finding,) = [d for d in found if d.rule == "format-version"]
    assert "`7`" in finding.message and "`format: 2`" in finding.message
    _, _, found = load_questionnaire(edited(tmp_path, "format: 2\n", 'format: "2"\n'))
    (finding,) = [d for d in found if d.rule == "format-version"]
    assert finding.hint == "write `format: 2` without quotes"


def test_schema_errors_of_the_risk_model_point_at_their_line_and_column(tmp_path: Path) -> None:
    path = edited(tmp_path, "    type: lower\n", "    type: lowr\n")
    model, _, found = load_questionnaire(path, "q.yaml")
    assert model is None
    line = next(
        i
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "type: lowr" in text
    )
    assert at(found) == [f"{line}:11 invalid-value"]
    assert found[0].path == "q.yaml" and found[0].hint == "did you mean `lower`?"


def test_validate_runs_the_risk_model_checks_on_format_2(tmp_path: Path) -> None:
    clean = validate_file(EXAMPLE, "example.yaml")
    assert clean.diagnostics == () and clean.counts.questions == 9
    shutil.copy(DATA / "invalid" / "gaps.yaml", tmp_path / "gaps.yaml")
    result = validate_file(tmp_path / "gaps.yaml", "gaps.yaml")
    assert {d.rule for d in result.diagnostics} == {"impacts-gap-undeclared", "impacts-gap-value"}
    assert result.failed(strict=False)


def test_an_unknown_version_is_the_one_finding_not_a_cascade(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(MINIMAL.read_text("utf-8").replace("format: 2\n", "format: 9\n"), "utf-8")
    _, _, found = load_questionnaire(path)
    assert [d.rule for d in found] == ["format-version"]


RETIRED = REPO / "tests" / "data" / "invalid" / "format-retired.yaml"
ANSWERS = REPO / "tests" / "data" / "report" / "rides.yaml"


@pytest.mark.parametrize(
    "args",
    [
        ["score", ANSWERS, "-q", RETIRED],
        ["report", ANSWERS, "-q", RETIRED],
        ["assess", RETIRED, "--answers", ANSWERS, "--no-input"],
        ["test", RETIRED],
        [
            "plan",
            "set",
            ANSWERS,
            "mitigation:move_data",
            "--by",
            "A",
            "--owner",
            "B",
            "-q",
            RETIRED,
        ],
        ["signoff", ANSWERS, "--name", "A", "--role", "CEO", "-q", RETIRED],
        ["answers", "new", RETIRED, "-o", "new.yaml", "--org", "Acme"],
        ["answers", "check", ANSWERS, "-q", RETIRED],
    ],
    ids=["score", "report", "assess", "test", "plan", "signoff", "answers-new", "answers-check"],
)
def test_every_command_refuses_a_format_1_questionnaire_with_the_finding(
    args: list[str | Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hrdd.cli import run

    monkeypatch.chdir(tmp_path)
    answers = tmp_path / "rides.yaml"
    shutil.copy(ANSWERS, answers)
    before = answers.read_bytes()
    argv = [str(answers if a == ANSWERS else a) for a in args]
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert f"{RETIRED}:3:9: error format-retired questionnaire format 1 (per-area scoring)" in err
    assert "Traceback" not in err
    # Nothing is written: the answers file is as it was, and no new file appears.
    assert answers.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rides.yaml"]
