"""The semantic checks of format 2: fixture files with their expected findings, by position.

Each ``tests/data/impacts/invalid/NAME.yaml`` has ``NAME.expected`` beside it: one finding per
line as ``LINE:COL RULE-ID``; the findings must match that set exactly. The valid files, the
example of the spec and the Decree 368 paths fixture have no finding at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hrdd.diagnostics import RULES, Diagnostic, FindingLevel
from hrdd.questionnaire.loading import read_document, validate_model
from hrdd.scoring.impacts.checks import check_impacts
from hrdd.scoring.impacts.format import RiskQuestionnaire

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "impacts"
INVALID = sorted((DATA / "invalid").glob("*.yaml"))
VALID = [
    *sorted((DATA / "valid").glob("*.yaml")),
    DATA / "example.yaml",
    DATA / "decree-paths.yaml",
]
SPEC = ROOT / "docs" / "risk-model-format.md"


def findings(path: Path) -> list[Diagnostic]:
    doc, problems = read_document(path, path.name)
    assert doc is not None and problems == []
    model, found = validate_model(RiskQuestionnaire, doc)
    assert model is not None and found == [], found
    return check_impacts(model, doc)


def read_expected(path: Path) -> set[tuple[int, int, str]]:
    expected = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            position, _, rule = line.partition(" ")
            row, _, column = position.partition(":")
            expected.add((int(row), int(column), rule.strip()))
    return expected


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=f"valid/{p.name}") for p in VALID]
    + [pytest.param(p, id=f"invalid/{p.name}") for p in INVALID],
)
def test_fixture_file(path: Path) -> None:
    found = findings(path)
    detail = "\n".join(f"{d.line}:{d.column} {d.rule} {d.message}" for d in found)
    if path.parent.name != "invalid":
        assert found == [], detail
        return
    expected = read_expected(path.with_suffix(".expected"))
    assert expected, f"{path.name}: an invalid file lists at least one finding"
    assert {(d.line, d.column, d.rule) for d in found} == expected, detail


def test_every_rule_of_the_spec_is_registered_and_exercised_by_a_fixture() -> None:
    table = SPEC.read_text(encoding="utf-8").split("## What the checks report", 1)[1]
    documented = set(re.findall(r"^\| `(impacts-[a-z-]+)` \|", table, re.M))
    assert len(documented) == 11
    assert documented == {rule for rule in RULES if rule.startswith("impacts-")}
    exercised = {
        rule for expected in DATA.glob("invalid/*.expected") for *_, rule in read_expected(expected)
    }
    assert documented <= exercised, documented - exercised


def test_findings_carry_a_hint_and_the_rules_severity() -> None:
    found = findings(DATA / "invalid" / "unknown-reference.yaml")
    by_message = {d.message: d for d in found}
    typo = by_message["no path has the id `people_in_reech`"]
    assert typo.hint == "did you mean `people_in_reach`?"
    assert typo.key_path == "$.impacts[0].paths[1]"
    assert all(d.hint for d in found)
    assert all(d.severity is RULES[d.rule].severity for d in found)
    never = findings(DATA / "invalid" / "path-never-opens.yaml")
    assert {d.rule: d.severity for d in never}["impacts-path-never-opens"] is FindingLevel.WARNING


def test_a_broken_condition_is_reported_not_raised(tmp_path: Path) -> None:
    text = (DATA / "valid" / "small.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("\"approval == 'yes'\"", '"approval == "'), encoding="utf-8")
    found = findings(broken)
    assert [d.rule for d in found] == ["condition-syntax"]
