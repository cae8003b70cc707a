"""From a first answer to sign-off in a real terminal, where `hrdd` is not on PATH.

A new assessment to the end, the plan (owner, due date, a decline), the sign-off, a change
after it (the sign-off goes stale), a resume that remembers the respondent, and every
command run exactly as hrdd printed it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from tests.commands.test_assess_pty import DOWN, ENTER, TIMEOUT, UP
from tests.conftest import BRANCHING

pytestmark = pytest.mark.slow

SAMPLE = BRANCHING
HRDD = Path(sys.executable).parent / "hrdd"  # the installed entry point, as scripts/assess runs it
BARE_PATH = os.pathsep.join(["/usr/bin", "/bin"])
CTRL_U = "\x15"


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR")}
    env.update(PATH=BARE_PATH, TERM="xterm")
    return env


class Screen:
    """One command in a pseudo-terminal (80x24), started by bash as a user would type it."""

    def __init__(self, folder: Path, command: str) -> None:
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            "/bin/bash",
            ["--norc", "--noprofile", "-c", command],
            cwd=str(folder),
            env=environment(),
            dimensions=(24, 80),
            encoding="utf-8",
            timeout=TIMEOUT,
        )
        self.child.logfile_read = self.log

    def wait(self, text: str) -> None:
        self.child.expect_exact(text)

    def list_ready(self, text: str) -> None:
        self.wait(text)
        self.wait("^C quit")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1


def printed_after(log: str, label: str) -> str:
    """Return the command printed on the line after ``label``."""
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", log).replace("\r", "")
    lines = plain.splitlines()
    where = next(i for i, line in enumerate(lines) if label in line)
    return lines[where + 1].strip()


def run_printed(folder: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/bash", "--norc", "--noprofile", "-c", command],
        cwd=folder,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_first_answer_to_signoff_with_every_printed_command_run_as_printed(
    tmp_path: Path,
) -> None:
    assert HRDD.is_file(), f"{HRDD}: install hrdd in this environment (pip install -e .)"
    assert shutil.which("hrdd", path=BARE_PATH) is None
    folder = tmp_path / "work"
    folder.mkdir()
    answers = folder / "hrdd-answers-assess_sample.yaml"
    hrdd = f"{HRDD} assess {SAMPLE} --org Acme --respondent Anna"

    # 1. A new assessment, to the end.
    term = Screen(folder, hrdd)
    term.wait("Do you have a legal entity in Belarus?")
    term.wait("F1/? help")
    term.send(ENTER)  # yes
    term.wait("F1/? help")
    term.send(DOWN + ENTER)  # branch
    term.wait("How many staff")
    term.wait("F1/? help")
    term.send("12" + ENTER)
    term.wait("Which services")
    term.wait("F1/? help")
    term.send(" " + ENTER)  # e-mail
    term.wait("Anything else")
    term.wait("F1/? help")
    term.send("none" + ENTER)
    term.wait("Where is user data stored?")
    term.wait("F1/? help")
    term.send(DOWN + DOWN + ENTER)  # primary copy in Belarus
    term.list_ready("Review your answers")
    term.send(ENTER)  # finish
    term.wait("Render the report:")
    assert term.finish() == 0
    plan = printed_after(term.log.getvalue(), "Set owners, due dates and decisions in the plan:")
    report = printed_after(term.log.getvalue(), "Render the report:")
    # Named so that this user can run them: hrdd's full path, since it is not on PATH,
    # and -q for a questionnaire that is not bundled.
    assert plan.startswith(f"{HRDD} plan ")
    assert report.startswith(f"{HRDD} report -q {SAMPLE} ")

    # 2. The plan, opened with the command as printed: owner, due date, a decline.
    screen = Screen(folder, plan)
    screen.wait("Last respondent of this file: Anna")
    screen.wait("Enter confirm")
    screen.send(ENTER)  # Anna, offered
    screen.list_ready("Which item?")
    screen.send(ENTER)  # 1. the first item of the plan
    screen.list_ready("Change what?")
    screen.send(ENTER)  # owner
    screen.wait("Owner (who is responsible)")
    screen.wait("^C quit")
    screen.send("HR director" + ENTER)
    screen.wait("Saved (Anna,")
    screen.list_ready("Change what?")
    screen.send(DOWN + ENTER)  # due date
    screen.wait("Due date (YYYY-MM-DD)")
    screen.wait("^C quit")
    screen.send("2025-04-01" + ENTER)
    screen.wait("Saved (Anna,")
    screen.list_ready("Change what?")
    screen.send(UP + ENTER)  # back (the list wraps to its end)
    screen.list_ready("Which item?")
    screen.send(DOWN + ENTER)  # 2. the second
    screen.list_ready("Change what?")
    screen.send(DOWN * 3 + ENTER)  # decline
    screen.wait("Declining is not accepting harm")
    screen.wait("Why is it declined?")
    screen.wait("^C quit")
    screen.send("Migration is planned with the next contract" + ENTER)
    screen.wait("Who approved declining it?")
    screen.wait("^C quit")
    screen.send("Board of directors" + ENTER)
    screen.wait("Review the decision by")
    screen.wait("^C quit")
    screen.send("2030-01-31" + ENTER)
    screen.wait("Saved (Anna,")
    screen.list_ready("Change what?")
    screen.send(UP + ENTER)  # back
    screen.list_ready("Which item?")
    screen.send(UP + ENTER)  # Done
    screen.wait("Every change is saved")
    assert screen.finish() == 0
    saved = yaml.safe_load(answers.read_text(encoding="utf-8"))
    first, second = _first_two_plan_items(answers)
    owned = saved["mitigations"][first]
    assert (owned["owner"], owned["due"], owned["updated_by"]) == (
        "HR director",
        "2025-04-01",
        "Anna",
    )
    assert saved["mitigations"][second]["status"] == "declined"
    assert saved["mitigations"][second]["declined"]["review"] == "2030-01-31"

    # 3. The sign-off covers the file as it stands; the score runs on it.
    exe = plan.split(" plan ")[0]
    signed = run_printed(folder, f"{exe} signoff {answers.name} -q {SAMPLE} --name Anna --role GC")
    assert signed.returncode == 0, signed.stderr
    scored = run_printed(folder, f"{exe} score {answers.name} -q {SAMPLE}")
    assert scored.returncode == 0, scored.stderr
    assert _signoff_state(answers) == "current"

    # 4. Resume without --respondent: Anna is remembered; change an answer after sign-off.
    again = Screen(folder, f"{HRDD} assess {SAMPLE}")
    again.wait("Last respondent of this file: Anna")
    again.wait("Enter confirm")
    again.send(ENTER)
    again.list_ready("Review your answers")
    again.send(DOWN + ENTER)  # Company presence
    again.list_ready("Change which answer?")
    again.send(DOWN + DOWN + ENTER)  # staff
    again.wait("How many staff")
    again.wait("F1/? help")
    again.send(CTRL_U + "40" + ENTER)
    again.list_ready("Review your answers")
    again.send(ENTER)  # finish
    again.wait("Render the report:")
    assert again.finish() == 0
    saved = yaml.safe_load(answers.read_text(encoding="utf-8"))
    assert saved["answers"]["staff"]["value"] == 40
    assert saved["answers"]["staff"]["answered_by"] == "Anna"
    assert [r.get("name") for r in saved["respondents"]] == ["Anna"]

    # 5. The sign-off no longer covers the changed answer; the report command runs as printed.
    assert _signoff_state(answers) == "stale"
    rendered = run_printed(folder, report)
    assert rendered.returncode == 0, rendered.stderr
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "declined: the risk remains" in html
    assert str(HRDD) not in html  # reports name plain `hrdd`, never this machine's path


def _first_two_plan_items(answers: Path) -> tuple[str, str]:
    """Return the ids of the plan's first two items, in the order the plan screen lists them."""
    from hrdd.answers.model import load_answers
    from hrdd.scoring.impacts.load import RiskModel
    from hrdd.scoring.loading import load_questionnaire_or_raise
    from hrdd.scoring.plan_items import plan_rows

    questionnaire, _ = load_questionnaire_or_raise(SAMPLE)
    rows = plan_rows(RiskModel(questionnaire), load_answers(answers)[0])
    return rows[0].id, rows[1].id


def _signoff_state(answers: Path) -> str:
    from hrdd.answers.model import load_answers
    from hrdd.answers.signing import signoff_state

    return signoff_state(load_answers(answers)[0]).value
