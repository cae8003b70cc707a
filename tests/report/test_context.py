"""What the command line adds to a report: its date and the status of the assessment."""

from __future__ import annotations

from hrdd.commands.report import build_report
from hrdd.report.options import ReportFormat
from tests.conftest import REPORT_DATA as DATA


def _report(name: str, day: str | None = None) -> str:
    return build_report(
        DATA / f"{name}.yaml",
        DATA / "questionnaire.yaml",
        output_format=ReportFormat.MARKDOWN,
        report_date=day,
    ).text


def test_report_date_comes_from_the_answers_file_unless_given() -> None:
    assert "2025-05-21" in _report("shop")
    given = _report("shop", "2025-12-31")
    assert "2025-12-31" in given
    assert "2025-05-21" not in given


def test_incomplete_assessment_says_what_is_missing() -> None:
    text = _report("shop")
    assert "applicable questions are not answered yet" in text
    assert "incomplete (" in text
