"""Printed commands name hrdd the way this user can run it, with every option they need."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest

from hrdd.catalog import default_questionnaire
from hrdd.invocation import command, executable


def make_program(folder: Path, name: str = "hrdd") -> Path:
    program = folder / name
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def test_a_program_not_on_path_is_named_by_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = make_program(tmp_path)
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.chdir(tmp_path)
    assert executable("./hrdd") == str(program)
    assert executable(str(program)) == str(program)


def test_a_full_path_with_spaces_is_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "my tools"
    folder.mkdir()
    program = make_program(folder)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert executable(str(program)) == shlex.quote(str(program))
    assert shlex.split(executable(str(program))) == [str(program)]


def test_a_program_found_on_path_is_named_as_invoked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = make_program(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert executable("hrdd") == "hrdd"
    assert executable(str(program)) == "hrdd"  # the same program is on PATH


def test_another_hrdd_on_path_does_not_hide_the_one_invoked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    make_program(tmp_path / "a")
    mine = make_program(tmp_path / "b")
    monkeypatch.setenv("PATH", str(tmp_path / "a"))
    assert executable(str(mine)) == str(mine)


def test_run_as_a_module_names_the_interpreter() -> None:
    assert executable("/somewhere/hrdd/__main__.py") == f"{shlex.quote(sys.executable)} -m hrdd"


def test_a_custom_questionnaire_is_named_with_q_but_the_bundled_one_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["hrdd"])
    monkeypatch.setenv("PATH", str(tmp_path))
    make_program(tmp_path)
    custom = tmp_path / "q.yaml"
    answers = tmp_path / "a b.yaml"
    assert command("report", answers, questionnaire=custom) == "hrdd report -q q.yaml 'a b.yaml'"
    assert command("assess", "--answers", answers, questionnaire=custom) == (
        "hrdd assess q.yaml --answers 'a b.yaml'"
    )
    bundled = default_questionnaire()
    assert command("report", answers, questionnaire=bundled) == "hrdd report 'a b.yaml'"
    assert command("report", answers, questionnaire=custom, plain=True).startswith("hrdd report")
    outside = Path(os.sep) / "elsewhere" / "x.yaml"
    assert command("score", outside) == f"hrdd score {outside}"
