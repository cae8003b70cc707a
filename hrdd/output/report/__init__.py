"""Output formats of `hrdd report`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from hrdd.output.registry import FormatChoice, Formatters
from hrdd.output.report.interface import ReportFormatter

__all__ = ["FORMATTERS", "ReportFormatter", "ReportOutput"]


class ReportOutput(FormatChoice):
    """The ``--format`` choices of `hrdd report`; each maps to exactly one formatter.

    Markdown and HTML are the templates' own formats; PDF is the HTML printed by Chromium.
    """

    MARKDOWN = "markdown", "markdown", "MarkdownReport"
    HTML = "html", "html", "HtmlReport"
    PDF = "pdf", "pdf", "PdfReport"


FORMATTERS: Formatters[ReportOutput, ReportFormatter] = Formatters(ReportOutput)
