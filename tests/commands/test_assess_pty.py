"""`hrdd assess` end to end in a pseudo-terminal (80x24, TERM=xterm), driven like a user."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from hrdd.answers.model import load_answers
from tests.conftest import REPO

pytestmark = pytest.mark.slow

SAMPLE = REPO / "tests" / "data" / "assess" / "branching.yaml"
TIMEOUT = 60  # seconds: generous, the machine may be slow and shared

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CTRL_B = "\x02"
CTRL_C = "\x03"
CTRL_E = "\x05"
CTRL_G = "\x07"
CTRL_N = "\x0e"
CTRL_R = "\x12"
FOOTER = "F1/? help"


class Terminal:
    """One `hrdd assess` process in a pseudo-terminal, with everything it printed."""

    def __init__(self, cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
        environment = {
            **os.environ,
            "TERM": "xterm",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
        environment.pop("NO_COLOR", None)  # only the tests that want it set it
        environment.update(env or {})
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "hrdd", "assess", *args],
            cwd=str(cwd),
            env=environment,
            dimensions=(24, 80),
            encoding="utf-8",
            timeout=TIMEOUT,
        )
        self.child.logfile_read = self.log

    def wait(self, text: str) -> None:
        """Wait until ``text`` is on screen (in the output since the last wait)."""
        self.child.expect_exact(text)

    def question(self, text: str) -> None:
        """Wait for a question and its footer: the prompt is ready for keys."""
        self.wait(text)
        self.wait(FOOTER)

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        return status if status is not None else -(self.child.signalstatus or 0)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


def answers_file(folder: Path) -> Path:
    return folder / "hrdd-answers-assess_sample.yaml"


def start(folder: Path, *extra: str, env: dict[str, str] | None = None) -> Terminal:
    return Terminal(folder, str(SAMPLE), "--org", "Acme", "--respondent", "Anna", *extra, env=env)


def answer_company(term: Terminal) -> None:
    term.question("Do you have a legal entity in Belarus?")
    term.send(ENTER)  # Yes, the first option
    term.question("What kind of entity is it?")
    term.send(DOWN + ENTER)  # Branch or representative office
    term.question("How many staff work for it in Belarus?")


def test_branching_back_jump_note_review_and_finish(folder: Path) -> None:
    term = start(folder)
    term.wait("Sample questionnaire for tests. Not legal advice.")
    term.wait("Answers file (saved after every answer):")
    term.wait(str(answers_file(folder)))
    term.question("Do you have a legal entity in Belarus?")
    term.send("?")
    term.wait("A subsidiary, branch or representative office registered in Belarus.")
    answer_company(term)
    term.send("1x")
    term.wait("is not a whole number")  # validated as typed
    term.send("\x7f2" + ENTER)
    term.question("Which services do you offer in Belarus?")
    term.send(" " + DOWN + " " + ENTER)  # e-mail and messenger
    term.question("Anything else the assessors should know?")
    term.send("Trip history is kept for five years." + ENTER)
    term.question("Where is user data stored?")
    term.send(CTRL_N)
    term.wait("Note for this question")
    term.send("Per the 2024 data map" + ENTER)
    term.question("Where is user data stored?")
    term.send(DOWN + DOWN + ENTER)  # primary
    term.wait("Review your answers")
    # Jump: review, pick the Services section, then the services question.
    term.send(DOWN + DOWN + ENTER)  # past Finish and Company presence
    term.wait("Change which answer?")
    term.send(ENTER)
    term.question("Which services do you offer in Belarus?")
    term.send(DOWN + DOWN + " " + ENTER)  # add taxi
    term.wait("Review your answers")
    term.send(DOWN + ENTER)  # Company presence
    term.wait("Change which answer?")
    term.send(DOWN + DOWN + ENTER)  # staff
    term.question("How many staff work for it in Belarus?")
    # Back across the branching question and change it.
    term.send(CTRL_B)
    term.question("What kind of entity is it?")
    term.send(CTRL_B)
    term.question("Do you have a legal entity in Belarus?")
    term.send(DOWN + ENTER)  # No
    # Asked first, naming what the change would hide (by title, not by id).
    term.wait("This answer means 3 answered question(s) no longer apply")
    term.wait("What kind of entity is it?")
    term.wait("How many staff work for it in Belarus?")
    term.wait("Where is user data stored?")
    term.wait("Change the answer?")
    term.wait("^C quit")
    term.send(DOWN + ENTER)  # Yes, change it
    term.wait("3 answered question(s) no longer apply:")
    term.wait('"What kind of entity is it?"')
    term.wait("Review your answers")
    term.send(ENTER)  # Finish
    term.wait("Results: Acme")
    term.wait("hrdd report")
    assert term.finish() == 0

    path = answers_file(folder)
    assert path.stat().st_mode & 0o777 == 0o600
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data["answers"]
    assert items["has_entity"]["value"] == "no"
    assert items["has_entity"]["history"][0]["value"] == "yes"
    for hidden in ("entity_kind", "staff", "data_location"):
        assert items[hidden]["active"] is False
    assert items["staff"]["value"] == 12
    assert items["data_location"]["note"] == "Per the 2024 data map"
    assert items["services"]["value"] == ["mail", "messenger", "taxi"]
    assert items["services"]["answered_by"] == "Anna"
    assert "active" not in items["services"]
    load_answers(path)  # valid against the format

    # `hrdd score` reads the same file.
    scored = subprocess.run(
        [sys.executable, "-m", "hrdd", "score", str(path), "--questionnaire", str(SAMPLE)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=folder,
        check=False,
        timeout=TIMEOUT,
    )
    assert scored.returncode == 0, scored.stderr
    assert "Acme" in scored.stdout


def test_ctrl_c_saves_and_the_same_command_resumes(folder: Path) -> None:
    term = start(folder)
    answer_company(term)
    term.send(CTRL_C)
    term.wait("Run the same command to resume")
    assert term.finish() == 130
    saved = yaml.safe_load(answers_file(folder).read_text(encoding="utf-8"))
    assert list(saved["answers"]) == ["has_entity", "entity_kind"]

    again = start(folder)
    again.wait("Resuming: 2 of 6 answered, about 2 minutes to go; next: section Company")
    again.wait('question "How many staff work for it in Belarus?"')
    again.question("How many staff work for it in Belarus?")
    again.send("40" + ENTER)
    again.question("Which services do you offer in Belarus?")
    again.send(CTRL_G)
    again.wait("Go to which section?")
    again.send(ENTER)  # Company presence
    again.wait("Go to which question?")
    again.send(DOWN + ENTER)  # entity_kind
    again.wait("Current answer: Branch or representative office")
    again.question("What kind of entity is it?")
    again.send("\x04")  # Ctrl-D: save and quit
    again.wait("Saved: 3 of 6 answered")
    assert again.finish() == 0


def test_kill_9_leaves_a_valid_file_with_every_answer(folder: Path) -> None:
    term = start(folder)
    answer_company(term)
    term.send("7" + ENTER)
    term.question("Which services do you offer in Belarus?")
    term.send(CTRL_E)
    term.wait("Evidence for this answer")
    term.send("https://intranet.example/services" + ENTER)
    term.wait("Evidence saved; it goes with the answer when you give it")
    term.question("Which services do you offer in Belarus?")
    term.send(" " + ENTER)
    term.question("Anything else the assessors should know?")
    os.kill(term.child.pid, signal.SIGKILL)
    term.child.expect(pexpect.EOF)
    term.child.close()
    answers, _ = load_answers(answers_file(folder))
    assert {k: a.value for k, a in answers.answers.items()} == {
        "has_entity": "yes",
        "entity_kind": "branch",
        "staff": 7,
        "services": ["mail"],
    }
    assert answers.answers["services"].evidence == ["https://intranet.example/services"]
    assert answers_file(folder).stat().st_mode & 0o777 == 0o600
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_closing_the_terminal_keeps_every_answer(folder: Path) -> None:
    term = start(folder)
    answer_company(term)
    term.send("9" + ENTER)
    term.question("Which services do you offer in Belarus?")
    os.kill(term.child.pid, signal.SIGHUP)
    term.child.expect(pexpect.EOF)
    term.child.close()
    answers, _ = load_answers(answers_file(folder))
    assert list(answers.answers) == ["has_entity", "entity_kind", "staff"]


COLOUR_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_codes(text: str) -> list[str]:
    """Return the SGR sequences that set a colour (foreground or background)."""
    found = []
    for match in COLOUR_SGR.finditer(text):
        params = [int(p) for p in match.group(1).split(";") if p]
        if any(30 <= p <= 38 or 40 <= p <= 48 or 90 <= p <= 97 or 100 <= p <= 107 for p in params):
            found.append(match.group(0))
    return found


@pytest.mark.parametrize("no_color", [True, False])
def test_no_color_output_has_no_colour_codes(folder: Path, no_color: bool) -> None:
    env = {"NO_COLOR": "1"} if no_color else {}
    term = start(folder, env=env)
    answer_company(term)
    term.send("3" + ENTER)
    term.question("Which services do you offer in Belarus?")
    term.send(CTRL_C)
    assert term.finish() == 130
    codes = colour_codes(term.log.getvalue())
    if no_color:
        assert codes == []
    else:
        assert codes  # the check above can fail: colours do appear without NO_COLOR


def test_a_changed_questionnaire_asks_changed_questions_again(folder: Path) -> None:
    term = start(folder)
    answer_company(term)
    term.send(CTRL_C)
    assert term.finish() == 130
    changed = folder / "changed.yaml"
    changed.write_text(
        SAMPLE.read_text(encoding="utf-8")
        .replace("What kind of entity is it?", "What kind of legal entity is it?")
        .replace('version: "1.0.0"', 'version: "1.1.0"'),
        encoding="utf-8",
    )
    again = Terminal(
        folder,
        str(changed),
        "--answers",
        str(answers_file(folder)),
        "--respondent",
        "Boris",
    )
    again.wait("1 answer(s) carried over unchanged")
    again.wait("1 answer(s) to review again")
    again.wait("Previous answer: Branch or representative office")
    again.question("What kind of legal entity is it?")
    again.send(ENTER)  # the previous answer is the default
    again.question("How many staff work for it in Belarus?")
    again.send(CTRL_C)
    assert again.finish() == 130
    data = yaml.safe_load(answers_file(folder).read_text(encoding="utf-8"))
    assert data["questionnaire"]["version"] == "1.1.0"
    kind = data["answers"]["entity_kind"]
    assert kind["value"] == "branch"
    assert kind["answered_by"] == "Boris"
    assert "review" not in kind
    assert [r["name"] for r in data["respondents"]] == ["Anna", "Boris"]


def test_smoke_on_the_bundled_questionnaire(folder: Path) -> None:
    from hrdd.catalog import default_questionnaire
    from hrdd.questionnaire.model import text_in
    from hrdd.scoring.loading import load_questionnaire_or_raise

    bundled, _ = load_questionnaire_or_raise(default_questionnaire())
    assert bundled.format == 2
    first = bundled.questions()[0]
    term = Terminal(folder, "--org", "Acme", "--respondent", "Anna")
    term.wait(f"hrdd-answers-{bundled.id}.yaml")
    term.question(text_in(first.text, "en", bundled.default_language)[:40])
    term.send(ENTER)
    term.wait(FOOTER)
    term.send(CTRL_C)
    assert term.finish() == 130
    answers, _ = load_answers(folder / f"hrdd-answers-{bundled.id}.yaml")
    assert list(answers.answers) == [first.id]


def _without_entity_kind(text: str, version: str) -> str:
    """The sample questionnaire with the question `entity_kind` removed."""
    start = text.index("      - id: entity_kind\n")
    end = text.index("      - id: staff\n")
    return (text[:start] + text[end:]).replace('version: "1.0.0"', f'version: "{version}"')


def test_a_removed_question_is_retired_and_asked_again_when_it_returns(folder: Path) -> None:
    term = start(folder)
    answer_company(term)
    term.send(CTRL_C)
    assert term.finish() == 130
    removed = folder / "removed.yaml"
    removed.write_text(
        _without_entity_kind(SAMPLE.read_text(encoding="utf-8"), "1.1.0"), encoding="utf-8"
    )
    again = Terminal(
        folder, str(removed), "--answers", str(answers_file(folder)), "--respondent", "Anna"
    )
    again.wait("1 answer(s) retired (their question was removed)")
    again.wait("entity_kind: branch")
    again.question("How many staff work for it in Belarus?")
    again.send(CTRL_C)
    assert again.finish() == 130
    data = yaml.safe_load(answers_file(folder).read_text(encoding="utf-8"))
    assert "entity_kind" not in data["answers"]
    retired = data["retired"]["entity_kind"]
    assert retired["value"] == "branch"
    assert retired["answered_by"] == "Anna"
    assert retired["retired_from"] == "1.0.0"

    back = folder / "back.yaml"
    back.write_text(
        SAMPLE.read_text(encoding="utf-8").replace('version: "1.0.0"', 'version: "1.2.0"'),
        encoding="utf-8",
    )
    third = Terminal(
        folder, str(back), "--answers", str(answers_file(folder)), "--respondent", "Anna"
    )
    third.wait("This question was dropped after version 1.0.0 and is back")
    third.wait("Answer before: Branch or representative office")
    third.question("What kind of entity is it?")
    third.send(ENTER)  # Subsidiary: the retired answer is shown, not pre-selected
    third.question("How many staff work for it in Belarus?")
    third.send(CTRL_C)
    assert third.finish() == 130
    data = yaml.safe_load(answers_file(folder).read_text(encoding="utf-8"))
    assert data["answers"]["entity_kind"]["value"] == "subsidiary"
    assert data["retired"]["entity_kind"]["value"] == "branch"


def test_a_second_sitting_on_the_same_file_is_refused_until_the_first_ends(
    folder: Path,
) -> None:
    first = start(folder)
    first.question("Do you have a legal entity in Belarus?")
    second = Terminal(folder, str(SAMPLE), "--respondent", "Boris")
    second.wait("another hrdd sitting (assess) has this answers file open")
    second.wait(f"Anna, process {first.child.pid}")
    assert second.finish() == 2
    assert "Anna" in second.log.getvalue() and str(answers_file(folder)) in second.log.getvalue()
    # kill -9 leaves the lock file behind, but the kernel released the lock with the process.
    first.send(ENTER)
    first.question("What kind of entity is it?")
    os.kill(first.child.pid, signal.SIGKILL)
    first.child.expect(pexpect.EOF)
    first.child.close()
    assert (folder / ".hrdd-answers-assess_sample.yaml.lock").exists()
    third = Terminal(folder, str(SAMPLE), "--respondent", "Boris")
    third.wait("Resuming: 1 of")
    third.question("What kind of entity is it?")
    third.send(CTRL_C)
    assert third.finish() == 130
    assert not (folder / ".hrdd-answers-assess_sample.yaml.lock").exists()


def test_answers_through_a_link_are_saved_and_locked_at_the_real_file(folder: Path) -> None:
    # The answers live in a vault; two working folders link to them.
    vault = folder / "vault"
    vault.mkdir()
    for name in ("work", "other"):
        (folder / name).mkdir()
        (folder / name / "answers.yaml").symlink_to(Path("..") / "vault" / "answers.yaml")
    first = Terminal(
        folder / "work",
        str(SAMPLE),
        "--org",
        "Acme",
        "--respondent",
        "Anna",
        "--answers",
        "answers.yaml",
    )
    first.wait(str(vault / "answers.yaml"))  # the real file is announced
    first.question("Do you have a legal entity in Belarus?")
    # A second sitting through the other link is the same file: refused.
    second = Terminal(
        folder / "other", str(SAMPLE), "--respondent", "Boris", "--answers", "answers.yaml"
    )
    second.wait("another hrdd sitting (assess) has this answers file open")
    assert second.finish() == 2
    first.send(ENTER)
    first.question("What kind of entity is it?")
    first.send(CTRL_C)
    assert first.finish() == 130
    for name in ("work", "other"):
        link = folder / name / "answers.yaml"
        assert link.is_symlink(), f"{link} was replaced by a regular file"
        assert sorted(p.name for p in (folder / name).iterdir()) == ["answers.yaml"]
    real = vault / "answers.yaml"
    assert (real.stat().st_mode & 0o777) == 0o600
    answers, _ = load_answers(real)
    assert list(answers.answers) == ["has_entity"]
    assert sorted(p.name for p in vault.iterdir()) == ["answers.yaml"]  # no lock, no temporary
