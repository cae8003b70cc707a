"""Inputs that are not plain readable files: FIFOs, devices, link loops, unreadable files.

Only regular files are read: a FIFO used to make validate and score wait forever for a writer.

Every path argument of every command is tried. Special files are made in temporary folders;
the permission tests run hrdd as an unprivileged user, since CI runs as root.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.hostile_support import (
    MINIMAL,
    REPORT_Q,
    RIDES,
    hrdd,
    hrdd_process,
    subprocess_env,
    unprivileged,
)


def _commands(bad: Path, folder: Path) -> dict[str, list[str | Path]]:
    """Every command with ``bad`` in each of its path arguments (other arguments are fine)."""
    answers = folder / "rides.yaml"
    return {
        "validate": ["validate", bad],
        "validate-among-others": ["validate", MINIMAL, bad],
        "score": ["score", bad, "-q", REPORT_Q],
        "score-questionnaire": ["score", answers, "-q", bad],
        "report": ["report", bad, "-q", REPORT_Q],
        "report-questionnaire": ["report", answers, "-q", bad],
        "report-template-dir": ["report", answers, "-q", REPORT_Q, "--template-dir", bad],
        "report-template": [
            "report",
            answers,
            "-q",
            REPORT_Q,
            "--template-dir",
            folder / "templates",
        ],
        "assess-questionnaire": ["assess", bad, "--answers", answers, "--no-input"],
        "assess-answers": ["assess", REPORT_Q, "--answers", bad, "--no-input"],
        "test": ["test", bad],
    }


COMMANDS = list(_commands(Path(), Path()))


def _prepare(folder: Path, make: Callable[[Path], None]) -> Path:
    """Make the bad node ``input.yaml`` and, from the same maker, a bad template."""
    shutil.copy(RIDES, folder / "rides.yaml")
    (folder / "templates" / "markdown" / "impacts").mkdir(parents=True)
    make(folder / "templates" / "markdown" / "impacts" / "base.md.j2")
    bad = folder / "input.yaml"
    make(bad)
    return bad


def _expected(command: str, words: str) -> str:
    # A folder argument names what it found instead of a folder.
    return "not a folder" if command == "report-template-dir" else words


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _loop(path: Path) -> None:
    path.symlink_to(path.name + ".other")
    path.with_name(path.name + ".other").symlink_to(path.name)


def _device(path: Path) -> None:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a character device needs root (CI runs as root)")


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_as_input_is_refused_at_once(command: str, tmp_path: Path) -> None:
    # Nobody ever writes into these FIFOs: reading one would wait forever.
    bad = _prepare(tmp_path, _fifo)
    done = hrdd_process(*_commands(bad, tmp_path)[command], cwd=tmp_path, timeout=60)
    err = done.stderr.decode() + done.stdout.decode()
    assert done.returncode in (1, 2), err
    assert "internal error" not in err
    assert _expected(command, "this is a FIFO (named pipe), not a regular file") in err


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("make", "words"),
    [(_loop, "symbolic links in this path form a loop"), (_device, "a character device")],
    ids=["link-loop", "device"],
)
def test_a_link_loop_or_a_device_as_input_is_a_clear_error(
    command: str,
    make: Callable[[Path], None],
    words: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = _prepare(tmp_path, make)
    code = hrdd(*_commands(bad, tmp_path)[command])
    out, err = capsys.readouterr()
    assert code in (1, 2), err
    assert "internal error" not in err
    assert _expected(command, words) in out + err


def test_inputs_through_links_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "q.yaml").symlink_to(REPORT_Q)
    (tmp_path / "a.yaml").symlink_to(RIDES)
    assert hrdd("validate", tmp_path / "q.yaml") == 0
    assert hrdd("score", tmp_path / "a.yaml", "-q", tmp_path / "q.yaml") == 0
    assert hrdd("report", tmp_path / "a.yaml", "-q", tmp_path / "q.yaml") == 0
    capsys.readouterr()


def _nobody_can_reach(shared: Path) -> list[str]:
    prefix = unprivileged()
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import hrdd.cli"],
        cwd=shared,
        env=subprocess_env(),
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"`nobody` cannot import hrdd from this checkout: {probe.stderr[-200:]!r}")
    return prefix


@pytest.mark.slow
def test_an_unreadable_file_is_a_finding_and_the_others_are_still_checked(
    shared_folder: Path,
) -> None:
    nobody = _nobody_can_reach(shared_folder)
    secret = shared_folder / "secret.yaml"
    shutil.copy(MINIMAL, secret)
    secret.chmod(0o600)  # root's: nobody cannot read it
    public = shared_folder / "public.yaml"
    shutil.copy(MINIMAL, public)
    public.chmod(0o644)
    done = hrdd_process("validate", secret, public, cwd=shared_folder, user=nobody)
    out = done.stdout.decode()
    assert done.returncode == 2, done.stderr
    assert "secret.yaml:1:1: error file-unreadable permission denied" in out
    assert "public.yaml: 2 questions, 1 area, 1 mitigation: 0 errors, 0 warnings" in out
    assert done.stderr == b""
    # A folder that cannot be listed is a finding too, not a silent skip.
    hidden = shared_folder / "closed"
    hidden.mkdir(mode=0o700)
    shutil.copy(MINIMAL, hidden / "inside.yaml")
    done = hrdd_process("validate", shared_folder, cwd=shared_folder, user=nobody)
    out = done.stdout.decode()
    assert done.returncode == 2, done.stderr
    assert "closed:1:1: error file-unreadable permission denied: the folder cannot be" in out
    # score names the file it cannot read, as a finding, not as a usage error.
    done = hrdd_process("score", secret, cwd=shared_folder, user=nobody)
    assert done.returncode == 2
    assert b"secret.yaml:1:1: error file-unreadable permission denied" in done.stderr
    assert b"Usage:" not in done.stderr


LOCK_ATTEMPT = """
import sys
from pathlib import Path
from hrdd.errors import HrddError
from hrdd.sitting_lock import acquire
try:
    lock = acquire(Path(sys.argv[1]), respondent="Nobody", started="2025-01-01T00:00:00+00:00")
except HrddError as error:
    print("refused:", error)
else:
    print("acquired", oct(lock.path.stat().st_mode & 0o777), lock.path.stat().st_uid)
    lock.release()
"""


@pytest.mark.slow
@pytest.mark.parametrize("mode", [0o666, 0o644])
@pytest.mark.parametrize("sticky", [True, False], ids=["sticky-folder", "open-folder"])
def test_a_stale_lock_file_of_another_user_never_crashes_the_sitting(
    mode: int, sticky: bool, shared_folder: Path
) -> None:
    nobody = _nobody_can_reach(shared_folder)
    if not sticky:
        shared_folder.chmod(0o777)
    answers = shared_folder / "answers.yaml"
    lock = shared_folder / ".answers.yaml.lock"
    lock.write_text("pid: 1\nrespondent: Root\n", encoding="utf-8")
    lock.chmod(mode)  # left behind by root's sitting, which was killed
    done = subprocess.run(
        [*nobody, sys.executable, "-c", LOCK_ATTEMPT, str(answers)],
        cwd=shared_folder,
        env=subprocess_env(),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    if sticky:
        # Nobody may not remove root's file from a sticky folder: a clear refusal, no crash.
        assert out.startswith("refused: "), out
        assert "belongs to another user" in out and str(lock) in out
    else:
        # No process holds it: it is replaced by nobody's own, private lock file.
        assert out.startswith("acquired 0o600 "), out
        assert int(out.split()[2]) != 0
