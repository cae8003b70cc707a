"""Printing to PDF without a real browser: finding one, failures, timeouts, nothing left behind.

The real Chromium is driven in tests/browser/test_report_pdf.py (slow).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdd.output.pdf import PdfError, find_browser, page_count, print_pdf

WRITE_PDF = 'for a; do case "$a" in --print-to-pdf=*) printf "{}" > "${{a#*=}}";; esac; done\n'


def _script(tmp_path: Path, body: str, name: str = "browser") -> Path:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def private_tmp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the temporary folder at an empty one with a short path, to see what is left."""
    folder = Path(tempfile.mkdtemp(prefix="hrdd-test-", dir="/tmp"))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    shutil.rmtree(folder)


def _running(pid: int) -> bool:
    """Tell whether a process runs (a zombie waiting for its parent to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_named_browser_that_does_not_exist_is_refused_with_how_to_get_one() -> None:
    with pytest.raises(PdfError) as caught:
        find_browser(Path("/nonexistent"))
    message = str(caught.value)
    assert message.startswith("--browser /nonexistent: not an executable file;")
    assert "apt install chromium" in message
    assert "--format html" in message


def test_no_browser_on_an_empty_path_says_how_to_install_one(tmp_path: Path) -> None:
    with pytest.raises(PdfError) as caught:
        find_browser(None, path=str(tmp_path))
    assert "none was found on PATH (chromium, chromium-browser, google-chrome" in str(caught.value)
    assert "--browser PATH" in str(caught.value)


def test_the_first_browser_name_on_path_is_used(tmp_path: Path) -> None:
    found = _script(tmp_path, "exit 0\n", "google-chrome")
    assert find_browser(None, path=str(tmp_path)) == found


def test_a_failing_browser_is_a_clear_error_and_leaves_nothing(
    tmp_path: Path, private_tmp: Path
) -> None:
    browser = _script(tmp_path, "echo 'cannot open display' >&2\nexit 3\n")
    with pytest.raises(PdfError) as caught:
        print_pdf("<p>x</p>", browser)
    assert "failed to print the report (exit 3: cannot open display)" in str(caught.value)
    assert list(private_tmp.iterdir()) == []


def test_a_browser_that_writes_no_pdf_is_an_error(tmp_path: Path, private_tmp: Path) -> None:
    browser = _script(
        tmp_path, 'for a; do case "$a" in --print-to-pdf=*) echo no > "${a#*=}";; esac; done\n'
    )
    with pytest.raises(PdfError, match="failed to print the report"):
        print_pdf("<p>x</p>", browser)
    assert list(private_tmp.iterdir()) == []


def test_a_browser_that_hangs_is_stopped_at_the_timeout_with_its_children(
    tmp_path: Path, private_tmp: Path
) -> None:
    marker = tmp_path / "child.pid"
    browser = _script(tmp_path, f"sleep 60 &\necho $! > {marker}\nwait\n")
    start = time.monotonic()
    with pytest.raises(PdfError, match="did not print the report within 1 seconds"):
        print_pdf("<p>x</p>", browser, timeout=1)
    assert time.monotonic() - start < 30
    child = int(marker.read_text(encoding="utf-8"))
    time.sleep(0.2)
    assert not _running(child)  # the helper it started is stopped too
    assert list(private_tmp.iterdir()) == []


def test_the_browser_runs_in_a_private_home_that_is_removed(
    tmp_path: Path, private_tmp: Path
) -> None:
    seen = tmp_path / "seen"
    browser = _script(
        tmp_path,
        f'echo "$HOME $TMPDIR $XDG_CONFIG_HOME" > {seen}\n'
        f'stat -c %a "$(dirname "$HOME")" >> {seen}\n'
        + WRITE_PDF.format("%%PDF-1.4 /Type /Page /Type /Pages")
        + f'printf "%s\\n" "$@" >> {seen}\n',
    )
    data = print_pdf("<p>x</p>", browser)
    assert data.startswith(b"%PDF")
    first, mode, *flags = seen.read_text(encoding="utf-8").splitlines()
    home, tmp, config = first.split()
    assert Path(home).parent.parent == private_tmp
    assert Path(tmp).parent == Path(home).parent and config.startswith(home)
    assert mode == "700"  # the private folder is the owner's only
    for flag in (
        "--headless",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-crash-reporter",
        "--no-pdf-header-footer",
        "--proxy-server=socks5://127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ):
        assert flag in flags
    assert any(f.startswith(f"--user-data-dir={Path(home).parent}") for f in flags)
    assert list(private_tmp.iterdir()) == []


def test_page_count_counts_page_objects_not_the_page_tree() -> None:
    assert page_count(b"%PDF /Type /Pages /Type /Page /Type/Page /Type /PageLabel") == 2


def test_a_temporary_folder_with_a_long_path_gives_way_to_tmp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chromium cannot create its sockets under a long path; /tmp serves then.
    long = tmp_path / ("x" * 60)
    long.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    seen = tmp_path / "seen"
    browser = _script(tmp_path, f'echo "$HOME" > {seen}\n' + WRITE_PDF.format("%%PDF-1.4"))
    print_pdf("<p>x</p>", browser)
    assert seen.read_text(encoding="utf-8").startswith("/tmp/hrdd-pdf-")
    assert list(long.iterdir()) == []
