"""Respondents in a real terminal: remembered on resume, switchable, never the system user."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.commands.test_assess_pty import (
    CTRL_C,
    CTRL_R,
    DOWN,
    ENTER,
    UP,
    Terminal,
    answers_file,
    start,
)
from tests.conftest import BRANCHING

pytestmark = pytest.mark.slow

SAMPLE = BRANCHING


def test_resume_offers_the_last_respondent_and_the_review_screen_switches_it(
    tmp_path: Path,
) -> None:
    term = start(tmp_path)
    term.question("Do you have a legal entity in Belarus?")
    term.send(DOWN + ENTER)  # No
    term.question("Which services do you offer in Belarus?")
    term.send(CTRL_C)
    assert term.finish() == 130

    again = Terminal(tmp_path, str(SAMPLE))  # no --respondent: asked, with Anna offered
    again.wait("Last respondent of this file: Anna")
    again.wait("Your name")
    again.wait("Anna")  # offered as the default
    again.wait("Enter confirm")
    again.send(ENTER)
    again.question("Which services do you offer in Belarus?")
    again.send(" " + ENTER)  # e-mail
    again.question("Anything else the assessors should know?")
    again.send(CTRL_R)
    again.wait("Switch respondent (now: Anna)")
    again.send(UP + UP + ENTER)  # wraps to the end: Switch respondent, then Save and quit
    again.wait("Your name")
    again.wait("Enter confirm")
    again.send("\x15" + ENTER)  # Ctrl-U clears the offered name: record a role only
    again.wait("Your role")
    again.send("Head of Legal" + ENTER)
    again.wait("recorded as given by Head of Legal")
    again.question("Anything else the assessors should know?")
    again.send("Nothing more." + ENTER)
    again.wait("Review your answers")
    again.send(ENTER)  # Finish
    again.wait("Results: Acme")
    assert again.finish() == 0

    saved = yaml.safe_load(answers_file(tmp_path).read_text(encoding="utf-8"))
    assert saved["respondents"] == [{"name": "Anna"}, {"role": "Head of Legal"}]
    items = saved["answers"]
    assert items["has_entity"]["answered_by"] == "Anna"
    assert items["services"]["answered_by"] == "Anna"
    assert items["comments"]["answered_by"] == "Head of Legal"
    assert "root" not in answers_file(tmp_path).read_text(encoding="utf-8")


def test_quitting_at_the_name_prompt_of_an_existing_file_changes_nothing(tmp_path: Path) -> None:
    term = start(tmp_path)
    term.question("Do you have a legal entity in Belarus?")
    term.send(DOWN + ENTER)
    term.question("Which services do you offer in Belarus?")
    term.send(CTRL_C)
    assert term.finish() == 130
    before = answers_file(tmp_path).read_bytes()
    again = Terminal(tmp_path, str(SAMPLE))
    again.wait("Your name")
    again.wait("Enter confirm")
    again.send(CTRL_C)
    again.wait("Nothing changed:")
    assert again.finish() == 130
    assert answers_file(tmp_path).read_bytes() == before
