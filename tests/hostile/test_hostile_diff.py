"""`hrdd diff` and the portfolio with hostile inputs: same file, links, FIFOs, sizes, text."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from tests.hostile.hostile_support import hrdd

REPO = Path(__file__).resolve().parent.parent.parent
CASE = REPO / "questionnaires" / "decree-368.tests" / "ride-hailing.yaml"
HOSTILE = "Evil\x1b[31m <script>alert(1)</script> | **bold** [x](https://e.example)\u202e"


def answers_file(path: Path, organisation: str, **changes: object) -> Path:
    case = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    answers = {k: {"value": v} for k, v in case["answers"].items()}
    answers.update(changes)  # type: ignore[arg-type]
    data = {
        "format": 1,
        "questionnaire": {"id": "decree_368", "version": "2.0.0", "hash": "sha256:" + "0" * 64},
        "organisation": organisation,
        "created": "2026-01-15T09:00:00+00:00",
        "updated": "2026-01-15T12:00:00+00:00",
        "answers": answers,
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old = answers_file(tmp_path / "old.yaml", "Rides LLC")
    new = answers_file(
        tmp_path / "new.yaml",
        "Rides LLC",
        hold_location={"value": "coarse", "answered_by": HOSTILE},
    )
    return old, new


def test_the_same_file_twice_and_through_a_link_is_refused(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = pair
    link = old.with_name("link.yaml")
    link.symlink_to(old.name)
    for other in (old, link):
        assert hrdd("diff", old, other) == 2
        err = capsys.readouterr().err
        assert "are the same file" in err and len(err.strip().splitlines()) == 1


def test_a_link_to_another_file_is_read_through(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair
    link = old.with_name("link.yaml")
    link.symlink_to(new.name)
    assert hrdd("diff", old, link) == 0
    assert "Coarse only" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["fifo", "device", "huge", "folder"])
def test_inputs_that_are_not_answers_files_exit_2_with_one_finding(
    pair: tuple[Path, Path], kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair
    bad = old.with_name("bad.yaml")
    if kind == "fifo":
        os.mkfifo(bad)
    elif kind == "device":
        bad = Path("/dev/null")
    elif kind == "huge":
        bad.write_text("x: " + "y" * 6_000_000 + "\n", encoding="utf-8")
    else:
        bad.mkdir()
    assert hrdd("diff", bad, new) == 2
    err = capsys.readouterr().err
    assert err.startswith("hrdd: error: ") and "Traceback" not in err


def test_control_characters_and_markup_in_names_stay_inert(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair
    for path in pair:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["organisation"] = HOSTILE
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert hrdd("diff", old, new) == 0
    text = capsys.readouterr().out
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b[31m" in text
    assert hrdd("diff", old, new, "--format", "markdown") == 0
    md = capsys.readouterr().out
    assert "<script>" not in md and "[x](https" not in md and "\x1b" not in md
    assert "\\<script\\>" in md and "\\[x\\]" in md
    # A `|` in a name cannot end a table cell: the answers row keeps its six cells.
    [row] = [line for line in md.splitlines() if line.startswith("| What location data")]
    assert len(re.findall(r"(?<!\\)\|", row)) == 7
    assert "\\\\|" not in row, "an escaped backslash before `|` would end the cell"
    assert hrdd("diff", old, new, "--format", "json") == 0
    raw = capsys.readouterr().out
    assert "\x1b" not in raw and "\\u001b" in raw
    data = json.loads(raw)
    assert data["new"]["organisation"] == HOSTILE
    assert data["answers"][0]["by"] == HOSTILE


def test_output_to_a_device_a_link_and_a_fifo_reader(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = pair
    assert hrdd("diff", old, new, "-o", "/dev/null") == 0
    target = tmp_path / "real.txt"
    link = tmp_path / "out.txt"
    link.symlink_to(target.name)
    assert hrdd("diff", old, new, "-o", link) == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("Changes in")
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_questionnaire_of_another_id_is_a_clear_error(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = pair
    data = yaml.safe_load(old.read_text(encoding="utf-8"))
    data["questionnaire"]["id"] = "other_questionnaire"
    old.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert hrdd("diff", old, new) == 2
    assert "answers `other_questionnaire`" in capsys.readouterr().err
