"""`hrdd report --format pdf` with the system Chromium: pages, footer, no network, no trace.

Needs the Debian packages `chromium` and `poppler-utils` (`bash scripts/test` installs them).
"""

from __future__ import annotations

import http.server
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from hrdd.output.pdf import find_browser, page_count, print_pdf, printed_by
from tests.commands.test_score_v2 import CASES
from tests.conftest import REPO, REPORT_DATA
from tests.hostile.hostile_support import subprocess_env

pytestmark = pytest.mark.slow

V2 = REPO / "questionnaires" / "decree-368.yaml"
MOBILE_OPERATOR = CASES / "mobile-operator.yaml"
OPERATOR_WITH_NOTES = REPORT_DATA / "impacts" / "operator.yaml"
MAX_PAGES = 25
"""The internal report without its appendix prints on at most this many A4 pages."""
BOARD_PAGES = 2


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install poppler-utils (bash scripts/test installs it)")
    return found


def _pages(pdf: Path) -> list[str]:
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert "(A4)" in fields["Page size"]
    return [
        subprocess.run(
            [_tool("pdftotext"), "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, int(fields["Pages"]) + 1)
    ]


@pytest.fixture
def temp() -> Iterator[Path]:
    """An empty temporary folder with a path short enough for Chromium's sockets."""
    folder = Path(tempfile.mkdtemp(prefix="hrdd-t-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder)


def _report(answers: Path, out: Path, home: Path, temp: Path, *extra: str) -> str:
    """Run `hrdd report --format pdf` in a child with its own empty home and temp folder."""
    done = subprocess.run(
        [sys.executable, "-m", "hrdd", "report", str(answers), "-q", str(V2), "-f", "pdf"]
        + ["-o", str(out), *extra],
        env=subprocess_env(HOME=str(home), TMPDIR=str(temp)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    return done.stderr


@pytest.mark.parametrize("answers", [MOBILE_OPERATOR, OPERATOR_WITH_NOTES], ids=lambda p: p.stem)
def test_pdf_of_the_operator_fits_25_pages_board_summary_2_and_leaves_nothing(
    answers: Path, tmp_path: Path, temp: Path
) -> None:
    find_browser()
    home = tmp_path / "home"
    home.mkdir()
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    said = _report(answers, out, home, temp, "--no-appendix")
    pages = _pages(out)
    assert said == f"hrdd: wrote {out} (PDF, {len(pages)} pages)\n"
    assert len(pages) <= MAX_PAGES
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # Nothing written but the PDF: the home folder and the temporary folder stay empty.
    assert list(home.iterdir()) == []
    assert list(temp.iterdir()) == []
    assert [p.name for p in out.parent.iterdir()] == ["report.pdf"]
    # The board summary ends on page 2 at the latest (the contents on page 1 name the part).
    starts = [n for n, text in enumerate(pages, 1) if "Impacts and scenarios\n" in text]
    assert starts[-1] - 1 <= BOARD_PAGES
    organisation = yaml.safe_load(answers.read_text(encoding="utf-8"))["organisation"]
    for n, text in enumerate(pages, 1):
        assert f"Page {n} of {len(pages)}" in text
        assert "2026-01-15" in text.strip().splitlines()[-1]
        assert len(text.split()) >= 15, f"page {n} is (nearly) empty"
    assert organisation.split()[0] in pages[0].strip().splitlines()[-1]


def test_pdf_text_and_pages_are_the_same_on_every_run(tmp_path: Path, temp: Path) -> None:
    find_browser()
    runs = []
    for n in (1, 2):
        home = tmp_path / f"home{n}"
        home.mkdir()
        out = tmp_path / f"r{n}.pdf"
        _report(OPERATOR_WITH_NOTES, out, home, temp)
        runs.append(_pages(out))
    assert runs[0] == runs[1]
    assert len(runs[0]) > 3  # with the appendix


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return


def test_no_request_leaves_the_browser_even_when_the_page_asks(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        # No Content-Security-Policy here: the browser's own settings must stop every request.
        page = (
            "<!DOCTYPE html><html><head>"
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">'
            f'<link rel="prefetch" href="http://localhost:{port}/prefetch">'
            "</head><body><p>hello</p>"
            f'<img src="http://127.0.0.1:{port}/image.png" alt="">'
            f'<iframe src="http://localhost:{port}/frame" title="x"></iframe>'
            '<img src="https://example.org/outside.png" alt="">'
            "</body></html>"
        )
        pdf = print_pdf(page, find_browser())
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 1
    assert _Counter.hits == []
    # The PDF names the Chromium that printed it: what the missing-footer warning reads.
    milestone = printed_by(pdf)
    assert milestone is not None and milestone > 100


def test_footer_and_report_keep_hostile_organisation_names_inert(
    tmp_path: Path, temp: Path
) -> None:
    data = yaml.safe_load(OPERATOR_WITH_NOTES.read_text(encoding="utf-8"))
    hostile = 'Evil" } @page { @top-left { content: "X" } } </style><script>alert(1)</script> \\'
    data["organisation"] = hostile
    answers = tmp_path / "hostile.yaml"
    answers.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    out = tmp_path / "r.pdf"
    _report(answers, out, home, temp, "--no-appendix")
    pages = _pages(out)
    footer = pages[1].strip().splitlines()[-1]
    assert "</style><script>alert(1)</script>" in footer  # shown as text in the footer
    assert "Page 2 of" in footer
    assert not pages[1].strip().startswith("X")  # no header rule got in


def test_pdf_goes_through_a_link_and_into_a_device(tmp_path: Path, temp: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    real = tmp_path / "real.pdf"
    link = tmp_path / "link.pdf"
    link.symlink_to(real.name)
    _report(OPERATOR_WITH_NOTES, link, home, temp, "--no-appendix")
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"%PDF")
    said = _report(OPERATOR_WITH_NOTES, Path("/dev/null"), home, temp, "--no-appendix")
    assert said.startswith("hrdd: wrote /dev/null (PDF, ")
    assert Path("/dev/null").is_char_device()
