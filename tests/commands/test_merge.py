"""`hrdd merge` without a terminal: the agreed part written, disagreements as findings, exits."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from hrdd.answers.model import load_answers
from hrdd.cli import run
from hrdd.sitting_lock import acquire
from tests.conftest import BRANCHING, DATA

MERGE = DATA / "merge"
Q = MERGE / "workshop.yaml"
FINDING = re.compile(r"^(\S+):(\d+):(\d+): error merge-disagreement `(\w+)`")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("legal", "cto", "dpo"):
        shutil.copy(MERGE / f"{name}.yaml", tmp_path / f"{name}.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def merge(*args: str) -> int:
    return run(["merge", "-q", str(Q), "--no-input", *args])


def edit(path: Path, change: dict[str, object]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for qid, value in change.items():
        data["answers"][qid]["value"] = value
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_disagreements_are_findings_at_each_respondents_answer(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert merge("legal.yaml", "cto.yaml", "dpo.yaml", "-o", "agreed.yaml") == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    found = [FINDING.match(line) for line in lines]
    assert all(found), lines  # one line each, nothing else on stdout
    where = [(m.group(1), m.group(4)) for m in found if m]
    # The gate first, then the rest; every respondent's answer, in the order files were named.
    assert where == [
        ("legal.yaml", "has_staff"),
        ("cto.yaml", "has_staff"),
        ("dpo.yaml", "has_staff"),
        ("legal.yaml", "sorm"),
        ("cto.yaml", "sorm"),
        ("dpo.yaml", "sorm"),
    ]
    # Each position is the answer's value in that file.
    for match in found:
        assert match is not None
        text = (folder / match.group(1)).read_text(encoding="utf-8").splitlines()
        line, column = int(match.group(2)), int(match.group(3))
        assert text[line - 1][column - 1 :].startswith(("'yes'", "'no'", "dont_know"))
    assert "decides which other questions apply" in lines[0]
    assert "DPO answered `dont_know`" in lines[-1]
    assert "2 open" in err
    assert "resolve them in a terminal:" in err
    assert "legal.yaml:49:5: warning merge-plan-conflict `mitigation:approve_abroad`" in err
    merged, _ = load_answers(folder / "agreed.yaml")
    assert merged.merge is not None
    assert list(merged.merge.open) == ["has_staff", "sorm"]
    assert "sorm" not in merged.answers and "has_staff" not in merged.answers
    assert merged.answers["transit"].value == "tls"
    assert (folder / "agreed.yaml").stat().st_mode & 0o777 == 0o600
    assert run(["answers", "check", "-q", str(Q), str(folder / "agreed.yaml")]) == 0


def test_files_that_agree_exit_0(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(folder / "cto.yaml", {"has_staff": "yes"})
    edit(folder / "dpo.yaml", {"sorm": "yes"})
    assert merge("legal.yaml", "cto.yaml", "dpo.yaml", "-o", "agreed.yaml") == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "0 open" in err
    merged, _ = load_answers(folder / "agreed.yaml")
    assert merged.answers["has_staff"].value == "yes"
    assert merged.merge is not None and merged.merge.open == {}


def test_a_merge_is_run_again_over_its_own_output_but_not_over_a_changed_one(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert merge("legal.yaml", "cto.yaml", "dpo.yaml", "-o", "agreed.yaml") == 1
    assert merge("legal.yaml", "cto.yaml", "dpo.yaml", "-o", "agreed.yaml") == 1
    out = folder / "agreed.yaml"
    text = out.read_text(encoding="utf-8")
    out.write_text(
        re.sub(r"^updated: .*$", "updated: '2030-01-01T00:00:00+00:00'", text, flags=re.M)
    )
    capsys.readouterr()
    assert merge("legal.yaml", "cto.yaml", "dpo.yaml", "-o", "agreed.yaml") == 2
    err = capsys.readouterr().err
    assert "changed after the merge wrote it" in err
    assert "--overwrite" in err
    assert merge("legal.yaml", "cto.yaml", "dpo.yaml", "-o", "agreed.yaml", "--overwrite") == 1


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("legal.yaml", "this is one of the files being merged (legal.yaml)"),
        ("plain.yaml", "exists and was not written by hrdd merge"),
    ],
)
def test_an_existing_file_is_not_replaced_unless_asked(
    folder: Path, capsys: pytest.CaptureFixture[str], output: str, message: str
) -> None:
    shutil.copy(folder / "dpo.yaml", folder / "plain.yaml")
    before = (folder / output).read_bytes()
    assert merge("legal.yaml", "cto.yaml", "-o", output) == 2
    assert message in capsys.readouterr().err
    assert (folder / output).read_bytes() == before
    assert merge("legal.yaml", "cto.yaml", "-o", output, "--overwrite") == 1
    merged, _ = load_answers(folder / output)
    assert merged.merge is not None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"organisation": "Other LLC"}, "assesses `Other LLC`, but legal.yaml assesses"),
        ({"questionnaire": {"id": "other"}}, "answers are for questionnaire `other`"),
    ],
)
def test_files_about_another_organisation_or_questionnaire_are_refused(
    folder: Path, capsys: pytest.CaptureFixture[str], change: dict[str, object], message: str
) -> None:
    data = yaml.safe_load((folder / "cto.yaml").read_text(encoding="utf-8"))
    for key, value in change.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) else value
    (folder / "cto.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml") == 2
    assert message in capsys.readouterr().err
    assert not (folder / "agreed.yaml").exists()


def test_usage_errors(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert merge("legal.yaml", "-o", "agreed.yaml") == 2
    assert "at least two answers files" in capsys.readouterr().err
    assert merge("legal.yaml", "cto.yaml") == 2
    assert "-o FILE" in capsys.readouterr().err
    assert merge("legal.yaml", "./legal.yaml", "-o", "agreed.yaml") == 2
    assert "named twice" in capsys.readouterr().err
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml", "--by", "Olga\x1b[2J") == 2
    assert "control characters are not allowed" in capsys.readouterr().err


def test_format_1_questionnaires_are_refused(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a", "b"):
        assert run(["answers", "new", str(BRANCHING), "-o", f"{name}.yaml", "--org", "Acme"]) == 0
    assert run(["merge", "-q", str(BRANCHING), "a.yaml", "b.yaml", "-o", "x.yaml"]) == 2
    assert "format-2 questionnaires (the risk model) only" in capsys.readouterr().err


def test_another_questionnaire_version_is_carried_over_first(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load((folder / "cto.yaml").read_text(encoding="utf-8"))
    data["questionnaire"]["version"] = "1.0.0"
    data["answers"]["fleet_size"] = {"value": 120, "answered_by": "Ivan Sidorov"}
    data["answers"]["transit"]["question_hash"] = "0000000000000000"  # its question changed
    (folder / "cto.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml") == 1
    err = capsys.readouterr().err
    assert "answer-stale" in err and "fleet_size" in err
    merged, _ = load_answers(folder / "agreed.yaml")
    assert merged.retired["fleet_size"].value == 120
    assert merged.answers["transit"].review  # asked again by `hrdd assess`
    assert merged.merge is not None
    assert [s.version for s in merged.merge.sources] == ["2.0.0", "1.0.0"]


def test_the_output_is_locked_while_another_sitting_has_it(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with acquire(folder / "agreed.yaml", respondent="Anna", started="now"):
        assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml") == 2
    assert "another hrdd sitting" in capsys.readouterr().err
    assert not (folder / "agreed.yaml").exists()


def test_an_invalid_input_is_reported_with_its_position(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(folder / "cto.yaml", {"has_staff": "maybe"})
    assert merge("legal.yaml", "cto.yaml", "-o", "agreed.yaml") == 2
    err = capsys.readouterr().err
    assert re.search(r"cto\.yaml:\d+:\d+: error answer-invalid-value", err)
    assert not (folder / "agreed.yaml").exists()
