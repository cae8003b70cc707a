"""The Decree 368 questionnaire 1.1.0 (format 1): valid with no warnings, tested, and calibrated.

It was the bundled questionnaire until 2.0.0 (format 2) replaced it; the copy under
tests/data/ keeps the format-1 engine tested on real content.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd.cli import run
from hrdd.commands.test import SuiteResult, cases_folder, load_case, run_suite, to_value
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.questionnaire.model import Questionnaire
from hrdd.scoring.engine import scorer_for
from hrdd.scoring.model import AreaResult
from hrdd.values import Value
from tests.conftest import DATA

QUESTIONNAIRE = DATA / "decree-368-1.1.0.yaml"


@pytest.fixture(scope="module")
def suite() -> SuiteResult:
    return run_suite(QUESTIONNAIRE)


def _case(suite: SuiteResult, stem: str) -> dict[str, tuple[str, str]]:
    """Return area -> (inherent band, residual band) for the case file named ``stem``."""
    (case,) = [c for c in suite.cases if Path(c.path).stem == stem]
    return {a.area: (a.band, a.residual.band) for a in case.assessment.areas}


def test_validate_strict_finds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", "--strict", str(QUESTIONNAIRE)]) == 0
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


def _values(stem: str, **changes: str) -> dict[str, Value]:
    questionnaire, _ = load_model_or_raise(Questionnaire, QUESTIONNAIRE)
    path = cases_folder(QUESTIONNAIRE) / f"{stem}.yaml"
    case, _ = load_case(path, CompiledQuestionnaire(questionnaire))
    assert case is not None
    values: dict[str, Value] = {k: to_value(v) for k, v in case.answers.items()}
    values.update(changes)
    return values


def _area(stem: str, area: str, **changes: str) -> tuple[AreaResult, list[str]]:
    questionnaire, _ = load_model_or_raise(Questionnaire, QUESTIONNAIRE)
    assessment = scorer_for(questionnaire).assess_values(_values(stem, **changes))
    (result,) = [a for a in assessment.areas if a.area == area]
    return result, assessment.triggered_mitigations


def test_no_report_after_a_safety_review_scores_better_than_never_considering_one() -> None:
    # UNGP 21: not publishing can be a safety decision; it must not score like neglect.
    never, never_plan = _area("online-store", "transparency_remedy", tr_report="none")
    reviewed, reviewed_plan = _area(
        "online-store", "transparency_remedy", tr_report="withheld_after_review"
    )
    assert reviewed.likelihood.points == never.likelihood.points - 2
    assert reviewed.likelihood.likelihood <= never.likelihood.likelihood
    assert "transparency_report_belarus" in never_plan
    assert "transparency_report_belarus" not in reviewed_plan


def test_data_held_in_russia_or_the_eaeu_counts_as_within_reach() -> None:
    # A foreign service with no presence: its data is out of reach only if it is also out of
    # the Eurasian Economic Union (Russia by source; the other states as a precaution).
    abroad, _ = _area("e2ee-messenger", "data_location", primary_location="elsewhere")
    eaeu, _ = _area("e2ee-messenger", "data_location", primary_location="eaeu")
    assert eaeu.severity.severity > abroad.severity.severity
