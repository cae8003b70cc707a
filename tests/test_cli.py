"""`hrdd validate` and `hrdd schema` from the command line: exit codes, streams and files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import typer

from hrdd.cli import run
from hrdd.commands.schema import SchemaKind, render_schema
from hrdd.commands.validate import display_path
from tests.conftest import DATA, REPO

MINIMAL = DATA / "valid" / "minimal.yaml"
INVALID = DATA / "invalid" / "unknown-key.yaml"
# The minimal questionnaire plus a source nothing cites: valid, with one warning.
UNUSED_SOURCE = """\
  - id: gni
    title: GNI Principles on Freedom of Expression and Privacy
"""


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    text = MINIMAL.read_text(encoding="utf-8").replace("areas:\n", UNUSED_SOURCE + "areas:\n", 1)
    path = tmp_path / "warned.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def validate(*args: str | Path) -> int:
    return run(["validate", *map(str, args)])


def test_valid_file_exits_0_with_summary_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(MINIMAL) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"{display_path(MINIMAL)}: 2 questions, 1 area, 1 mitigation: 0 errors, 0 warnings\n"
        "1 file checked: 0 failed, 0 errors, 0 warnings\n"
    )
    assert err == ""


def test_invalid_file_exits_1_with_findings_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(MINIMAL, INVALID) == 1
    out, err = capsys.readouterr()
    assert f"{display_path(INVALID)}:14:9: error unknown-key unknown key `dont_knw`\n" in out
    assert "    hint: did you mean `dont_know`?\n" in out
    assert out.endswith("2 files checked: 1 failed, 1 error, 0 warnings\n")
    assert err == ""


def test_warnings_pass_unless_strict(warned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(warned) == 0
    out = capsys.readouterr().out
    assert "warning unused-source" in out
    assert validate(warned, "--strict") == 1
    assert "1 failed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content",
    [b"format: 1\x00\x00binary", b"\xff\xfe\x00garbage", b"caf\xe9: 1\n"],
    ids=["binary", "utf16-bom", "latin1"],
)
def test_unreadable_file_exits_2_without_traceback(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "blob.yaml"
    path.write_bytes(content)
    assert validate(MINIMAL, path) == 2
    out, err = capsys.readouterr()
    assert f"{display_path(path)}:" in out
    assert "Traceback" not in out + err


def test_missing_file_exits_2_and_still_reports_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert validate(MINIMAL, tmp_path / "missing.yaml", INVALID) == 2
    out, err = capsys.readouterr()
    assert f"{display_path(tmp_path / 'missing.yaml')}:1:1: error file-not-found" in out
    assert "unknown-key" in out
    assert "Traceback" not in out + err


def test_folders_recurse_and_skip_test_case_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(MINIMAL, tmp_path / "one.yaml")
    (tmp_path / "more").mkdir()
    shutil.copy(MINIMAL, tmp_path / "more" / "two.yml")
    for skipped in ("one.tests", ".git"):
        (tmp_path / skipped).mkdir()
        shutil.copy(INVALID, tmp_path / skipped / "case.yaml")
    monkeypatch.chdir(tmp_path)
    assert validate(".", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["path"] for f in data["files"]] == ["more/two.yml", "one.yaml"]


def test_empty_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(tmp_path) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"hrdd: error: {tmp_path}: no *.yaml or *.yml files in this folder")


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif", "junit"])
def test_output_writes_the_file_and_nothing_to_stdout(
    output_format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"report.{output_format}"
    target.write_text("old contents", encoding="utf-8")
    assert validate(INVALID, "--format", output_format, "--output", target) == 1
    assert capsys.readouterr() == ("", "")
    written = target.read_text(encoding="utf-8")
    assert "unknown-key" in written
    if output_format in ("json", "sarif"):
        json.loads(written)
    if output_format == "junit":
        ET.fromstring(written)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_output_dash_is_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(MINIMAL, "--format", "json", "-o", "-") == 0
    assert json.loads(capsys.readouterr().out)["summary"]["files"] == 1


def test_output_to_a_missing_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert validate(MINIMAL, "--output", tmp_path / "no" / "report.txt") == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"hrdd: error: cannot write {tmp_path / 'no' / 'report.txt'}:")


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(MINIMAL, "--format", "xml") == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Invalid value for '--format'" in err


def test_validate_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    for option in ("--format", "--strict", "--output"):
        assert option in help_text
    assert "Exit codes: 0 every file is valid" in help_text
    assert "1 findings" in help_text
    assert "2 usage error" in help_text


def test_schema_prints_the_questionnaire_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema", "questionnaire"]) == 0
    out, err = capsys.readouterr()
    assert out == render_schema(SchemaKind.QUESTIONNAIRE)
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert err == ""


def test_schema_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "questionnaire.schema.json"
    assert run(["schema", "questionnaire", "--output", str(target)]) == 0
    assert capsys.readouterr() == ("", "")
    assert target.read_text(encoding="utf-8") == render_schema(SchemaKind.QUESTIONNAIRE)


def test_schema_of_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema", "report"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Invalid value for 'kind'" in err


@pytest.mark.slow
def test_python_dash_m_reports_a_missing_file_on_stdout_with_exit_2(tmp_path: Path) -> None:
    source_root = str(REPO)
    pythonpath = os.pathsep.join(filter(None, [source_root, os.environ.get("PYTHONPATH")]))
    completed = subprocess.run(
        [sys.executable, "-m", "hrdd", "validate", "missing.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": pythonpath},
    )
    assert completed.returncode == 2
    assert completed.stdout.startswith("missing.yaml:1:1: error file-not-found ")
    assert "Traceback" not in completed.stdout + completed.stderr
    assert completed.stderr == ""


def test_help_keeps_heavy_modules_out_of_start_up() -> None:
    # `hrdd --help` and every command's start must not pay for what it does not use: the
    # models (pydantic), YAML, rich, jinja2 and the prompt toolkit load inside the commands.
    code = (
        "import sys\n"
        "from hrdd.cli import run\n"
        "code = run(['--help'])\n"
        "heavy = ['pydantic', 'yaml', 'rich', 'jinja2', 'questionary', 'prompt_toolkit',"
        " 'hrdd.questionnaire.model']\n"
        "print(code, [m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"


@pytest.mark.parametrize(
    ("raised", "message"),
    [
        (KeyboardInterrupt, ""),  # typer turns it into exit 130 itself, silently
        (EOFError, "\n\nhrdd: interrupted\n"),  # typer: a newline, then Abort
        (typer.Abort, "\nhrdd: interrupted\n"),
    ],
)
def test_an_interrupt_or_abort_exits_130_without_a_traceback(
    raised: type[BaseException],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from hrdd.commands import validate as validate_command

    def interrupted(*_: object, **__: object) -> int:
        raise raised()

    monkeypatch.setattr(validate_command, "run", interrupted)
    assert validate(MINIMAL) == 130
    assert capsys.readouterr().err == message
