import os
import stat
from pathlib import Path

import pytest

from hrdd.atomic import PRIVATE, default_mode, write_atomic


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
