"""`hrdd merge` given hostile inputs and outputs: each refused clearly, nothing else touched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from hrdd.answers.model import load_answers
from tests.hostile.hostile_support import DATA, hrdd

MERGE = DATA / "merge"
Q = MERGE / "workshop.yaml"
EVIL = r"Anna\e[2J\e]0;pwned\a\x9b31m\u202e[bold]Petrova[/bold]\r"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("legal", "cto", "dpo"):
        shutil.copy(MERGE / f"{name}.yaml", tmp_path / f"{name}.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def merge(*args: str | Path) -> int:
    return hrdd("merge", "-q", Q, "--no-input", *args)


def test_a_malformed_input_is_a_finding_with_its_position_and_nothing_is_written(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "cto.yaml").write_text("format: 1\nanswers: [unclosed\n", encoding="utf-8")
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml") == 2
    err = capsys.readouterr().err
    assert "cto.yaml:3:1: error yaml-syntax" in err
    assert "Traceback" not in err
    assert not (folder / "agreed.yaml").exists()


def test_a_symlinked_output_is_written_at_its_target_and_the_link_stays(folder: Path) -> None:
    vault = folder / "vault"
    vault.mkdir()
    (folder / "agreed.yaml").symlink_to(vault / "agreed.yaml")
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml") == 1
    assert (folder / "agreed.yaml").is_symlink()
    assert load_answers(vault / "agreed.yaml")[0].merge is not None
    assert (vault / "agreed.yaml").stat().st_mode & 0o777 == 0o600
    # Run again through the link: an earlier merge, resumed, not refused.
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml") == 1
    assert (folder / "agreed.yaml").is_symlink()


@pytest.mark.parametrize("output", ["/dev/null", "fifo", "folder", "loop"])
def test_devices_fifos_folders_and_loops_are_refused_as_output(
    folder: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    os.mkfifo(folder / "fifo")
    (folder / "folder").mkdir()
    (folder / "loop").symlink_to(folder / "loop")
    assert merge("legal.yaml", "cto.yaml", "-o", output) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hrdd: error: -o {output}: ")
    assert "name a regular file for the merged answers" in err
    assert len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["cto.yaml", "dpo.yaml", "fifo", "folder", "legal.yaml", "loop"]
    )


def test_a_fifo_or_device_as_input_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(folder / "fifo.yaml")
    assert merge("legal.yaml", "fifo.yaml", "-o", "agreed.yaml") == 2
    assert "fifo.yaml:1:1: error file-unreadable" in capsys.readouterr().err
    assert merge("legal.yaml", "/dev/null", "-o", "agreed.yaml") == 2
    assert not (folder / "agreed.yaml").exists()


def test_an_oversized_input_is_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (folder / "cto.yaml").read_text(encoding="utf-8")
    (folder / "cto.yaml").write_text(text + "#" * 6_000_000 + "\n", encoding="utf-8")
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml") == 2
    assert "file-too-large" in capsys.readouterr().err


def test_a_huge_number_in_an_input_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (folder / "cto.yaml").read_text(encoding="utf-8")
    (folder / "cto.yaml").write_text(text.replace("value: 400000", "value: 1e400"))
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml") == 2
    assert "cto.yaml:" in capsys.readouterr().err


def test_control_characters_and_markup_in_names_are_shown_as_escapes(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("legal.yaml", "dpo.yaml"):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Anna Petrova", f'"{EVIL}"').replace("DPO", f'"{EVIL}"'))
    assert merge("legal.yaml", "cto.yaml", "dpo.yaml", "-o", "agreed.yaml") == 1
    out, err = capsys.readouterr()
    for char in RAW:
        assert char not in out + err
    assert r"Anna\x1b[2J" in out
    assert "[bold]Petrova[/bold]" in out  # markup is text, never styled
    merged, _ = load_answers(folder / "agreed.yaml")
    assert merged.answers["content"].history[0].by == yaml.safe_load(f'"{EVIL}"')


@pytest.mark.parametrize("by", ["Olga\x1b[2J", "Ol\rga", "x" * 501, "  "])
def test_a_hostile_by_is_refused(folder: Path, capsys: pytest.CaptureFixture[str], by: str) -> None:
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml", "--by", by) == 2
    err = capsys.readouterr().err
    assert err.startswith("hrdd: error: --by: ")
    assert not (folder / "agreed.yaml").exists()
