"""`--format html`: the report's HTML templates, one self-contained page."""

from __future__ import annotations

from hrdd.output.report.interface import ReportFormatter
from hrdd.report.options import ReportFormat


class HtmlReport(ReportFormatter):
    """The HTML report: one file with its styles inline and no request to the network."""

    title = "HTML"
    templates = ReportFormat.HTML
