"""The common questionnaire loader: the `format:` key picks the model, errors keep positions."""

from __future__ import annotations

import shutil
from pathlib import Path

from hrdd.commands.validate import validate_file
from hrdd.diagnostics import Diagnostic
from hrdd.questionnaire.model import Questionnaire
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


def test_format_2_reads_as_the_risk_model_and_format_1_as_before() -> None:
    two, _, found = load_questionnaire(EXAMPLE)
    assert isinstance(two, RiskQuestionnaire) and found == []
    one, _, found = load_questionnaire(MINIMAL)
    assert isinstance(one, Questionnaire) and found == []


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
    path.write_text(MINIMAL.read_text("utf-8").replace("format: 1\n", "format: 9\n"), "utf-8")
    _, _, found = load_questionnaire(path)
    assert [d.rule for d in found] == ["format-version"]
