"""`hrdd report` on the command line: output files, refusals, templates and exit codes."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from hrdd.cli import run
from tests.conftest import REPORT_DATA as DATA

Q = str(DATA / "questionnaire.yaml")


def _copy(tmp_path: Path, name: str = "rides.yaml") -> Path:
    target = tmp_path / name
    shutil.copy(DATA / name, target)
    return target


def test_writes_markdown_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", str(DATA / "rides.yaml"), "-q", Q]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Human-rights risk and mitigation report: Example Rides LLC\n")
    assert "Move user data out of Belarus" in out


def test_writes_the_file_atomically_with_mode_0600(tmp_path: Path) -> None:
    output = tmp_path / "report.html"
    output.write_text("old", encoding="utf-8")
    output.chmod(0o644)
    assert run(["report", str(DATA / "rides.yaml"), "-q", Q, "-f", "html", "-o", str(output)]) == 0
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left


def test_refuses_to_overwrite_the_answers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _copy(tmp_path)
    before = answers.read_bytes()
    other_spelling = str(tmp_path / "." / "rides.yaml")
    assert run(["report", str(answers), "-q", Q, "-o", other_spelling]) == 2
    err = capsys.readouterr().err
    assert "is the answers file" in err
    assert "Traceback" not in err
    assert answers.read_bytes() == before


def test_refuses_to_overwrite_the_questionnaire(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = tmp_path / "q.yaml"
    shutil.copy(Q, questionnaire)
    answers = _copy(tmp_path)
    assert run(["report", str(answers), "-q", str(questionnaire), "-o", str(questionnaire)]) == 2
    assert "is the questionnaire" in capsys.readouterr().err
    assert questionnaire.read_bytes() == Path(Q).read_bytes()


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", str(DATA / "rides.yaml"), "-q", Q, "--date", "31/12/2025"]) == 2
    assert "--date 31/12/2025: not a date; give it as YYYY-MM-DD" in capsys.readouterr().err


def test_missing_answers_file_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["report", str(tmp_path / "nope.yaml"), "-q", Q]) == 2
    err = capsys.readouterr().err
    assert "nope.yaml" in err
    assert "Traceback" not in err


def test_user_templates_override_the_bundled_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    partials = tmp_path / "tpl" / "markdown" / "impacts"
    partials.mkdir(parents=True)
    (partials / "summary.md.j2").write_text(
        "## Brand Consulting: {{ organisation }}\n", encoding="utf-8"
    )
    assert (
        run(["report", str(DATA / "rides.yaml"), "-q", Q, "--template-dir", str(tmp_path / "tpl")])
        == 0
    )
    out = capsys.readouterr().out
    assert "\n## Brand Consulting: Example Rides LLC\n" in out
    assert "## Board summary" not in out
    assert "## Plan, in order" in out  # the rest comes from the bundled templates


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "line one\n{{ organisation.__class__.__mro__ }}\n",
            "template markdown/impacts/summary.md.j2, line 2: not allowed in the sandbox",
        ),
        ("line one\nline two\n{% if %}\n", "template markdown/impacts/summary.md.j2, line 3:"),
        ("{{ no_such_name }}\n", "template markdown/impacts/summary.md.j2, line 1: failed:"),
        ("a\nb\nc\n{{ 1 / 0 }}\n", "template markdown/impacts/summary.md.j2, line 4: failed:"),
    ],
)
def test_template_errors_name_template_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, message: str
) -> None:
    partials = tmp_path / "markdown" / "impacts"
    partials.mkdir(parents=True)
    (partials / "summary.md.j2").write_text(body, encoding="utf-8")
    code = run(["report", str(DATA / "rides.yaml"), "-q", Q, "--template-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_template_dir_must_be_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", str(DATA / "rides.yaml"), "-q", Q, "--template-dir", Q]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_html_report_is_self_contained() -> None:
    from hrdd.commands.report import build_report
    from hrdd.report.options import ReportFormat

    html = build_report(DATA / "rides.yaml", Path(Q), output_format=ReportFormat.HTML).text
    assert '<html lang="en">' in html
    assert "<script" not in html
    assert "<link" not in html
    assert "@import" not in html
    assert "src=" not in html
    assert "url(http" not in html
    assert "default-src 'none'" in html


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_reports_on_the_bundled_questionnaire_found_by_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    from hrdd.catalog import default_questionnaire
    from hrdd.questionnaire.hashing import questionnaire_hash
    from hrdd.scoring.loading import load_questionnaire_or_raise

    questionnaire, _ = load_questionnaire_or_raise(default_questionnaire())
    assert questionnaire.format == 2
    answers = tmp_path / "fresh.yaml"
    answers.write_text(
        "format: 1\n"
        f"questionnaire: {{id: {questionnaire.id}, version: '{questionnaire.version}', "
        f"hash: '{questionnaire_hash(questionnaire)}'}}\n"
        "organisation: Fresh Start LLC\n"
        "created: '2025-06-01T10:00:00+00:00'\n"
        "updated: '2025-06-01T10:00:00+00:00'\n",
        encoding="utf-8",
    )
    output = tmp_path / f"report.{fmt}"
    assert run(["report", str(answers), "-f", fmt, "-o", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    assert "Fresh Start LLC" in text
    assert "incomplete (" in text and " unanswered)" in text  # the format-2 status line
    assert "2.1.0" in text
    assert "not legal advice" in text
    capsys.readouterr()


def _plant_bytecode(cache: Path, marker: Path) -> int:
    """Fill ``cache`` with compiled templates that create ``marker`` when run; return how many.

    They are planted where jinja2's FileSystemBytecodeCache would look for every bundled
    template (the folder the report command once cached in), in jinja2's own bucket format.
    """
    from jinja2 import Environment, FileSystemBytecodeCache

    from hrdd.catalog import templates_dir

    folder = cache / "hrdd" / "jinja"
    folder.mkdir(parents=True)
    bytecode = FileSystemBytecodeCache(str(folder))
    payload = compile(f"open({str(marker)!r}, 'w').close()", "<planted>", "exec")
    planted = 0
    for path in sorted(templates_dir().rglob("*.j2")):
        name = path.relative_to(templates_dir()).as_posix()
        for filename in {str(path), str(path.resolve())}:
            bucket = bytecode.get_bucket(Environment(), name, filename, path.read_text())
            bucket.code = payload
            bytecode.set_bucket(bucket)
            planted += 1
    return planted


@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_planted_template_bytecode_is_never_run_and_nothing_is_written_at_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    home, cache, marker = tmp_path / "home", tmp_path / "cache", tmp_path / "ran"
    home.mkdir()
    assert _plant_bytecode(cache, marker) > 0
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    out = tmp_path / "out" / f"report.{output_format}"
    out.parent.mkdir()
    report = ["report", str(DATA / "rides.yaml"), "-q", Q, "-f", output_format, "-o", str(out)]
    assert run(report) == 0
    assert not marker.exists(), "the report ran bytecode planted in the cache folder"
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert after == sorted([*before, Path("out"), Path("out") / out.name])
