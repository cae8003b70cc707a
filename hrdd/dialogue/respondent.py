"""Who is answering: asked at the start of a sitting, and switchable from the review screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrdd.dialogue.session import Session


def ask_line(message: str, default: str = "", *, allow_empty: bool = False) -> str:
    """Ask for one line of text; Ctrl-C (or Ctrl-D) raises KeyboardInterrupt."""
    from hrdd.dialogue import prompts

    typed = prompts.text(
        message,
        default=default,
        nav=False,
        footer="Enter confirm  ^C quit",
        allow_empty=allow_empty,
    )
    if isinstance(typed, prompts.Nav):
        raise KeyboardInterrupt
    return typed.strip()


def ask_respondent(session: Session) -> None:
    """Ask who is answering; offer the file's last respondent, never the system user.

    An empty name records the respondent by role only: the file then holds no name.
    """
    from hrdd.answers.model import last_respondent

    last = last_respondent(session.answers)
    offered = (last.name or "") if last is not None else ""
    if last is not None:
        from hrdd.dialogue import prompts

        prompts.say(f"Last respondent of this file: {last.label}", "muted")
    name = ask_line(
        "Your name, recorded with each answer you give (leave empty to record your role only)",
        offered,
        allow_empty=True,
    )
    role = ""
    if not name:
        guess = (last.role or "") if last is not None and last.name is None else ""
        role = ask_line("Your role, recorded instead of a name (e.g. Head of Legal)", guess)
    session.switch_respondent(name or None, role or None)
