"""The HTML report in a real browser: no console error, no request, accessible, prints to A4.

Needs the Debian packages `chromium` and `poppler-utils` and the node packages of
tests/browser/package.json; `bash scripts/test` installs all of them. The screenshot and the
PDF are kept in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hrdd.cli import run
from hrdd.commands.report import build_report
from hrdd.output.writer import write_output
from hrdd.report.options import Profile, ReportFormat

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
DATA = HERE.parent / "data" / "report"
ARTIFACTS = HERE.parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = range(9, 15)
"""A4 pages the example report prints to: 12 with the fonts of Debian's Chromium, give or take
line wrapping with other fonts. Far more would mean broken page breaks; far fewer, lost content."""


def _require(path: str, hint: str) -> str:
    found = shutil.which(path) or (path if Path(path).exists() else None)
    if found is None:
        pytest.fail(f"{path} is missing: {hint} (bash scripts/test installs it)")
    return found


IMPACTS = DATA / "impacts" / "operator.yaml"
V2 = HERE.parent.parent / "questionnaires" / "decree-368.yaml"
PORTFOLIO_PAGES = 9
"""The 17 bundled cases print on 7 landscape A4 pages with Debian's fonts; far more would mean
a broken layout."""
BOARD_PAGES = 2
"""The board summary of a format-2 report prints on at most this many A4 pages."""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "report-rides.html"
    text = build_report(
        DATA / "rides.yaml",
        DATA / "questionnaire.yaml",
        output_format=ReportFormat.HTML,
        profile=Profile.INTERNAL,
    ).text
    write_output(text, str(path), private=True)
    return path


@pytest.fixture(scope="module")
def impact_report() -> Path:
    """The format-2 (risk model) report of the operator in scope with SORM."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "report-operator.html"
    text = build_report(IMPACTS, V2, output_format=ReportFormat.HTML, profile=Profile.INTERNAL).text
    write_output(text, str(path), private=True)
    return path


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The portfolio of every bundled Decree 368 test case, one answers file each."""
    from tests.report.test_portfolio import portfolio_folder

    ARTIFACTS.mkdir(exist_ok=True)
    folder, _ = portfolio_folder(tmp_path_factory.mktemp("portfolio") / "clients")
    path = ARTIFACTS / "portfolio.html"
    code = run(["report", str(folder), "--format", "html", "-o", str(path), "--date", "2026-11-30"])
    assert code == 0
    return path


def _check_in_browser(report: Path, screenshot: Path) -> None:
    node = _require("node", "install Node.js")
    if not (HERE / "node_modules" / "axe-core").is_dir():
        pytest.fail("tests/browser/node_modules is missing: run npm ci in tests/browser")
    done = subprocess.run(
        [node, str(HERE / "check-report.mjs"), str(report), str(screenshot)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "CHROMIUM": CHROMIUM},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["errors"] == []
    assert [m for m in result["console"] if m["type"] in ("error", "warning")] == []
    assert result["requests"] == []
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=2)
    assert result["lang"] == "en"
    assert screenshot.stat().st_size > 10_000


def _print(report: Path, pdf: Path, profile: Path) -> list[str]:
    """Print the report to A4 and return the text of each page."""
    chromium = _require(CHROMIUM, "install the Debian package chromium")
    pdfinfo = _require("pdfinfo", "install the Debian package poppler-utils")
    pdftotext = _require("pdftotext", "install the Debian package poppler-utils")
    pdf.unlink(missing_ok=True)
    subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            report.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert "(A4)" in fields["Page size"]
    return [
        subprocess.run(
            [pdftotext, "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, int(fields["Pages"]) + 1)
    ]


def test_impact_report_opens_without_errors_or_requests_and_passes_axe(
    impact_report: Path,
) -> None:
    _require(CHROMIUM, "install the Debian package chromium")
    _check_in_browser(impact_report, ARTIFACTS / "report-operator.png")


def test_impact_report_board_summary_prints_on_two_pages(
    impact_report: Path, tmp_path: Path
) -> None:
    pages = _print(impact_report, ARTIFACTS / "report-operator.pdf", tmp_path / "profile")
    for n, text in enumerate(pages, 1):
        assert len(text.split()) >= 15, f"page {n} is (nearly) empty"
    assert "Example Mobile JSC" in pages[0] and "Board summary" in pages[0]
    # The board summary ends with a page break: the impacts start on the page after it.
    starts = [n for n, text in enumerate(pages, 1) if "Impacts and scenarios" in text]
    assert starts, "the impacts section is missing"
    assert starts[-1] - 1 <= BOARD_PAGES


def test_report_opens_without_errors_or_requests_and_passes_axe(report: Path) -> None:
    _require(CHROMIUM, "install the Debian package chromium")
    node = _require("node", "install Node.js")
    if not (HERE / "node_modules" / "axe-core").is_dir():
        pytest.fail("tests/browser/node_modules is missing: run npm ci in tests/browser")
    screenshot = ARTIFACTS / "report-rides.png"
    done = subprocess.run(
        [node, str(HERE / "check-report.mjs"), str(report), str(screenshot)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "CHROMIUM": CHROMIUM},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["errors"] == []
    assert [m for m in result["console"] if m["type"] in ("error", "warning")] == []
    assert result["requests"] == []
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=2)
    assert result["lang"] == "en"
    assert screenshot.stat().st_size > 10_000


def test_report_prints_to_a4_pages_of_content(report: Path, tmp_path: Path) -> None:
    chromium = _require(CHROMIUM, "install the Debian package chromium")
    pdfinfo = _require("pdfinfo", "install the Debian package poppler-utils")
    pdftotext = _require("pdftotext", "install the Debian package poppler-utils")
    pdf = ARTIFACTS / "report-rides.pdf"
    pdf.unlink(missing_ok=True)
    subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            report.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    pages = int(fields["Pages"])
    assert pages in PAGES
    assert "(A4)" in fields["Page size"]
    for n in range(1, pages + 1):
        text = subprocess.run(
            [pdftotext, "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert len(text.split()) >= 15, f"page {n} is (nearly) empty"
    first = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Example Rides LLC" in first


def test_portfolio_opens_without_errors_or_requests_and_passes_axe(portfolio: Path) -> None:
    _require(CHROMIUM, "install the Debian package chromium")
    _check_in_browser(portfolio, ARTIFACTS / "portfolio.png")


def test_portfolio_prints_every_client_to_a4(portfolio: Path, tmp_path: Path) -> None:
    pages = _print(portfolio, ARTIFACTS / "portfolio.pdf", tmp_path / "profile")
    text = " ".join(" ".join(pages).split())
    assert "Human-rights risk portfolio" in pages[0]
    assert "Every client by name" in text
    # Table cells wrap, so a name may print across lines: look for one word of each.
    assert text.count("Ride-hailing") == 4, "two ride-hailing clients, each in two tables"
    assert len(pages) <= PORTFOLIO_PAGES
