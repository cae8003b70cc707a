"""The dialogue's rough edges, each driven in a real terminal: what a respondent sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.commands.test_assess_pty import CTRL_C, CTRL_N, DOWN, ENTER, answers_file, start

pytestmark = pytest.mark.slow

ESC = "\x1b"


def plain(log: str) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", log).replace("\r", "")
    return text.split("\n")


def test_titles_counts_estimate_numbers_echo_and_a_kept_answer(tmp_path: Path) -> None:
    term = start(tmp_path)
    # Up front: how many questions apply, how many more may, and the time.
    term.wait("3 questions apply so far (your answers may open up to 3 more), in 3 sections:")
    term.wait("about 2 minutes")
    term.wait("Section 1 of 3: Company presence")
    term.question("Do you have a legal entity in Belarus?")
    term.send(ENTER)  # yes: opens a question and a whole section
    term.question("What kind of entity is it?")
    term.send(DOWN + ENTER)
    term.question("How many staff work for it in Belarus?")
    term.send("7,500" + ENTER)  # thousands with a comma: a whole number
    term.wait("Section 2 of 3: Services")  # the same count of sections as before
    term.question("Which services do you offer in Belarus?")
    term.send(" " + DOWN + " " + ENTER)
    term.question("Anything else the assessors should know?")
    long = (
        "Trip histories are kept for five years on servers in Minsk and the local team can "
        "read them without approval from headquarters"
    )
    term.send(long + ENTER)
    term.wait("Section 3 of 3: Data kept in Belarus")
    term.question("Where is user data stored?")
    term.send(CTRL_C)
    assert term.finish() == 130

    lines = plain(term.log.getvalue())
    progress = [line for line in lines if line.startswith("[") and "answered" in line]
    assert progress and all(not re.search(r": [a-z_]+\]$", line) for line in progress)
    assert all("has_entity" not in line for line in lines)
    # Each answer echoed once, by its labels, wrapped at words.
    assert sum("> E-mail, Messenger" in line for line in lines) == 1
    # (The list's own "done (2 selections)" is erased as the prompt closes: only ours stays.)
    echoed = []
    for n, line in enumerate(lines):
        if line.startswith("  > Trip histories"):
            echoed = [line]
            echoed += [more for more in lines[n + 1 : n + 4] if more.startswith("    ")]
    assert echoed and all(len(line) <= 78 for line in echoed)
    assert " ".join(" ".join(line.split()) for line in echoed) == f"> {long}"
    saved = yaml.safe_load(answers_file(tmp_path).read_text(encoding="utf-8"))
    assert saved["answers"]["staff"]["value"] == 7500


def test_notes_survive_a_quit_and_esc_or_ctrl_c_cancel_a_note(tmp_path: Path) -> None:
    term = start(tmp_path)
    term.question("Do you have a legal entity in Belarus?")
    term.send(CTRL_N)
    term.wait("Note for this question")
    term.wait("Esc or ^C cancel")
    term.send("Typed, then cancelled" + ESC)
    term.wait("Note unchanged.")
    term.question("Do you have a legal entity in Belarus?")
    term.send(CTRL_N)
    term.wait("Esc or ^C cancel")
    term.send("Also cancelled" + CTRL_C)  # cancels the note, not the sitting
    term.wait("Note unchanged.")
    term.question("Do you have a legal entity in Belarus?")
    term.send(CTRL_N)
    term.wait("Esc or ^C cancel")
    term.send("Registered in 2019" + ENTER)
    term.wait("Note saved; it goes with the answer when you give it.")
    term.question("Do you have a legal entity in Belarus?")
    term.send(CTRL_C)  # quit before answering
    assert term.finish() == 130
    saved = yaml.safe_load(answers_file(tmp_path).read_text(encoding="utf-8"))
    assert saved["drafts"] == {"has_entity": {"note": "Registered in 2019"}}
    assert "cancelled" not in answers_file(tmp_path).read_text(encoding="utf-8")

    again = start(tmp_path)
    again.wait("(note: Registered in 2019)")
    again.question("Do you have a legal entity in Belarus?")
    again.send(DOWN + ENTER)  # no
    again.question("Which services do you offer in Belarus?")
    again.send(CTRL_C)
    assert again.finish() == 130
    saved = yaml.safe_load(answers_file(tmp_path).read_text(encoding="utf-8"))
    assert saved["answers"]["has_entity"]["note"] == "Registered in 2019"
    assert "drafts" not in saved


def test_a_change_that_would_hide_answers_can_be_declined(tmp_path: Path) -> None:
    term = start(tmp_path)
    term.question("Do you have a legal entity in Belarus?")
    term.send(ENTER)
    term.question("What kind of entity is it?")
    term.send(ENTER)
    term.question("How many staff work for it in Belarus?")
    term.send("3" + ENTER)
    term.question("Which services do you offer in Belarus?")
    term.send("\x02\x02\x02")  # Ctrl-B three times: back to the first question
    term.question("Do you have a legal entity in Belarus?")
    term.send(DOWN + ENTER)  # no
    term.wait("2 answered question(s) no longer apply")
    term.wait("Change the answer?")
    term.wait("^C quit")
    term.send(ENTER)  # No, keep the previous answer (the default)
    term.question("Do you have a legal entity in Belarus?")
    term.send(CTRL_C)
    assert term.finish() == 130
    saved = yaml.safe_load(answers_file(tmp_path).read_text(encoding="utf-8"))
    assert saved["answers"]["has_entity"]["value"] == "yes"
    assert "active" not in saved["answers"]["staff"]
