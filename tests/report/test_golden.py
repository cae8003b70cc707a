"""Whole reports compared with golden files: two assessments, both formats, both profiles.

Regenerate the golden files on purpose, after checking the change is wanted:

    HRDD_REGENERATE_GOLDEN=1 python -m pytest tests/test_report_golden.py
"""

from __future__ import annotations

import os

import pytest

from hrdd import __version__
from hrdd.commands.report import build_report
from hrdd.report.options import Profile, ReportFormat
from tests.conftest import REPORT_DATA as DATA

GOLDEN = DATA / "golden"
QUESTIONNAIRE = DATA / "questionnaire.yaml"
EXTENSIONS = {ReportFormat.MARKDOWN: "md", ReportFormat.HTML: "html"}

CASES = [
    (name, profile, fmt)
    for name in ("rides", "shop")
    for profile in Profile
    for fmt in ReportFormat
]


def _normalise(text: str) -> str:
    """Keep the golden files valid across version bumps: the version is the one moving part."""
    return text.replace(f"hrdd {__version__}", "hrdd VERSION")


def _render(name: str, profile: Profile, fmt: ReportFormat, date: str | None = None) -> str:
    report = build_report(
        DATA / f"{name}.yaml",
        QUESTIONNAIRE,
        output_format=fmt,
        profile=profile,
        report_date=date,
    )
    return report.text


@pytest.mark.parametrize(("name", "profile", "fmt"), CASES, ids=lambda v: str(v))
def test_report_matches_golden_file(name: str, profile: Profile, fmt: ReportFormat) -> None:
    text = _normalise(_render(name, profile, fmt))
    golden = GOLDEN / f"{name}.{profile.value}.{EXTENSIONS[fmt]}"
    if os.environ.get("HRDD_REGENERATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing; run with HRDD_REGENERATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_same_inputs_give_byte_identical_reports(fmt: ReportFormat) -> None:
    first = _render("rides", Profile.INTERNAL, fmt)
    second = _render("rides", Profile.INTERNAL, fmt)
    assert first.encode("utf-8") == second.encode("utf-8")


def test_report_date_defaults_to_the_answers_files_last_update() -> None:
    assert "| Date | 2025-03-10 |" in _render("rides", Profile.INTERNAL, ReportFormat.MARKDOWN)
    dated = _render("rides", Profile.INTERNAL, ReportFormat.MARKDOWN, date="2026-01-15")
    assert "| Date | 2026-01-15 |" in dated
    assert "--date 2026-01-15" in dated


def test_report_states_what_reproduces_it() -> None:
    text = _render("rides", Profile.SHAREABLE, ReportFormat.MARKDOWN)
    assert f"hrdd {__version__}" in text
    assert "sha256:f3d777d33e296950e575c3687ae9ab909b519cede922aaeb224c7348eee90451" in text
    assert "rides.yaml sha256:" in text
    assert (
        "`hrdd report rides.yaml --questionnaire questionnaire.yaml --format markdown "
        "--profile shareable --date 2025-03-10`" in text
    )
