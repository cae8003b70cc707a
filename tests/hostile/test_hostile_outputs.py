"""`-o` onto what is not a plain new file: FIFOs, devices, links, folders, sockets, nothing.

Special files are made in temporary folders (`mkfifo`, `mknod`), never taken from the
system's own /dev.
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.hostile_support import MINIMAL, REPORT_Q, RIDES, fifo_reader, hrdd, hrdd_process

# Every command with an -o option, as argument lists that end before `-o FILE`.
COMMANDS: dict[str, list[str | Path]] = {
    "report-markdown": ["report", RIDES, "-q", REPORT_Q],
    "report-html": ["report", RIDES, "-q", REPORT_Q, "--format", "html"],
    "validate": ["validate", MINIMAL, "--format", "json"],
    "schema": ["schema", "answers"],
}
EXPECTED_START: dict[str, bytes] = {
    "report-markdown": b"# Human-rights risk and mitigation report",
    "report-html": b"<!DOCTYPE html>",
    "validate": b"{",
    "schema": b"{",
}


def _write(command: str, output: Path | str) -> int:
    return hrdd(*COMMANDS[command], "-o", output)


def _char_device(path: Path) -> None:
    """Make a null character device (1, 3) at ``path``, or skip when that needs root."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a character device needs root (CI runs as root)")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_is_written_through_and_stays_a_fifo(command: str, tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    with fifo_reader(fifo) as received:
        assert _write(command, fifo) == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].startswith(EXPECTED_START[command])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_character_device_is_written_through_and_stays_a_device(
    command: str, tmp_path: Path
) -> None:
    device = tmp_path / "null"
    _char_device(device)
    assert _write(command, device) == 0
    info = device.lstat()
    assert stat.S_ISCHR(info.st_mode)
    assert info.st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_link_to_a_device_is_written_through_and_both_stay(command: str, tmp_path: Path) -> None:
    device = tmp_path / "null"
    _char_device(device)
    link = tmp_path / "out"
    link.symlink_to(device)
    assert _write(command, link) == 0
    assert link.is_symlink() and link.readlink() == device
    assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_link_to_a_file_replaces_the_file_and_keeps_the_link(
    command: str, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    real = vault / "out.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "out.txt"
    link.symlink_to(Path("vault") / "out.txt")
    assert _write(command, link) == 0
    assert link.is_symlink() and link.readlink() == Path("vault") / "out.txt"
    assert real.read_bytes().startswith(EXPECTED_START[command])
    assert sorted(p.name for p in vault.iterdir()) == ["out.txt"]  # no temporary left
    if command.startswith("report"):
        assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_a_chain_of_links_ending_nowhere_creates_the_final_file(tmp_path: Path) -> None:
    (tmp_path / "first").symlink_to("second")
    (tmp_path / "second").symlink_to("report.md")
    assert _write("report-markdown", tmp_path / "first") == 0
    assert (tmp_path / "first").is_symlink() and (tmp_path / "second").is_symlink()
    assert (tmp_path / "report.md").read_bytes().startswith(EXPECTED_START["report-markdown"])


@pytest.mark.parametrize("command", COMMANDS)
def test_a_link_loop_is_a_clear_usage_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    assert _write(command, tmp_path / "a") == 2
    err = capsys.readouterr().err
    assert f"cannot write {tmp_path / 'a'}: " in err
    assert "form a loop" in err and "Traceback" not in err
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def _folder(path: Path) -> None:
    path.mkdir()


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    finally:
        server.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [(_folder, "this is a folder"), (_socket, "this is a socket")],
    ids=["folder", "socket"],
)
@pytest.mark.parametrize("command", COMMANDS)
def test_what_cannot_hold_a_file_is_refused_and_left_alone(
    command: str,
    make: Callable[[Path], None],
    words: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # a short relative name: socket paths are limited in length
    make(Path("node"))
    before = os.lstat("node")
    assert _write(command, "node") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hrdd: error: cannot write node: {words}")
    after = os.lstat("node")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


@pytest.mark.parametrize("command", COMMANDS)
def test_an_empty_output_name_is_a_usage_error(
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _write(command, "") == 2
    assert "-o '': an empty file name; name a file, or - for stdout" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_link_to_the_standard_output_appends_to_what_it_was_redirected_to(
    tmp_path: Path,
) -> None:
    # As /dev/stdout is: a link to /proc/self/fd/1, which a shell opened with `>>`.
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    log = tmp_path / "log.txt"
    log.write_bytes(b"earlier line\n")
    with log.open("ab") as stream:
        done = hrdd_process("schema", "answers", "-o", link, cwd=tmp_path, stdout=stream.fileno())
    assert done.returncode == 0, done.stderr
    text = log.read_bytes()
    assert text.startswith(b"earlier line\n{")
    assert link.is_symlink() and link.readlink() == Path("/proc/self/fd/1")


@pytest.mark.slow
def test_a_link_to_the_standard_output_writes_into_a_pipe(tmp_path: Path) -> None:
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    done = hrdd_process("report", RIDES, "-q", REPORT_Q, "-o", link, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(EXPECTED_START["report-markdown"])
    assert link.is_symlink()
