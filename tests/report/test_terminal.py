"""The Markdown report read in a terminal through rich: structure survives, no raw syntax."""

from __future__ import annotations

import io

from hrdd.commands.report import build_report
from hrdd.report.options import Profile, ReportFormat
from tests.conftest import REPORT_DATA as DATA


def test_markdown_report_renders_in_an_80_column_terminal() -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    text = build_report(
        DATA / "rides.yaml",
        DATA / "questionnaire.yaml",
        output_format=ReportFormat.MARKDOWN,
        profile=Profile.INTERNAL,
        template_dir=None,
        report_date=None,
        output="-",
    ).text
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(Markdown(text))
    shown = out.getvalue()
    lines = shown.splitlines()
    assert all(len(line) <= 80 for line in lines)
    # Headings and tables became terminal structure, not Markdown syntax.
    assert "Board summary" in shown
    assert not any(line.startswith("#") for line in lines)
    assert not any(line.startswith("|") and "---" in line for line in lines)
    assert "━" in shown or "─" in shown  # rich drew the tables
