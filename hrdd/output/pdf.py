"""Print an HTML report to PDF through a headless Chromium found on the machine.

The browser runs in a private temporary folder (mode 0700) that holds the HTML, its profile,
its home, cache and temporary files and the PDF, and that is removed afterwards, also on an
error, a timeout or Ctrl-C. Background networking, component updates, crash reporting, sync
and extensions are off, and every request is sent to a proxy that does not exist, so nothing
leaves the machine even if a document asked for it (the report asks for nothing: its
Content-Security-Policy is `default-src 'none'`). Page numbers, organisation and date in the
footer come from the report's own CSS (`@page` margin boxes, Chromium 131 and later).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from hrdd.errors import HrddError

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Looked up on PATH in this order when `--browser` is not given."""
TIMEOUT = 120.0
"""Seconds a print may take before the browser is stopped (a 40-page report takes ~5 s)."""
HOW_TO = (
    "install Chromium (Debian and Ubuntu: apt install chromium), name one with "
    "--browser PATH, or use --format html and print it from a browser"
)
FLAGS = (
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
    "--no-pings",
    "--dns-prefetch-disable",
    # Every request, loopback included, goes to a proxy on the discard port, which nobody
    # serves; no name is ever resolved.
    "--proxy-server=socks5://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-pdf-header-footer",
)
SHORT_TEMP = 40
"""Chromium puts sockets in its temporary folder, whose paths may not pass 107 bytes: when the
temporary folder's own path is longer than this, the private folder goes in /tmp instead."""
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_PRODUCER = re.compile(rb"/Producer\s*\(Skia/PDF m(\d{1,6})\)")
FOOTER_MILESTONE = 131
"""The first Chromium that prints CSS `@page` margin boxes, where the report's footer is."""


class PdfError(HrddError):
    """No browser to print with, or the print failed or timed out (exit 2)."""


def find_browser(explicit: Path | None = None, path: str | None = None) -> Path:
    """Return the browser to print with: ``explicit``, else the first of BROWSER_NAMES on PATH.

    Raises PdfError saying how to get one.
    """
    if explicit is not None:
        if not explicit.is_file() or not os.access(explicit, os.X_OK):
            raise PdfError(f"--browser {explicit}: not an executable file; {HOW_TO}")
        return Path.cwd() / explicit  # the browser runs in another folder
    for name in BROWSER_NAMES:
        found = shutil.which(name, path=path)
        if found is not None:
            return Path(found)
    raise PdfError(
        f"--format pdf needs Chromium and none was found on PATH ({', '.join(BROWSER_NAMES)}); "
        + HOW_TO
    )


def page_count(pdf: bytes) -> int:
    """Return the number of pages of a PDF as Chromium writes it (page objects, uncompressed)."""
    return len(_PAGE.findall(pdf))


def printed_by(pdf: bytes) -> int | None:
    """Return the Chromium milestone that printed ``pdf`` (its `Skia/PDF mNNN` producer).

    None when the PDF does not say (another browser, or a producer written compressed).
    """
    found = _PRODUCER.search(pdf)
    return int(found.group(1)) if found else None


def footer_warning(pdf: bytes) -> str | None:
    """Say so when ``pdf`` was printed by a Chromium too old to print the report's footer."""
    milestone = printed_by(pdf)
    if milestone is None or milestone >= FOOTER_MILESTONE:
        return None
    return (
        f"the PDF has no footer (organisation, date, page N of M): Chromium {milestone} "
        f"printed it, and only Chromium {FOOTER_MILESTONE} or later prints one; update "
        "Chromium or name a newer one with --browser PATH"
    )


def _environment(home: Path) -> dict[str, str]:
    """Return the browser's environment: its home, cache and temp inside the private folder."""
    env = {
        "HOME": str(home),
        "TMPDIR": str(home.parent / "t"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "LANG": "C.UTF-8",
    }
    (home.parent / "t").mkdir(mode=0o700)
    for name in ("config", "cache", "data"):
        (home / name).mkdir(mode=0o700)
    if "PATH" in os.environ:
        env["PATH"] = os.environ["PATH"]
    return env


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the browser and every process it started (they share its process group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()  # reaps it and closes its stderr


def print_pdf(
    html: str, browser: Path, *, timeout: float = TIMEOUT, extra: Sequence[str] = ()
) -> bytes:
    """Return the PDF that ``browser`` prints from ``html`` (A4, as the report's CSS says).

    Raises PdfError when the browser cannot start, fails, writes no PDF or runs past
    ``timeout`` seconds. The private folder is removed in every case.
    """
    base = tempfile.gettempdir()
    if len(os.fsencode(base)) > SHORT_TEMP and Path("/tmp").is_dir():
        base = "/tmp"
    folder = Path(tempfile.mkdtemp(prefix="hrdd-pdf-", dir=base))
    try:
        page = folder / "report.html"
        fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(html.encode("utf-8"))
        home = folder / "home"
        home.mkdir(mode=0o700)
        pdf = folder / "report.pdf"
        args = [str(browser), *FLAGS, *extra, f"--user-data-dir={folder / 'profile'}"]
        if os.geteuid() == 0:  # Chromium refuses to run as root with its sandbox
            args.append("--no-sandbox")
        args += [f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            process = subprocess.Popen(  # noqa: S603 - the user's browser, our arguments
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=_environment(home),
                cwd=folder,
                start_new_session=True,
            )
        except OSError as exc:
            raise PdfError(f"cannot start {browser}: {exc.strerror or exc}; {HOW_TO}") from None
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise PdfError(
                f"{browser} did not print the report within {timeout:g} seconds; {HOW_TO}"
            ) from None
        except BaseException:  # Ctrl-C: stop the browser before the folder goes
            _stop(process)
            raise
        _stop(process)  # helpers it left behind
        data = pdf.read_bytes() if pdf.is_file() else b""
        if process.returncode != 0 or not data.startswith(b"%PDF"):
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise PdfError(
                f"{browser} failed to print the report (exit {process.returncode}: "
                f"{last[0][:200]}); {HOW_TO}"
            )
        return data
    finally:
        shutil.rmtree(folder, ignore_errors=True)
