"""Finding, loading and checking questionnaire files: the core of `hrdd validate`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import hrdd.commands.validate as validate_module
from hrdd import catalog
from hrdd.commands.validate import (
    collect_paths,
    display_path,
    exit_code,
    validate_file,
    validate_paths,
)
from hrdd.diagnostics import Diagnostic, FileCounts, FileResult, FindingLevel
from hrdd.errors import UsageError
from hrdd.scoring.impacts.format import RiskQuestionnaire
from tests.conftest import MINIMAL


def touch(path: Path, text: str = "format: 1\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- collect_paths ------------------------------------------------------------------------


def test_folders_are_searched_recursively_sorted_skipping_tests_and_hidden(tmp_path: Path) -> None:
    root = tmp_path / "q"
    wanted = [
        touch(root / "a.yaml"),
        touch(root / "b.yml"),
        touch(root / "nested" / "c.yaml"),
        touch(root / "nested" / "deeper" / "d.yaml"),
        touch(root / "z.yaml"),
    ]
    touch(root / "a.tests" / "case.yaml")
    touch(root / "nested" / "c.tests" / "case.yaml")
    touch(root / ".hidden" / "e.yaml")
    touch(root / ".pre-commit-config.yaml")
    touch(root / "notes.txt")
    touch(root / "data.json")
    assert collect_paths([root]) == wanted


def test_files_are_taken_as_given_even_missing_or_hidden(tmp_path: Path) -> None:
    hidden = touch(tmp_path / ".hidden.yaml")
    other = touch(tmp_path / "questionnaire.txt")
    missing = tmp_path / "missing.yaml"
    assert collect_paths([missing, hidden, other]) == [missing, hidden, other]


def test_each_file_is_collected_once_in_first_seen_order(tmp_path: Path) -> None:
    a = touch(tmp_path / "a.yaml")
    b = touch(tmp_path / "b.yaml")
    assert collect_paths([b, tmp_path, a]) == [b, a]


def test_a_named_tests_folder_is_searched(tmp_path: Path) -> None:
    case = touch(tmp_path / "decree.tests" / "case.yaml")
    assert collect_paths([tmp_path / "decree.tests"]) == [case]


def test_a_folder_without_questionnaires_is_a_usage_error(tmp_path: Path) -> None:
    touch(tmp_path / "only.tests" / "case.yaml")
    with pytest.raises(UsageError, match=r"no \*\.yaml or \*\.yml files in this folder"):
        collect_paths([tmp_path])


def test_no_paths_means_the_bundled_questionnaires(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = [touch(tmp_path / "one.yaml"), touch(tmp_path / "two.yaml")]
    monkeypatch.setattr(validate_module, "bundled_questionnaires", lambda: bundled)
    assert collect_paths([]) == bundled


def test_no_paths_and_nothing_bundled_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate_module, "bundled_questionnaires", list)
    with pytest.raises(UsageError, match="no bundled questionnaires found"):
        collect_paths([])


def test_no_paths_really_uses_the_package_resources() -> None:
    assert collect_paths([]) == catalog.bundled_questionnaires()


# --- display_path -------------------------------------------------------------------------


def test_display_paths_are_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "q" / "a.yaml") == str(Path("q") / "a.yaml")
    assert display_path(Path("rel.yaml")) == "rel.yaml"
    outside = tmp_path.parent / "elsewhere.yaml"
    assert display_path(outside) == str(outside)


# --- validate_file ------------------------------------------------------------------------


def test_a_valid_file_has_no_findings_and_is_counted() -> None:
    result = validate_file(MINIMAL, "minimal.yaml")
    assert result == FileResult(
        path="minimal.yaml",
        diagnostics=(),
        counts=FileCounts(questions=2, areas=1, mitigations=1),
    )


def test_a_missing_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    result = validate_file(tmp_path / "nope.yaml", "nope.yaml")
    assert [(d.rule, d.path) for d in result.diagnostics] == [("file-not-found", "nope.yaml")]
    assert result.unreadable
    assert result.counts == FileCounts()


def test_a_folder_given_as_a_file_is_unreadable(tmp_path: Path) -> None:
    result = validate_file(tmp_path, "folder")
    assert result.unreadable


def test_checks_do_not_run_when_the_model_did_not_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> list[Diagnostic]:
        raise AssertionError("checks ran on a file that did not load")

    monkeypatch.setattr(validate_module, "check_impacts", fail)
    broken = touch(tmp_path / "broken.yaml", MINIMAL.read_text(encoding="utf-8") + "extra: 1\n")
    result = validate_file(broken, "broken.yaml")
    assert [d.rule for d in result.diagnostics] == ["unknown-key"]
    assert result.counts == FileCounts()


def test_check_findings_are_merged_and_sorted(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[RiskQuestionnaire] = []

    def fake_checks(questionnaire: RiskQuestionnaire, document: object) -> list[Diagnostic]:
        seen.append(questionnaire)
        return [
            Diagnostic("minimal.yaml", 30, 1, "unused-source", "late", FindingLevel.WARNING),
            Diagnostic("minimal.yaml", 2, 1, "duplicate-id", "early"),
        ]

    monkeypatch.setattr(validate_module, "check_impacts", fake_checks)
    result = validate_file(MINIMAL, "minimal.yaml")
    assert [s.id for s in seen] == ["minimal_example"]
    assert [(d.line, d.rule) for d in result.diagnostics] == [
        (2, "duplicate-id"),
        (30, "unused-source"),
    ]
    assert (result.errors, result.warnings) == (1, 1)
    assert result.counts.questions == 2


def test_validate_paths_reports_every_file_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(MINIMAL, tmp_path / "b.yaml")
    touch(tmp_path / "a.yaml", "format: [\n")
    results = validate_paths([Path(), Path("missing.yaml")])
    assert [r.path for r in results] == ["a.yaml", "b.yaml", "missing.yaml"]
    assert [r.failed(strict=False) for r in results] == [True, False, True]
    assert [r.unreadable for r in results] == [False, False, True]


# --- exit_code ----------------------------------------------------------------------------

CLEAN = FileResult("clean.yaml")
WARNED = FileResult(
    "warned.yaml",
    (Diagnostic("warned.yaml", 1, 1, "unused-source", "unused", FindingLevel.WARNING),),
)
FAILED = FileResult("failed.yaml", (Diagnostic("failed.yaml", 1, 1, "duplicate-id", "twice"),))
UNREADABLE = FileResult("gone.yaml", (Diagnostic("gone.yaml", 1, 1, "file-not-found", "gone"),))


@pytest.mark.parametrize(
    ("results", "strict", "code"),
    [
        ([], False, 0),
        ([CLEAN], False, 0),
        ([CLEAN, WARNED], False, 0),
        ([CLEAN, WARNED], True, 1),
        ([CLEAN, FAILED], False, 1),
        ([FAILED, UNREADABLE], False, 2),
        ([CLEAN, UNREADABLE], True, 2),
    ],
)
def test_exit_code(results: list[FileResult], strict: bool, code: int) -> None:
    assert exit_code(results, strict=strict) == code
