"""`--format markdown`: the report's Markdown templates, written as they render."""

from __future__ import annotations

from hrdd.output.report.interface import ReportFormatter
from hrdd.report.options import ReportFormat


class MarkdownReport(ReportFormatter):
    """The Markdown report, for a repository, a wiki or a pull request."""

    title = "Markdown"
    templates = ReportFormat.MARKDOWN
