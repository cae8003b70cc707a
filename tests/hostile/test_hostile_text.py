"""Control characters in data never reach a terminal raw: escapes, C1, CR, bidi overrides.

YAML escapes let a file hold any character (`"\\e[2J"` clears a terminal). Every command
that prints text from a file shows such characters as visible escapes instead.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.hostile.hostile_support import DATA, MINIMAL, REPORT_Q, RIDES, hrdd

# ESC sequences (clear screen, set window title), a C1 CSI, a right-to-left override, CR, BEL.
EVIL = r"Evil\e[2J\e]0;pwned\a\x9b31m\u202eCorp\r"
SHOWN = r"Evil\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eCorp\x0d"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def _clean(text: str) -> None:
    for char in RAW:
        assert char not in text, f"{char!r} reached the output: {text[:300]!r}"


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    text = RIDES.read_text(encoding="utf-8")
    text = text.replace("organisation: Example Rides LLC\n", f'organisation: "{EVIL}"\n')
    text = text.replace("    note: Monthly active users, December 2024.\n", f'    note: "{EVIL}"\n')
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_score_shows_control_characters_as_escapes(
    fmt: str, answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert hrdd("score", answers, "-q", REPORT_Q, "--format", fmt, "--explain") == 0
    out, err = capsys.readouterr()
    _clean(out + err)
    if fmt == "json":
        data = json.loads(out)
        assert data["files"][0]["organisation"] == json.loads(json.dumps(EVIL_DECODED))
    elif fmt == "markdown":
        # Markdown escapes the backslashes and brackets of the escapes: it renders as SHOWN.
        from hrdd.report.markdown_escape import escape_inline

        assert escape_inline(SHOWN) in out
    else:
        assert SHOWN in out


EVIL_DECODED = "Evil\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eCorp\r"


def test_assess_without_input_shows_control_characters_as_escapes(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert hrdd("assess", REPORT_Q, "--answers", answers, "--no-input") == 0
    out, err = capsys.readouterr()
    _clean(out + err)
    assert SHOWN in out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_report_never_carries_raw_control_characters(
    fmt: str, answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert hrdd("report", answers, "-q", REPORT_Q, "--format", fmt) == 0
    out, err = capsys.readouterr()
    _clean(out + err)
    if fmt == "html":
        title = out.split("<title>", 1)[1].split("</title>", 1)[0]
        heading = out.split("<h1>", 1)[1].split("</h1>", 1)[0]
        assert SHOWN in title and SHOWN in heading


@pytest.fixture
def questionnaire(tmp_path: Path) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("  en: Minimal example questionnaire\n", f'  en: "{EVIL}"\n')
    # An unknown key, echoed in the finding, and a warning whose message quotes a title.
    text = text.replace("languages: [en, ru]\n", f'languages: [en, ru]\n"x{EVIL}": 1\n')
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "junit"])
def test_validate_shows_control_characters_as_escapes(
    fmt: str, questionnaire: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert hrdd("validate", questionnaire, "--format", fmt) == 1
    out, err = capsys.readouterr()
    _clean(out + err)
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "junit":
        ET.fromstring(out)
    else:
        # The line layouts fold whitespace (the CR too) into spaces.
        assert "unknown key `x" + SHOWN.removesuffix(r"\x0d") in out


def test_errors_on_stderr_show_control_characters_as_escapes(
    answers: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An unknown question in the answers: its key is echoed in the error.
    broken = tmp_path / "broken.yaml"
    text = answers.read_text(encoding="utf-8")
    broken.write_text(text.replace("answers:\n", f'answers:\n  "q{EVIL}":\n    value: x\n', 1))
    assert hrdd("score", broken, "-q", REPORT_Q) == 2
    out, err = capsys.readouterr()
    _clean(out + err)
    # The organisation is refused as another file's in assess: echoed in the message.
    shutil.copy(answers, tmp_path / "other.yaml")
    assert hrdd("assess", REPORT_Q, "--answers", tmp_path / "other.yaml", "--org", "X") == 2
    out, err = capsys.readouterr()
    _clean(out + err)
    assert SHOWN in err


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_score_of_a_format_2_file_shows_control_characters_as_escapes(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = DATA / "report" / "impacts" / "rides-abroad.yaml"
    text = source.read_text(encoding="utf-8")
    assert "organisation: Example Rides Abroad Ltd\n" in text
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        text.replace("organisation: Example Rides Abroad Ltd\n", f'organisation: "{EVIL}"\n'),
        encoding="utf-8",
    )
    assert hrdd("score", answers, "--format", fmt) == 0
    out, err = capsys.readouterr()
    _clean(out + err)
