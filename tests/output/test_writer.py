"""The one writer: stdout for ``-``, else an atomic file whose mode depends on what it holds."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrdd.output.writer import write_output


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_findings_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "findings.json"
    write_output("{}\n", str(target))
    assert target.read_text() == "{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_replaced_findings_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "findings.json"
    target.write_text("old")
    target.chmod(0o640)
    write_output("new", str(target))
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_private_output_is_0600_whatever_was_there(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o644)
    write_output("# Report\n", str(target), private=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_dash_writes_to_stdout_and_creates_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_output("text\n", "-", private=True)
    assert capsys.readouterr().out == "text\n"
    assert list(tmp_path.iterdir()) == []
