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


def _browser(tmp_path: Path, pages: int, producer: str = "") -> Path:
    body = PAGES.replace("<< /Type /Page >>\\n", "<< /Type /Page >>\\n" * pages) + producer
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
    assert finished.warning is None  # the PDF does not say which Chromium printed it


@pytest.mark.parametrize(
    ("milestone", "warned"), [(120, True), (130, True), (131, False), (156, False)]
)
def test_a_pdf_from_a_chromium_too_old_for_the_footer_is_warned_of(
    tmp_path: Path, milestone: int, warned: bool
) -> None:
    producer = f"<< /Producer (Skia/PDF m{milestone}) >>"
    formatter = PdfReport()
    formatter.check(str(tmp_path / "out.pdf"), _browser(tmp_path, 2, producer))
    finished = formatter.finish("<html><body>report</body></html>")
    assert finished.what == "PDF, 2 pages"
    if warned:
        assert finished.warning == (
            "the PDF has no footer (organisation, date, page N of M): Chromium "
            f"{milestone} printed it, and only Chromium 131 or later prints one; update "
            "Chromium or name a newer one with --browser PATH"
        )
    else:
        assert finished.warning is None
