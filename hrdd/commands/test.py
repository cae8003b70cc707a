"""Questionnaire test cases (`<stem>.tests/*.yaml`): finding, running and coverage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.commands.impact_cases import ImpactSuite
from hrdd.diagnostics import FindingLevel, format_finding
from hrdd.errors import InputError
from hrdd.output.test import FORMATTERS
from hrdd.output.test.interface import CaseResult, Coverage, Reach, SuiteResult
from hrdd.questionnaire.model import (
    Question,
    QuestionType,
)
from hrdd.scoring.loading import load_questionnaire_or_raise
from hrdd.values import (
    DONT_KNOW,
)

if TYPE_CHECKING:
    from hrdd.output.test import TestFormat

TESTS_SUFFIX = ".tests"


def cases_folder(questionnaire: Path) -> Path:
    """Return the folder of test cases beside a questionnaire: ``<stem>.tests/``."""
    return questionnaire.with_name(questionnaire.stem + TESTS_SUFFIX)


def case_files(questionnaire: Path) -> list[Path]:
    """Return the test-case files of a questionnaire, sorted."""
    folder = cases_folder(questionnaire)
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )


def option_keys(questions: Iterable[Question]) -> list[str]:
    """Return every answer a case can give a choice question, as ``question=value``.

    Don't know counts as an option of each question that offers it.
    """
    keys: list[str] = []
    for q in questions:
        if q.type in (QuestionType.YES_NO, QuestionType.SINGLE, QuestionType.MULTI):
            keys += [f"{q.id}={v}" for v in q.choices]
        if q.dont_know:
            keys.append(f"{q.id}={DONT_KNOW}")
    return keys


def _reach(universe: Sequence[str], reached: set[str]) -> Reach:
    missed = tuple(k for k in universe if k not in reached)
    return Reach(total=len(universe), reached=len(universe) - len(missed), missed=missed)


def run_suite(path: Path, display: str | None = None) -> SuiteResult:
    """Run every case of the questionnaire at ``path``; raise InputError on unusable files.

    Each case is checked on impact bands, the headline, the plan and provisional ratings.
    """
    questionnaire, _ = load_questionnaire_or_raise(path)
    suite = ImpactSuite(questionnaire)
    errors: list[str] = []
    results: list[CaseResult] = []
    for case_path in case_files(path):
        case, found = suite.load(case_path)
        errors += [format_finding(d) for d in found if d.severity is FindingLevel.ERROR]
        if case is None:
            continue
        result, mismatches = suite.run(case)
        results.append(CaseResult(str(case_path), case.name, mismatches, result))
    if errors:
        raise InputError("\n".join(errors))
    tally, index = suite.tally, suite.index
    coverage = Coverage(
        options=_reach(option_keys(index.questions.values()), tally.options),
        questions=_reach(list(index.questions), tally.questions),
        parts=(
            ("paths", _reach(list(index.paths), tally.paths)),
            ("mitigations", _reach(list(index.mitigations), tally.mitigations)),
            ("impacts", _reach(list(index.impacts), tally.impacts)),
        ),
    )
    return SuiteResult(
        questionnaire=display or str(path),
        questionnaire_id=questionnaire.id,
        folder=str(cases_folder(path)),
        cases=tuple(results),
        coverage=coverage,
    )


def run_suites(paths: Sequence[Path]) -> list[SuiteResult]:
    """Run the cases of each questionnaire (default: the bundled ones)."""
    from hrdd.catalog import bundled_questionnaires
    from hrdd.errors import UsageError

    chosen = list(paths) or bundled_questionnaires()
    if not chosen:
        raise UsageError("no questionnaire given and none is bundled")
    return [run_suite(p) for p in chosen]


def exit_code(suites: Sequence[SuiteResult], min_coverage: float | None) -> int:
    """Return 1 when a case failed or option coverage is under ``min_coverage`` percent."""
    failed = any(s.failed for s in suites)
    if min_coverage is not None:
        failed = failed or any(
            not s.cases or s.coverage.options.percent < min_coverage for s in suites
        )
    return 1 if failed else 0


def run(
    questionnaires: Sequence[Path],
    output_format: TestFormat,
    *,
    coverage: bool,
    min_coverage: float | None,
) -> int:
    """Run `hrdd test`: every case's result to stdout; 1 when a case fails or coverage is low."""
    from hrdd.output.writer import write_output

    suites = run_suites(questionnaires)
    show_coverage = coverage or min_coverage is not None
    write_output(FORMATTERS.formatter(output_format).render(suites, coverage=show_coverage), "-")
    return exit_code(suites, min_coverage)
