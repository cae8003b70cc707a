"""Acceptance: valid example files have no findings; invalid ones exactly their expected ones.

Each ``tests/data/invalid/NAME.yaml`` has ``NAME.expected`` beside it: one finding per line as
``LINE:COL RULE-ID`` (blank lines and ``#`` comments are ignored). The findings must match
that set exactly, so a new or missing finding fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd.commands.validate import validate_file
from tests.conftest import DATA

VALID = sorted((DATA / "valid").glob("*.yaml"))
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def read_expected(path: Path) -> set[tuple[int, int, str]]:
    expected: set[tuple[int, int, str]] = set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        position, _, rule = line.partition(" ")
        row, _, column = position.partition(":")
        assert row.isdigit() and column.isdigit() and rule.strip(), (
            f"{path}:{number}: expected `LINE:COL RULE-ID`, found {raw!r}"
        )
        expected.add((int(row), int(column), rule.strip()))
    return expected


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=f"valid/{p.name}") for p in VALID]
    + [pytest.param(p, id=f"invalid/{p.name}") for p in INVALID],
)
def test_example_file(path: Path) -> None:
    result = validate_file(path, path.name)
    found = {(d.line, d.column, d.rule) for d in result.diagnostics}
    if path.parent.name == "valid":
        assert result.diagnostics == (), "\n".join(
            f"{d.line}:{d.column} {d.rule} {d.message}" for d in result.diagnostics
        )
        return
    expected_file = path.with_suffix(".expected")
    assert expected_file.is_file(), f"{expected_file.name} is missing: write the expected findings"
    expected = read_expected(expected_file)
    assert expected, f"{expected_file.name} lists no finding: an invalid file has at least one"
    detail = "\n".join(f"{d.line}:{d.column} {d.rule} {d.message}" for d in result.diagnostics)
    assert found == expected, f"findings for {path.name}:\n{detail}"


def test_there_are_examples_of_both_kinds() -> None:
    assert VALID and INVALID
