"""The sitting lock: one interactive sitting per answers file, never blocked by a dead one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hrdd.errors import InputError
from hrdd.sitting_lock import Holder, SittingLockedError, acquire, lock_path
from tests.conftest import REPO

STARTED = "2025-03-03T09:00:00+00:00"


def test_the_lock_file_sits_beside_the_answers_file(tmp_path: Path) -> None:
    assert lock_path(tmp_path / "acme.yaml") == tmp_path / ".acme.yaml.lock"


def test_acquire_records_the_holder_in_a_private_file_and_release_removes_it(
    tmp_path: Path,
) -> None:
    answers = tmp_path / "acme.yaml"
    with acquire(answers, respondent="Anna", started=STARTED) as lock:
        path = lock_path(answers)
        assert lock.path == path
        assert path.stat().st_mode & 0o777 == 0o600
        holder = Holder.from_text(path.read_text(encoding="utf-8"))
        assert holder.pid == str(os.getpid())
        assert holder.respondent == "Anna"
        assert holder.started == STARTED
        lock.update(respondent="Anna Petrova")
        assert Holder.from_text(path.read_text(encoding="utf-8")).respondent == "Anna Petrova"
    assert not path.exists()
    lock.release()  # a second release does nothing


def test_a_second_sitting_is_refused_with_who_holds_it_and_what_to_do(tmp_path: Path) -> None:
    answers = tmp_path / "acme.yaml"
    with acquire(answers, respondent="Anna", started=STARTED):
        # A second open of the lock file conflicts even within one process.
        with pytest.raises(SittingLockedError) as caught:
            acquire(answers, respondent="Boris", started=STARTED)
    message = str(caught.value)
    assert message.startswith(
        f"{answers}: another hrdd sitting (assess, plan, signoff or merge) has this answers file"
    )
    assert f"(Anna, process {os.getpid()} since {STARTED})" in message
    assert "Finish or quit that sitting first" in message
    assert "use another --answers file" in message
    # The commands it suggests run as printed: hrdd as invoked (here `python -m hrdd`).
    from hrdd.invocation import executable

    assert f"\n  {executable()} score {answers}\n" in message
    assert f"\n  {executable()} report {answers}\n" in message
    assert caught.value.exit_code == 2
    # Where the lock is, so nobody goes looking for a file to delete.
    assert f"The lock ({lock_path(answers)}) goes when that process ends" in message


def test_the_refusal_names_the_command_that_holds_the_file(tmp_path: Path) -> None:
    answers = tmp_path / "agreed.yaml"
    with acquire(answers, respondent="Anna", started=STARTED, command="merge"):
        assert "command: merge\n" in lock_path(answers).read_text()
        with pytest.raises(SittingLockedError) as caught:
            acquire(answers, respondent="Boris", started=STARTED, command="assess")
    assert str(caught.value).startswith(
        f"{answers}: another hrdd sitting (merge) has this answers file open (Anna,"
    )
    assert isinstance(caught.value, InputError)
    # Once released, the next sitting gets it.
    acquire(answers, respondent="Boris", started=STARTED).release()


HOLD = """
import sys, time
from pathlib import Path
from hrdd.sitting_lock import acquire
lock = acquire(Path(sys.argv[1]), respondent="Anna", started="2025-03-03T09:00:00+00:00")
print("locked", flush=True)
time.sleep(120)
"""


def test_a_lock_left_by_a_killed_process_does_not_block_the_next_sitting(
    tmp_path: Path,
) -> None:
    answers = tmp_path / "acme.yaml"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(answers)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(SittingLockedError, match=f"process {holder.pid}"):
            acquire(answers, respondent="Boris", started=STARTED)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=60)
        if holder.stdout is not None:
            holder.stdout.close()
    stale = lock_path(answers)
    assert stale.exists()  # kill -9 leaves the file...
    with acquire(answers, respondent="Boris", started=STARTED):  # ...but not the lock
        assert Holder.from_text(stale.read_text(encoding="utf-8")).respondent == "Boris"


def test_a_stale_lock_file_with_loose_permissions_is_made_private(tmp_path: Path) -> None:
    answers = tmp_path / "acme.yaml"
    stale = lock_path(answers)
    stale.write_text("pid: 1\nrespondent: Someone who left\nextra junk\n", encoding="utf-8")
    stale.chmod(0o644)
    with acquire(answers, respondent="Anna", started=STARTED):
        assert stale.stat().st_mode & 0o777 == 0o600
        text = stale.read_text(encoding="utf-8")
        assert "Someone who left" not in text and "junk" not in text


def test_release_leaves_a_lock_file_that_is_no_longer_its_own(tmp_path: Path) -> None:
    answers = tmp_path / "acme.yaml"
    lock = acquire(answers, respondent="Anna", started=STARTED)
    lock.path.unlink()
    lock.path.write_text("pid: 42\n", encoding="utf-8")
    lock.release()
    assert lock.path.read_text(encoding="utf-8") == "pid: 42\n"


def test_a_missing_folder_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    answers = tmp_path / "missing" / "acme.yaml"
    with pytest.raises(InputError, match=f"cannot lock {answers}: .*folder exists"):
        acquire(answers, respondent=None, started=STARTED)


def test_holder_text_round_trips_and_ignores_unknown_lines() -> None:
    holder = Holder(pid="7", respondent="Anna: Legal", started=STARTED, host="box")
    assert Holder.from_text(holder.to_text()) == holder
    assert Holder.from_text("garbage\nowner: x\n") == Holder()


def test_a_link_in_place_of_the_lock_file_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    answers = tmp_path / "acme.yaml"
    lock_path(answers).symlink_to(victim)
    with pytest.raises(InputError, match="is a symbolic link, which hrdd never follows"):
        acquire(answers, respondent="Anna", started=STARTED)
    assert victim.read_text() == "keep"


def test_a_fifo_in_place_of_the_lock_file_is_refused_without_waiting(tmp_path: Path) -> None:
    answers = tmp_path / "acme.yaml"
    os.mkfifo(lock_path(answers))
    with pytest.raises(InputError, match=r"is a FIFO \(named pipe\), not a lock file"):
        acquire(answers, respondent="Anna", started=STARTED)


def test_a_lock_file_removed_between_open_and_lock_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The holder releases (and unlinks) the lock file after this sitting opened it but before
    # it locked it: a lock on the unlinked file would guard nothing, so acquire starts over.
    import fcntl

    import hrdd.sitting_lock as sitting_lock

    answers = tmp_path / "acme.yaml"
    lock_path(answers).write_text("")
    real_flock = fcntl.flock
    calls: list[int] = []

    def flock(fd: int, operation: int) -> None:
        calls.append(fd)
        if len(calls) == 1:
            lock_path(answers).unlink()
        real_flock(fd, operation)

    monkeypatch.setattr(sitting_lock.fcntl, "flock", flock)
    with acquire(answers, respondent="Ana", started=STARTED):
        assert len(calls) == 2
        assert lock_path(answers).exists()
        monkeypatch.setattr(sitting_lock.fcntl, "flock", real_flock)
        with pytest.raises(SittingLockedError):
            acquire(answers, respondent="Ben", started=STARTED)
