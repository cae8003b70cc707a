"""The render context: what the report shows is picked and worded here, from the Assessment."""

from __future__ import annotations

from hrdd.answers.model import load_answers
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.questionnaire.model import Questionnaire
from hrdd.report.context import ReportContext, ReportOptions, build_context
from hrdd.report.options import Profile
from hrdd.scoring import assess
from tests.conftest import REPORT_DATA as DATA


def _context(name: str, **options: object) -> ReportContext:
    questionnaire, _ = load_model_or_raise(Questionnaire, DATA / "questionnaire.yaml")
    answers, _ = load_answers(DATA / f"{name}.yaml")
    assessment = assess(questionnaire, answers)
    return build_context(questionnaire, answers, assessment, ReportOptions(**options))  # type: ignore[arg-type]


def test_figures_come_from_the_assessment() -> None:
    questionnaire, _ = load_model_or_raise(Questionnaire, DATA / "questionnaire.yaml")
    answers, _ = load_answers(DATA / "rides.yaml")
    assessment = assess(questionnaire, answers)
    context = build_context(questionnaire, answers, assessment, ReportOptions())
    for view, result in zip(context.areas, assessment.areas, strict=True):
        assert (view.id, view.band.id, view.rating) == (result.area, result.band, result.rating)
        assert view.residual_band.id == result.residual.band
        assert view.vector == result.vector
    ranks = [item.rank for group in context.plan for item in group.items]
    assert ranks == [m.rank for g in assessment.plan for m in g.mitigations]


def test_heat_map_places_every_area_twice_with_a_text_alternative() -> None:
    context = _context("rides")
    svg = str(context.heatmap.svg)
    assert svg.count("<circle") == 2 * len(context.areas)
    assert svg.count("<rect") == 25
    assert "A1 State access to user data: inherent Critical at severity 5, likelihood 5" in svg
    top = context.heatmap.rows[0]
    assert top.severity == 5
    assert top.cells[4].marks == "\u25cfA1"
    assert [c.band.id for c in top.cells] == ["medium", "high", "critical", "critical", "critical"]


def test_summary_names_the_worst_areas_first_and_the_next_30_days() -> None:
    summary = _context("rides").summary
    assert [r.code for r in summary.top_risks] == ["A1", "A2", "A3"]
    assert [p.id for p in summary.next_30_days] == ["staff_plan", "legal_fund"]
    shareable = _context("rides", profile=Profile.SHAREABLE).summary
    assert [p.id for p in shareable.next_30_days] == ["staff_plan"]


def test_incomplete_assessment_says_what_is_missing() -> None:
    context = _context("shop")
    assert not context.complete
    assert context.status == "Incomplete"
    assert "How many active users do you have in Belarus?" in context.status_note


def test_report_date_comes_from_the_answers_file_unless_given() -> None:
    assert _context("shop").date == "2025-05-21"
    assert _context("shop", report_date="2025-12-31").date == "2025-12-31"


def test_retired_answers_are_listed_in_the_internal_appendix_only() -> None:
    [retired] = _context("rides").retired
    assert (retired.id, retired.answer, retired.retired_from) == ("fleet_size", "120", "0.9.0")
    assert retired.question == ""  # the question is gone from the questionnaire
    assert retired.note == "Cars registered to the Minsk entity in 2024."
    assert retired.answered_by == "Boris Sample"
    assert retired.retired_at == "2025-03-10 16:40 UTC"
    assert _context("rides", profile=Profile.SHAREABLE).retired == []
    assert _context("shop").retired == []


def test_the_report_date_is_the_engine_reference_date_for_acceptances() -> None:
    from hrdd.commands.report import build_report
    from hrdd.report.options import ReportFormat

    def report(day: str | None) -> str:
        return build_report(
            DATA / "rides.yaml",
            DATA / "questionnaire.yaml",
            output_format=ReportFormat.MARKDOWN,
            report_date=day,
        ).text

    # rides.yaml: `transparency` accepted until 2025-03-01; the file was updated 2025-03-10.
    lapsed = report(None)
    assert "**EXPIRED 2025-03-01**" in lapsed
    assert "| Decline past its review date |" in lapsed
    assert "Publish a transparency report (#3)" in lapsed  # counted in the residual
    assert "residual `SC:4/SP:4/IR:5/S:4/L:3/R:12/B:high`" in lapsed
    holding = report("2025-02-28")
    assert "EXPIRED" not in holding
    assert "| Declined; the risk remains |" in holding
    assert "residual `SC:4/SP:4/IR:5/S:4/L:4/R:16/B:critical`" in holding
    assert "The company has declined 2 recommended mitigations" in holding
    assert "The company has declined 1 recommended mitigation." in lapsed
