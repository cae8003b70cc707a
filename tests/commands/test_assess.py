"""`hrdd assess` without a terminal: --no-input, defaults, errors, and `hrdd score` on its file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hrdd.answers.model import load_answers, save_answers
from hrdd.cli import run
from hrdd.commands.assess import AssessOptions, default_answers_path, load_session, report_command
from hrdd.dialogue.session import Session, new_answers
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.scoring.impacts.format import RiskQuestionnaire
from tests.conftest import REPO

SAMPLE = REPO / "tests" / "data" / "assess" / "branching.yaml"


@pytest.fixture
def questionnaire() -> RiskQuestionnaire:
    q, _ = load_model_or_raise(RiskQuestionnaire, SAMPLE)
    return q


def write_answers(path: Path, q: RiskQuestionnaire, values: dict[str, object]) -> None:
    session = Session(
        q,
        CompiledQuestionnaire(q),
        new_answers(q, "Acme", "2025-01-01T10:00:00+00:00"),
        respondent="Anna",
    )
    for qid, value in values.items():
        session.answer(qid, value)  # type: ignore[arg-type]
    save_answers(path, session.answers, q)


def test_no_input_lists_missing_questions_and_exits_2(
    tmp_path: Path, questionnaire: RiskQuestionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    partial = tmp_path / "partial.yaml"
    write_answers(partial, questionnaire, {"has_entity": "yes", "services": frozenset({"mail"})})
    before = partial.read_bytes()
    code = run(["assess", str(SAMPLE), "--answers", str(partial), "--no-input"])
    err = capsys.readouterr().err
    assert code == 2
    assert "4 applicable question(s) have no answer" in err
    assert "  entity_kind: What kind of entity is it?" in err
    assert "  staff: How many staff work for it in Belarus?" in err
    assert "  comments: Anything else the assessors should know?" in err
    assert "  data_location: Where is user data stored?" in err
    assert "has_entity:" not in err
    assert partial.read_bytes() == before  # --no-input never writes


def test_without_a_terminal_it_behaves_as_no_input(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hrdd", "assess", str(SAMPLE), "--org", "Acme"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert "has_entity: Do you have a legal entity in Belarus?" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_no_input_on_a_complete_file_prints_the_results(
    tmp_path: Path, questionnaire: RiskQuestionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    done = tmp_path / "done.yaml"
    write_answers(
        done,
        questionnaire,
        {
            "has_entity": "yes",
            "entity_kind": "subsidiary",
            "staff": 60,
            "services": frozenset({"mail", "taxi"}),
            "comments": "none",
            "data_location": "dont_know",
        },
    )
    code = run(["assess", str(SAMPLE), "--answers", str(done), "--no-input"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Results: Acme" in out
    assert "Headline: Disclosure to state bodies" in out
    assert "Impacts on people, worst first:" in out
    assert "Data gaps" in out and "Where is user data stored?" in out
    assert report_command(done, SAMPLE) in out  # -q: not a bundled questionnaire
    assert " report -q " in out


def test_the_file_assess_writes_is_read_by_hrdd_score(
    tmp_path: Path, questionnaire: RiskQuestionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.yaml"
    write_answers(path, questionnaire, {"has_entity": "yes", "entity_kind": "branch"})
    session, _, _, _ = load_session(AssessOptions(questionnaire=SAMPLE, answers=path))
    session.answer("has_entity", "no")  # entity_kind becomes inactive
    save_answers(path, session.answers, questionnaire)
    assert yaml.safe_load(path.read_text())["answers"]["entity_kind"]["active"] is False
    code = run(["score", str(path), "--questionnaire", str(SAMPLE), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert '"unanswered"' in captured.out


def test_default_answers_file_is_named_after_the_questionnaire(
    questionnaire: RiskQuestionnaire, tmp_path: Path
) -> None:
    assert default_answers_path(questionnaire, tmp_path) == (
        tmp_path / "hrdd-answers-assess_sample.yaml"
    )


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["assess", str(SAMPLE), "--lang", "de", "--no-input"])
    assert code == 2
    assert "--lang de" in capsys.readouterr().err


def test_another_organisation_is_refused(
    tmp_path: Path, questionnaire: RiskQuestionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    write_answers(path, questionnaire, {"has_entity": "no"})
    code = run(["assess", str(SAMPLE), "--answers", str(path), "--org", "Other", "--no-input"])
    assert code == 2
    err = capsys.readouterr().err
    assert "this answers file assesses `Acme`, but --org names `Other`" in err
    assert "--org only names the organisation of a new answers file" in err
    assert f"leave --org out: {sys.executable} -m hrdd assess" in err
    assert "--org Other" in err


def test_answers_for_another_questionnaire_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = REPO / "tests" / "data" / "valid" / "minimal.yaml"
    q, _ = load_model_or_raise(RiskQuestionnaire, other)
    path = tmp_path / "a.yaml"
    write_answers(path, q, {"local_servers": "no"})
    code = run(["assess", str(SAMPLE), "--answers", str(path), "--no-input"])
    assert code == 2
    assert "answers are for questionnaire `minimal_example`" in capsys.readouterr().err


def test_a_broken_answers_file_names_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("format: 1\nquestionnaire: [\n", encoding="utf-8")
    code = run(["assess", str(SAMPLE), "--answers", str(path), "--no-input"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{path}:" in err
    assert "Traceback" not in err


def test_respondents_and_history_survive_a_save_and_load(
    tmp_path: Path, questionnaire: RiskQuestionnaire
) -> None:
    path = tmp_path / "a.yaml"
    write_answers(path, questionnaire, {"has_entity": "yes"})
    session, _, reconciled, is_new = load_session(
        AssessOptions(questionnaire=SAMPLE, answers=path, respondent="Boris")
    )
    assert not is_new
    assert reconciled is not None and not reconciled.changed
    session.answer("has_entity", "no")
    save_answers(path, session.answers, questionnaire)
    answers, _ = load_answers(path)
    assert [r.name for r in answers.respondents] == ["Anna", "Boris"]
    entry = answers.answers["has_entity"]
    assert (entry.value, entry.answered_by) == ("no", "Boris")
    assert [(h.value, h.by) for h in entry.history] == [("yes", "Anna")]
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_sitting_is_refused_while_another_holds_the_file_but_no_input_reads_it(
    tmp_path: Path,
    questionnaire: RiskQuestionnaire,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hrdd.sitting_lock import acquire

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)  # the sitting would prompt
    path = tmp_path / "acme.yaml"
    write_answers(path, questionnaire, {"has_entity": "no"})
    before = path.read_bytes()
    with acquire(path, respondent="Anna", started="2025-03-03T09:00:00+00:00"):
        code = run(["assess", str(SAMPLE), "--answers", str(path), "--input", "-r", "Boris"])
        err = capsys.readouterr().err
        assert code == 2
        assert (
            f"hrdd: error: {path}: another hrdd sitting (assess, plan, signoff or merge) "
            "has this answers file" in err
        )
        assert "(Anna, process" in err
        assert path.read_bytes() == before
        # A read-only run takes no lock.
        assert run(["assess", str(SAMPLE), "--answers", str(path), "--no-input"]) == 2
        assert "applicable question(s) have no answer" in capsys.readouterr().err


def test_results_show_rich_markup_in_the_organisation_as_text(
    tmp_path: Path, questionnaire: RiskQuestionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    done = tmp_path / "done.yaml"
    write_answers(
        done,
        questionnaire,
        {"has_entity": "no", "services": frozenset({"mail"}), "comments": "none"},
    )
    text = done.read_text(encoding="utf-8").replace(
        "organisation: Acme", 'organisation: "Acme [/] [red]Evil"'
    )
    done.write_text(text, encoding="utf-8")
    code = run(["assess", str(SAMPLE), "--answers", str(done), "--no-input"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Results: Acme [/] [red]Evil" in out


def test_input_without_a_terminal_is_a_usage_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # pytest's stdin is not a terminal, as in `hrdd assess --input < file` or a CI job.
    path = tmp_path / "acme.yaml"
    assert run(["assess", str(SAMPLE), "--answers", str(path), "--input"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "hrdd: error: --input needs a terminal, but stdin is not one; run hrdd assess in a "
        "terminal, or use --no-input to check the answers file without prompting\n"
    )
    assert list(tmp_path.iterdir()) == []
