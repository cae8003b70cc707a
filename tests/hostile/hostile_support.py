"""What the hostile-input tests share: sample files, runners, a FIFO reader, a user switch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
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
    """Make a FIFO at ``path`` and read everything written into it on a thread.

    Yields a list that holds what was read once the block ends.
    """
    os.mkfifo(path)
    received: list[bytes] = []

    def read() -> None:
        with path.open("rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield received
    finally:
        if reader.is_alive() and not received:
            # Nothing opened the FIFO for writing: open it once so the reader ends.
            with path.open("wb"):
                pass
        reader.join(timeout=10)


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
