"""`hrdd merge` in a pseudo-terminal (80x24): disagreements resolved one by one, Ctrl-C, resume."""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from hrdd.answers.model import load_answers
from tests.commands.test_assess_pty import CTRL_C, DOWN, ENTER, TIMEOUT
from tests.conftest import DATA, REPO

pytestmark = pytest.mark.slow

MERGE = DATA / "merge"
LIST_FOOTER = "Up/Down move  Enter choose  ^C quit"
REASON_FOOTER = "Enter keep  Esc choose again  ^C quit"


class Terminal:
    """One `hrdd merge` process in a pseudo-terminal, with everything it printed."""

    def __init__(self, cwd: Path, *args: str) -> None:
        environment = {
            **os.environ,
            "TERM": "xterm",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
        environment.pop("NO_COLOR", None)
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "hrdd", "merge", "-q", str(MERGE / "workshop.yaml"), *args],
            cwd=str(cwd),
            env=environment,
            dimensions=(24, 80),
            encoding="utf-8",
            timeout=TIMEOUT,
        )
        self.child.logfile_read = self.log

    def wait(self, text: str) -> None:
        self.child.expect_exact(text)

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def choose(self, downs: int) -> None:
        """Wait for the list of answers, then pick the one ``downs`` lines below the first."""
        self.wait("Which answer goes into the merged file?")
        self.wait(LIST_FOOTER)
        self.send(DOWN * downs + ENTER)

    def reason(self, text: str) -> None:
        self.wait("Why this answer?")
        self.wait(REASON_FOOTER)
        self.send(text + ENTER)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        return status if status is not None else -(self.child.signalstatus or 0)


def plain(log: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", log).replace("\r", "")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("legal", "cto", "dpo"):
        shutil.copy(MERGE / f"{name}.yaml", tmp_path / f"{name}.yaml")
    return tmp_path


FILES = ("legal.yaml", "cto.yaml", "dpo.yaml", "-o", "agreed.yaml")


def test_three_respondents_two_disagreements_resolved(folder: Path) -> None:
    term = Terminal(folder, *FILES)
    term.wait("Merging 3 answers files about Example Rides LLC")
    term.wait("To resolve: 2 disagreement(s), 1 deciding which other questions apply (first).")
    term.wait("Your name, recorded with each decision you take")
    term.send("Olga Facilitator" + ENTER)
    # The gate first: every answer side by side, and what each choice opens or closes.
    term.wait("Disagreement 1 of 2: it decides which other questions apply")
    term.wait("Do you have staff in Belarus?")
    term.wait("Ivan Sidorov")
    term.wait("What each answer decides:")
    term.wait('No: closes "Staff in Belarus reaching user data?", "Who are they?"')
    term.choose(0)  # Yes (Anna Petrova, DPO)
    term.reason("Payroll lists twelve staff in Minsk.")
    term.wait("Disagreement 2 of 2")
    term.wait("SORM on your network?")
    term.wait("Don't know")
    term.choose(0)  # Yes (Anna Petrova, Ivan Sidorov)
    term.reason("The operator confirmed the SORM box in writing.")
    term.wait("Every disagreement is resolved.")
    assert term.finish() == 0

    screen = plain(term.log.getvalue())
    assert "Anna Petrova" in screen and "DPO" in screen and "cto.yaml" in screen
    merged, _ = load_answers(folder / "agreed.yaml")
    assert merged.merge is not None
    assert merged.merge.open == {}
    decision = merged.merge.decisions["has_staff"]
    assert (decision.value, decision.by, decision.reason) == (
        "yes",
        "Olga Facilitator",
        "Payroll lists twelve staff in Minsk.",
    )
    assert merged.merge.decisions["sorm"].chosen == "legal.yaml, cto.yaml"
    # The history shows each respondent's answer, with their name or role, file and time.
    history = merged.answers["has_staff"].history
    assert [(h.by, h.role, h.source, h.value, h.at) for h in history] == [
        ("Anna Petrova", "Head of Legal", "legal.yaml", "yes", "2025-03-01T09:08:00+00:00"),
        ("Ivan Sidorov", "CTO", "cto.yaml", "no", "2025-03-02T14:08:00+00:00"),
        ("DPO", None, "dpo.yaml", "yes", "2025-03-03T11:08:00+00:00"),
    ]
    assert merged.answers["has_staff"].answered_by == "Olga Facilitator"
    assert merged.answers["staff_access"].active
    assert (folder / "agreed.yaml").stat().st_mode & 0o777 == 0o600


def test_ctrl_c_keeps_what_was_resolved_and_the_same_command_resumes(folder: Path) -> None:
    term = Terminal(folder, *FILES, "--by", "Olga")
    term.choose(0)
    term.reason("Payroll.")
    term.wait("Disagreement 2 of 2")
    term.wait(LIST_FOOTER)
    term.send(CTRL_C)
    term.wait("Saved: 1 disagreement(s) resolved, 1 open")
    term.wait("Run the same command to resume:")
    assert term.finish() == 130
    merged, _ = load_answers(folder / "agreed.yaml")
    assert merged.merge is not None
    assert list(merged.merge.decisions) == ["has_staff"]
    assert list(merged.merge.open) == ["sorm"]

    again = Terminal(folder, *FILES)
    again.wait("Resolved in an earlier run: 1 disagreement(s).")
    again.wait("To resolve: 1 disagreement(s).")
    again.wait("Disagreement 1 of 1")  # the name is the earlier run's: not asked again
    again.wait("SORM on your network?")
    again.choose(2)  # past the two answers given: another answer, asked as the question
    again.wait("SORM on your network?")
    again.wait("F1/? help")
    again.send(DOWN + ENTER)  # No
    again.reason("x" * 10_000)
    again.wait("at most 2,000 characters, this is 10,000")  # kept in the field, not lost
    again.send("\x7f" * 10_000 + "Checked with the operator." + ENTER)
    again.wait("Every disagreement is resolved.")
    assert again.finish() == 0
    merged, _ = load_answers(folder / "agreed.yaml")
    assert merged.merge is not None
    assert merged.merge.decisions["has_staff"].reason == "Payroll."
    sorm = merged.merge.decisions["sorm"]
    assert (sorm.value, sorm.chosen, sorm.by) == ("no", None, "Olga")
    assert merged.answers["sorm"].value == "no"


def test_leaving_one_open_exits_1_and_keeps_it_listed(folder: Path) -> None:
    term = Terminal(folder, *FILES, "--by", "Olga")
    term.choose(0)
    term.reason("Payroll.")
    term.wait("Disagreement 2 of 2")
    term.choose(3)  # Leave it open for now
    term.wait("1 disagreement(s) left open")
    assert term.finish() == 1
    merged, _ = load_answers(folder / "agreed.yaml")
    assert merged.merge is not None
    assert [a.value for a in merged.merge.open["sorm"]] == ["yes", "yes", "dont_know"]
