import fcntl
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hrdd.atomic import (
    PRIVATE,
    RefusedError,
    Target,
    default_mode,
    target,
    write_atomic,
    write_file,
)


def test_new_file_is_private_and_complete(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    write_atomic(target, b"format: 1\n")
    assert target.read_bytes() == b"format: 1\n"
    assert stat.S_IMODE(target.stat().st_mode) == PRIVATE
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_replacing_narrows_a_wide_mode_to_the_requested_one(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    target.chmod(0o644)
    write_atomic(target, b"new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old")

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_default_mode_follows_the_umask() -> None:
    old = os.umask(0o027)
    try:
        assert default_mode() == 0o640
    finally:
        os.umask(old)


def test_temporaries_of_killed_writes_are_removed_by_the_next_write(tmp_path: Path) -> None:
    # A write killed with `kill -9` between creating its temporary and renaming it.
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "import hrdd.atomic as atomic\n"
        "def hang(self, path):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "Path.replace = hang\n"
        "atomic.write_atomic(Path(sys.argv[1]), b'half')\n"
    )
    target = tmp_path / "report.md"
    target.write_text("old")
    writer = subprocess.Popen(
        [sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    with writer.stdout:
        try:
            assert writer.stdout.readline() == "writing\n"
        finally:
            writer.kill()
            writer.wait(timeout=30)
    left = [p.name for p in tmp_path.iterdir() if p.name != "report.md"]
    assert len(left) == 1 and left[0].startswith(".report.md.") and left[0].endswith(".tmp")
    write_atomic(target, b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
    assert target.read_bytes() == b"new"


def test_a_temporary_that_a_running_write_holds_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    busy = tmp_path / ".report.md.abcd1234.tmp"
    busy.write_bytes(b"being written")
    other = tmp_path / ".other.md.abcd1234.tmp"  # another file's temporary
    other.write_bytes(b"x")
    lookalike = tmp_path / ".report.md.notours.tmp"  # not a name hrdd makes
    lookalike.write_bytes(b"x")
    with busy.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        write_atomic(target, b"new")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["report.md", busy.name, other.name, lookalike.name])


def test_a_link_in_place_of_a_temporary_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / ".report.md.abcd1234.tmp").symlink_to(victim)
    write_atomic(tmp_path / "report.md", b"new")
    assert victim.read_text() == "keep"


def test_target_follows_links_and_writes_devices_through(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("x")
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    assert target(link, devices=False) == Target(real, through=False, existing=real.stat())
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert target(fifo, devices=True).through
    with pytest.raises(RefusedError, match=r"this is a FIFO \(named pipe\), not a regular file"):
        target(fifo, devices=False)
    with pytest.raises(IsADirectoryError, match="this is a folder"):
        target(tmp_path, devices=True)
    new = tmp_path / "new.yaml"
    assert target(new, devices=False) == Target(new, through=False, existing=None)


def test_write_file_keeps_a_mode_when_asked(tmp_path: Path) -> None:
    shared = tmp_path / "schema.json"
    shared.write_text("old")
    shared.chmod(0o644)
    write_file(shared, b"new", mode=None, devices=True)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    write_file(shared, b"newer", mode=PRIVATE, devices=True)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o600


def test_a_mode_wider_than_private_is_set_on_the_new_file(tmp_path: Path) -> None:
    # The temporary file starts private (mkstemp); only an explicit chmod widens it.
    target = tmp_path / "findings.sarif"
    write_atomic(target, b"{}", mode=0o644)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_the_folder_is_fsynced_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[tuple[bool, bool]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        is_folder = stat.S_ISDIR(os.fstat(fd).st_mode)
        synced.append((is_folder, (tmp_path / "answers.yaml").exists()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_atomic(tmp_path / "answers.yaml", b"format: 1\n")
    # First the data (before the rename), then the folder entry (after it).
    assert synced == [(False, False), (True, True)]
