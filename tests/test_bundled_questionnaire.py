"""The bundled Decree 368 questionnaire: valid with no warnings, tested, and calibrated."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd import catalog
from hrdd.cli import run
from hrdd.commands.test import SuiteResult, run_suite

QUESTIONNAIRE = catalog.default_questionnaire()


@pytest.fixture(scope="module")
def suite() -> SuiteResult:
    return run_suite(QUESTIONNAIRE)


def _case(suite: SuiteResult, stem: str) -> dict[str, tuple[str, str]]:
    """Return area -> (inherent band, residual band) for the case file named ``stem``."""
    (case,) = [c for c in suite.cases if Path(c.path).stem == stem]
    return {a.area: (a.band, a.residual.band) for a in case.assessment.areas}


def test_validate_strict_finds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", "--strict", str(QUESTIONNAIRE.parent)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_every_case_passes_and_coverage_clears_80_percent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["test", str(QUESTIONNAIRE), "--coverage", "--min-coverage", "80"]) == 0
    assert " 0 failed" in capsys.readouterr().out


def test_the_cases_cover_the_archetypes_and_every_area(suite: SuiteResult) -> None:
    assert len(suite.cases) >= 8
    assert all(c.passed for c in suite.cases), [c.mismatches for c in suite.cases]
    questionnaire_areas = {a.area for a in suite.cases[0].assessment.areas}
    assert len(questionnaire_areas) == 10
    assert suite.coverage.options.percent >= 80


def test_a_foreign_encrypted_service_without_presence_is_never_critical(
    suite: SuiteResult,
) -> None:
    ratings = _case(suite, "e2ee-messenger")
    assert all(band != "critical" for pair in ratings.values() for band in pair), ratings


def test_an_operator_connected_to_state_access_is_critical(suite: SuiteResult) -> None:
    inherent, residual = _case(suite, "mobile-operator")["state_access"]
    assert inherent == "critical"
    assert residual == "critical"


def test_a_company_without_a_belarus_nexus_stays_low(suite: SuiteResult) -> None:
    ratings = _case(suite, "b2b-no-nexus")
    assert {band for pair in ratings.values() for band in pair} == {"low"}
