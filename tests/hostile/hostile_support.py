"""What the hostile-input tests share: sample files, runners, a FIFO reader, a user switch."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from hrdd.cli import run

REPO = Path(__file__).resolve().parent.parent.parent
DATA = REPO / "tests" / "data"
REPORT_Q = DATA / "report" / "questionnaire.yaml"
RIDES = DATA / "report" / "rides.yaml"
MINIMAL = DATA / "valid" / "minimal.yaml"


def hrdd(*args: str | Path) -> int:
    """Run hrdd in this process and return its exit code."""
    return run([str(a) for a in args])


def subprocess_env(**extra: str) -> dict[str, str]:
    """Return an environment in which ``python -m hrdd`` imports this source tree."""
    pythonpath = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": pythonpath, **extra}


def hrdd_process(
    *args: str | Path,
    cwd: Path,
    env: dict[str, str] | None = None,
    user: Sequence[str] = (),
    stdout: int | None = subprocess.PIPE,
    timeout: float = 60,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m hrdd`` in a child process (``user`` prefixes a privilege switch)."""
    return subprocess.run(
        [*user, sys.executable, "-m", "hrdd", *map(str, args)],
        cwd=cwd,
        env=env or subprocess_env(),
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


@contextmanager
def fifo_reader(path: Path) -> Iterator[list[bytes]]:
    """Make a FIFO at ``path`` and collect everything written into it during the block.

    The reading end is opened first, without blocking, so that nothing ever waits for a
    partner: a writer opens at once, and a test that writes nothing still ends. Yields a
    list that holds what was read once the block ends.
    """
    os.mkfifo(path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    chunks: list[bytes] = []
    finished = threading.Event()

    def read() -> None:
        while True:
            ready, _, _ = select.select([fd], [], [], 0.05)
            chunk = b""
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    pass
            if chunk:
                chunks.append(chunk)
            elif finished.is_set():
                return
            else:
                time.sleep(0.01)  # no writer yet, or between writes

    received: list[bytes] = []
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield received
    finally:
        finished.set()
        reader.join(timeout=10)
        os.close(fd)
        received.append(b"".join(chunks))


def unprivileged() -> list[str]:
    """Return a command prefix that runs a program as `nobody`, or skip the test.

    CI runs as root, for whom permission bits and ownership do not apply: the tests about
    them run hrdd as an unprivileged user in a child process.
    """
    if os.geteuid() != 0:
        return []  # already unprivileged
    setpriv = shutil.which("setpriv")
    if setpriv is not None:
        prefix = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    runuser = shutil.which("runuser")
    if runuser is not None:
        prefix = [runuser, "-u", "nobody", "--"]
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    pytest.skip("running as root and neither setpriv nor runuser can switch to `nobody`")
