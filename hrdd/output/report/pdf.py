"""`--format pdf`: the HTML report printed by a headless Chromium (see hrdd.output.pdf)."""

from __future__ import annotations

import sys
from pathlib import Path

from hrdd.errors import UsageError
from hrdd.output.report.interface import Finished, ReportFormatter
from hrdd.output.writer import STDOUT
from hrdd.report.options import ReportFormat


class PdfReport(ReportFormatter):
    """The HTML report as a PDF; a single report only, never to a terminal."""

    title = "PDF"
    templates = ReportFormat.HTML
    portfolio = False

    def __init__(self) -> None:
        """Start with no browser: ``check`` finds it before the report is rendered."""
        self.browser: Path | None = None

    def check(self, output: str, browser: Path | None) -> None:
        """Refuse a terminal as the output and find the browser, before any work is done.

        Raises UsageError for a terminal, PdfError when no browser is found.
        """
        from hrdd.output.pdf import find_browser

        if output == STDOUT and sys.stdout.isatty():
            raise UsageError(
                "--format pdf: refusing to write a PDF to the terminal; "
                "name a file with -o FILE, or redirect stdout"
            )
        self.browser = find_browser(browser)

    def finish(self, text: str) -> Finished:
        """Print the HTML ``text`` to PDF; count its pages; warn when it has no footer."""
        from hrdd.output.pdf import find_browser, footer_warning, page_count, print_pdf

        data = print_pdf(text, self.browser or find_browser())
        pages = page_count(data)
        what = f"{self.title}, {pages} page{'s' if pages != 1 else ''}"
        return Finished(data, what, footer_warning(data))
