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
