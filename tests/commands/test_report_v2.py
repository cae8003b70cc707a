"""`hrdd report` on a format-2 questionnaire: what it says it wrote, PDF errors, the appendix."""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hrdd.cli import run
from tests.conftest import REPO
from tests.conftest import REPORT_DATA as DATA
from tests.hostile.hostile_support import subprocess_env

V2 = str(REPO / "questionnaires" / "decree-368.yaml")
OPERATOR = str(DATA / "impacts" / "operator.yaml")


def test_writing_a_file_says_what_was_written_on_stderr_and_nothing_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    assert run(["report", OPERATOR, "-q", V2, "-f", "html", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"hrdd: wrote {out} (HTML)\n"
    assert run(["report", OPERATOR, "-q", V2, "-o", str(out), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert run(["report", OPERATOR, "-q", V2]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# Human-rights risk")
    assert captured.err == ""  # the report itself went to stdout: nothing to announce


def test_a_pdf_without_its_footer_is_warned_of_even_when_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stand-in for a Chromium older than 131, which prints no CSS margin boxes.
    browser = tmp_path / "old-chromium"
    pdf = "%%PDF-1.4\\n<< /Type /Page >>\\n<< /Producer (Skia/PDF m120) >>\\n"
    browser.write_text(
        "#!/bin/sh\n"
        f'for a; do case "$a" in --print-to-pdf=*) printf "{pdf}" > "${{a#*=}}";; esac; done\n',
        encoding="utf-8",
    )
    browser.chmod(0o755)
    out = tmp_path / "r.pdf"
    args = ["report", OPERATOR, "-q", V2, "-f", "pdf", "--browser", str(browser), "-o", str(out)]
    assert run([*args, "--quiet"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().err == (
        "warning: the PDF has no footer (organisation, date, page N of M): Chromium 120 "
        "printed it, and only Chromium 131 or later prints one; update Chromium or name a "
        "newer one with --browser PATH\n"
    )


def test_no_appendix_leaves_out_method_vectors_and_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["report", OPERATOR, "-q", V2, "--no-appendix"]) == 0
    text = capsys.readouterr().out
    assert "## Technical appendix" not in text
    assert "SC5/" not in text
    assert "(technical-appendix)" not in text  # no link to a part that is not there
    assert "--no-appendix`" in text  # the regenerate line says how it was made
    assert run(["report", OPERATOR, "-q", V2]) == 0
    assert "## Technical appendix" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--browser", "/nonexistent"], "--browser /nonexistent: not an executable file;"),
        (["-f", "html", "--browser", "/usr/bin/env"], "--browser is for --format pdf"),
    ],
)
def test_pdf_option_errors_are_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    out = tmp_path / "r.pdf"
    args = ["report", OPERATOR, "-q", V2, "-o", str(out)]
    if "-f" not in extra:
        args += ["-f", "pdf"]
    assert run(args + extra) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_pdf_without_a_browser_on_path_says_how_to_get_one(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hrdd", "report", OPERATOR, "-q", V2, "-f", "pdf", "-o", "r.pdf"],
        cwd=tmp_path,
        env=subprocess_env(PATH=""),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("hrdd: error: --format pdf needs Chromium and none was found")
    assert "apt install chromium" in done.stderr
    assert "use --format html and print it from a browser" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_pdf_to_a_terminal_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    assert run(["report", OPERATOR, "-q", V2, "-f", "pdf", "--browser", "/usr/bin/env"]) == 2
    assert "refusing to write a PDF to the terminal" in capsys.readouterr().err


def test_ctrl_c_while_printing_stops_the_browser_and_leaves_nothing(tmp_path: Path) -> None:
    browser = tmp_path / "slow-browser"
    started = tmp_path / "started"
    browser.write_text(f"#!/bin/sh\ntouch {started}\nsleep 60\n", encoding="utf-8")
    browser.chmod(0o755)
    temp = tmp_path / "tmp"
    temp.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "hrdd", "report", OPERATOR, "-q", V2, "-f", "pdf"]
        + ["--browser", str(browser), "-o", "r.pdf"],
        cwd=work,
        env=subprocess_env(TMPDIR=str(temp)),
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists()
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
    assert process.returncode == 130
    assert list(temp.iterdir()) == []
    assert list(work.iterdir()) == []


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a":
            self.links.append(found)
            self.hrefs.append(str(found.get("href")))


def test_html_anchors_are_unique_and_every_link_inside_the_report_lands(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["report", OPERATOR, "-q", V2, "-f", "html"]) == 0
    parsed = _Ids()
    parsed.feed(capsys.readouterr().out)
    assert len(parsed.ids) == len(set(parsed.ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in parsed.ids)
    inside = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert set(inside) <= set(parsed.ids)
    # Scenarios link to the plan items that address them, and plan items link back.
    assert "plan-mitigation-demand-register" in inside or any(
        i.startswith("plan-mitigation-") for i in inside
    )
    assert "scenario-disclosure-state-system" in parsed.ids
    assert any(i.startswith("impact-") for i in inside)
    outside = [link for link in parsed.links if not str(link.get("href")).startswith("#")]
    assert outside, "the evidence link is missing"
    assert all(link.get("rel") == "noreferrer" for link in outside)
    assert all(str(link.get("href")).startswith(("http://", "https://")) for link in outside)


def test_notes_and_evidence_stand_beside_the_impact_they_explain(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["report", OPERATOR, "-q", V2, "--no-appendix"]) == 0
    text = capsys.readouterr().out
    body = text.split("### 1. ", 1)[1].split("### 2. ", 1)[0]
    assert "Installed by the licensing authority in 2019" in body
    assert "https\\://intranet.example/licence-2019" in body  # inert in Markdown
    assert text.count("Installed by the licensing authority in 2019") == 1
    assert run(["report", OPERATOR, "-q", V2, "--profile", "shareable"]) == 0
    assert "Installed by the licensing authority" not in capsys.readouterr().out
