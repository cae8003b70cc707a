"""`hrdd report`'s formatters: what each refuses before any work, and what each writes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hrdd.errors import UsageError
from hrdd.output.pdf import PdfError
from hrdd.output.report import FORMATTERS, ReportOutput
from hrdd.output.report.interface import Finished
from hrdd.output.report.pdf import PdfReport
from hrdd.report.options import ReportFormat

# A stand-in browser that writes a PDF of the given pages where --print-to-pdf says.
PAGES = "%%PDF-1.4\\n" + "<< /Type /Page >>\\n"


def _browser(tmp_path: Path, pages: int) -> Path:
    body = PAGES.replace("<< /Type /Page >>\\n", "<< /Type /Page >>\\n" * pages)
    script = tmp_path / "browser"
    script.write_text(
        "#!/bin/sh\n"
        f'for a; do case "$a" in --print-to-pdf=*) printf "{body}" > "${{a#*=}}";; esac; done\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "templates", "title"),
    [
        (ReportOutput.MARKDOWN, ReportFormat.MARKDOWN, "Markdown"),
        (ReportOutput.HTML, ReportFormat.HTML, "HTML"),
        (ReportOutput.PDF, ReportFormat.HTML, "PDF"),
    ],
)
def test_each_format_renders_its_templates(
    choice: ReportOutput, templates: ReportFormat, title: str
) -> None:
    formatter = FORMATTERS.formatter(choice)
    assert (formatter.templates, formatter.title) == (templates, title)
    assert formatter.portfolio is (choice is not ReportOutput.PDF)


@pytest.mark.parametrize("choice", [ReportOutput.MARKDOWN, ReportOutput.HTML])
def test_text_formats_write_the_rendered_text_as_it_is(choice: ReportOutput) -> None:
    text = "# Report\n\x1b[31m<script>\u202e\n"
    formatter = FORMATTERS.formatter(choice)
    formatter.check("-", None)
    assert formatter.finish(text) == Finished(text, formatter.title)


@pytest.mark.parametrize("choice", [ReportOutput.MARKDOWN, ReportOutput.HTML])
def test_a_browser_for_a_text_format_is_refused(choice: ReportOutput) -> None:
    with pytest.raises(UsageError, match=r"^--browser is for --format pdf; leave it out"):
        FORMATTERS.formatter(choice).check("out.md", Path("/usr/bin/chromium"))


def test_pdf_to_a_terminal_is_refused_before_a_browser_is_looked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdout", _Terminal())
    with pytest.raises(UsageError, match="refusing to write a PDF to the terminal"):
        PdfReport().check("-", Path("/nonexistent"))


@pytest.mark.parametrize("browser", [Path("/dev/null"), Path("/nonexistent")])
def test_pdf_with_a_browser_that_is_not_a_program_is_refused(browser: Path) -> None:
    with pytest.raises(PdfError, match=f"^--browser {browser}: not an executable file"):
        PdfReport().check("out.pdf", browser)


@pytest.mark.parametrize(("pages", "what"), [(1, "PDF, 1 page"), (3, "PDF, 3 pages")])
def test_pdf_prints_with_the_browser_it_found_and_counts_its_pages(
    tmp_path: Path, pages: int, what: str
) -> None:
    formatter = PdfReport()
    formatter.check(str(tmp_path / "out.pdf"), _browser(tmp_path, pages))
    finished = formatter.finish("<html><body>report</body></html>")
    assert isinstance(finished.data, bytes) and finished.data.startswith(b"%PDF")
    assert finished.what == what
