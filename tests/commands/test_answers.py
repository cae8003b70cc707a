"""`hrdd answers new` and `hrdd answers check`, and the same findings from score and assess."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from hrdd.answers.model import load_answers
from hrdd.catalog import default_questionnaire
from hrdd.cli import run
from hrdd.questionnaire.hashing import questionnaire_hash
from hrdd.scoring.loading import load_questionnaire_or_raise
from tests.conftest import BRANCHING, DATA, SAMPLE

INVALID = sorted((DATA / "answers" / "invalid").glob("*.yaml"))


def test_new_writes_a_private_skeleton_with_the_right_id_version_and_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "acme.yaml"
    assert run(["answers", "new", "-o", str(path), "--org", "Acme LLC"]) == 0
    assert path.stat().st_mode & 0o777 == 0o600
    bundled, _ = load_questionnaire_or_raise(default_questionnaire())
    answers, _ = load_answers(path)  # loads as it is: nothing answered yet
    assert answers.organisation == "Acme LLC"
    assert answers.questionnaire.id == bundled.id
    assert answers.questionnaire.version == bundled.version
    assert answers.questionnaire.hash == questionnaire_hash(bundled)
    assert answers.answers == {}
    text = path.read_text(encoding="utf-8")
    for question in bundled.questions():
        assert f"\n  # {question.id}:\n  #   value: \n" in text
    assert "asked only when: " in text
    assert "also allowed: dont_know" in text
    assert "also allowed: prefer_not_to_say" in text or "prefer_not_to_say" in text
    assert max(len(line) for line in text.splitlines()) <= 100 or "sha256:" in text
    assert run(["answers", "check", str(path)]) == 0
    assert capsys.readouterr().err == ""


def test_filling_in_the_skeleton_gives_a_file_that_checks_and_scores(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    assert run(["answers", "new", str(BRANCHING), "-o", str(path), "--org", "Acme"]) == 0
    text = path.read_text(encoding="utf-8")
    assert "type: yes_no; one of: 'yes', 'no'" in text
    text = text.replace("  # has_entity:\n  #   value: \n", "  has_entity:\n    value: 'no'\n")
    text = text.replace("  # services:\n  #   value: \n", "  services:\n    value: [mail]\n")
    path.write_text(text, encoding="utf-8")
    assert run(["answers", "check", str(path), "-q", str(BRANCHING)]) == 0
    assert run(["score", str(path), "-q", str(BRANCHING)]) == 0


def test_new_never_overwrites_and_needs_an_organisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text("mine\n", encoding="utf-8")
    assert run(["answers", "new", "-o", str(path), "--org", "Acme"]) == 2
    assert "exists already; hrdd never overwrites an answers file" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert run(["answers", "new", "-o", str(tmp_path / "b.yaml")]) == 2
    assert "--org: name the organisation" in capsys.readouterr().err
    assert not (tmp_path / "b.yaml").exists()


@pytest.mark.parametrize("target", ["/dev/null", "link"])
def test_new_refuses_device_files_and_symlinks(
    tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if target == "link":
        secret = tmp_path / "elsewhere.txt"
        secret.write_text("keep\n", encoding="utf-8")
        (tmp_path / "link").symlink_to(secret)
        target = str(tmp_path / "link")
    assert run(["answers", "new", "-o", target, "--org", "Acme"]) == 2
    assert "exists already" in capsys.readouterr().err
    if target.endswith("link"):
        assert (tmp_path / "elsewhere.txt").read_text(encoding="utf-8") == "keep\n"


def test_new_keeps_control_characters_out_of_the_yaml_structure(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    org = "Acme\x1b[31m\nformat: 2"
    assert run(["answers", "new", "-o", str(path), "--org", org]) == 0
    answers, _ = load_answers(path)
    assert answers.organisation == org.strip()
    assert answers.format == 1


def findings(err: str) -> list[str]:
    """Return the `file:line:col: rule message` findings in stderr, without prefixes."""
    found = []
    for line in err.splitlines():
        line = line.removeprefix("warning: ").removeprefix("hrdd: error: ")
        if re.match(r"^\S+:\d+:\d+: ", line):
            found.append(line)
    return sorted(found)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_score_answers_check_and_assess_no_input_report_the_same_findings(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = [
        line.removeprefix("# expect: ").split()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect: ")
    ]
    score_code = run(["score", str(path), "-q", str(SAMPLE)])
    by_score = findings(capsys.readouterr().err)
    check_code = run(["answers", "check", str(path), "-q", str(SAMPLE)])
    by_check = findings(capsys.readouterr().err)
    run(["assess", str(SAMPLE), "--answers", str(path), "--no-input", "--quiet"])
    by_assess = findings(capsys.readouterr().err)
    assert by_score, "the fixture must have a finding"
    assert any(
        re.match(rf"{re.escape(str(path))}:{at}: (error|warning) {rule} ", f)
        for at, rule in expected
        for f in by_score
    )
    assert by_check == by_score
    assert by_assess == by_score
    assert check_code == score_code


def test_no_input_reports_an_invalid_value_with_its_position_not_as_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    assert run(["answers", "new", "-o", str(path), "--org", "Acme"]) == 0
    text = path.read_text(encoding="utf-8").replace(
        "  # staff_by:\n  #   value: \n", "  staff_by:\n    value: nobody\n"
    )
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    value: nobody") + 1
    assert run(["assess", "--answers", str(path), "--no-input"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}:12: error answer-invalid-value `nobody` is not an option" in err
    assert "[review]" not in err


def test_no_input_quiet_prints_nothing_on_a_complete_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    run(["answers", "new", str(BRANCHING), "-o", str(path), "--org", "Acme"])
    text = path.read_text(encoding="utf-8")
    for qid, value in [("has_entity", "'no'"), ("services", "[mail]"), ("comments", "none")]:
        text = text.replace(f"  # {qid}:\n  #   value: \n", f"  {qid}:\n    value: {value}\n")
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    args = ["assess", str(BRANCHING), "--answers", str(path), "--no-input"]
    assert run([*args, "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert run(args) == 0
    assert "Results: Acme" in capsys.readouterr().out
    assert os.access(path, os.R_OK)
