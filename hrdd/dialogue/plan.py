"""The plan screens: pick an item, then set its owner, due date or status, decline it, or note.

The same widgets and keys as the questions (arrow keys and Enter; Ctrl-C and Ctrl-D save and
quit). Each change goes to ``save`` before anything else is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass
from datetime import date

from hrdd.answers.model import Answers, MitigationStatus
from hrdd.dialogue import prompts
from hrdd.dialogue.prompts import Nav
from hrdd.safe_text import clip
from hrdd.scoring.plan_items import PlanRow, decline_item, set_item

WIDTH = 78
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

STATUS_CHOICES = [
    ("Planned", MitigationStatus.PLANNED.value),
    ("In progress", MitigationStatus.IN_PROGRESS.value),
    ("Done", MitigationStatus.DONE.value),
]


def _short(text: str, width: int) -> str:
    text = " ".join(_CONTROL.sub("?", text).split())
    return clip(text, width)


class Quit(Exception):  # noqa: N818 - a signal, not an error
    """Ctrl-D: leave the plan (every change is saved already)."""


@dataclass(eq=False)
class PlanDialogue:
    """Runs the plan screens over one answers file until the user is done."""

    answers: Answers
    rows: Callable[[Answers], list[PlanRow]]
    """Lists the plan items of some answers."""
    save: Callable[[Answers], None]
    _: KW_ONLY
    who: str
    clock: Callable[[], str]

    def run(self) -> None:
        """Show the plan until the user picks Done; raise KeyboardInterrupt on Ctrl-C."""
        try:
            self._run()
        except Quit:
            return

    def _run(self) -> None:
        while True:
            rows = self.rows(self.answers)
            prompts.say("")
            prompts.say(f"Plan: {len(rows)} item(s). Changes are saved at once.", "section")
            choices = [
                (_short(f"{r.rank or '-'}. {r.title} [{r.summary()}]", WIDTH - 4), r.id)
                for r in rows
            ]
            choices.append(("Done: leave the plan", "=done"))
            picked = prompts.select("Which item?", choices, nav=False, footer=prompts.LIST_FOOTER)
            if isinstance(picked, Nav) or picked == "=done":
                return  # Ctrl-D or Done: every change is saved already
            row = next(r for r in rows if r.id == picked)
            self.item(row)

    def item(self, row: PlanRow) -> None:
        """Show one item's actions until the user goes back."""
        while True:
            current = self.answers.mitigations.get(row.id)
            shown = PlanRow(row.id, row.rank, row.title, row.horizon, current)
            prompts.say("")
            prompts.say(_short(row.title, WIDTH), "section")
            prompts.say(shown.summary(), "muted")
            action = prompts.select(
                "Change what?",
                [
                    ("Owner", "owner"),
                    ("Due date", "due"),
                    ("Status", "status"),
                    ("Decline it (reason, approver, review date)", "decline"),
                    ("Note", "note"),
                    ("<- Back to the plan", "back"),
                ],
                nav=False,
                footer=prompts.LIST_FOOTER,
            )
            if isinstance(action, Nav):
                raise Quit
            if action == "back":
                return
            now = self.clock()
            changed: Answers | None = None
            if action == "owner":
                owner = self.ask("Owner (who is responsible)", current.owner if current else "")
                if owner is not None:
                    changed = set_item(self.answers, row.id, by=self.who, now=now, owner=owner)
            elif action == "due":
                due = self.ask_date("Due date (YYYY-MM-DD)", current.due if current else "")
                if due is not None:
                    changed = set_item(self.answers, row.id, by=self.who, now=now, due=due)
            elif action == "status":
                status = prompts.select(
                    "Status", STATUS_CHOICES, nav=False, footer=prompts.LIST_FOOTER
                )
                if isinstance(status, Nav):
                    raise Quit
                else:
                    changed = set_item(
                        self.answers,
                        row.id,
                        by=self.who,
                        now=now,
                        status=MitigationStatus(status),
                    )
            elif action == "decline":
                changed = self.decline(row.id, now, decline_item)
            else:
                note = self.ask("Note", current.note if current and current.note else "")
                if note is not None:
                    changed = set_item(self.answers, row.id, by=self.who, now=now, note=note)
            if changed is not None:
                self.answers = changed
                self.save(changed)
                prompts.say(f"Saved ({self.who}, {now}).", "notice")

    def decline(self, item: str, now: str, decline_item: Callable[..., Answers]) -> Answers | None:
        """Ask the three answers a decline needs; None when cancelled."""
        prompts.say(
            "Declining is not accepting harm to people: the risk stays in the ratings and "
            "the report says so. All three answers are required.",
            "notice",
        )
        reason = self.ask("Why is it declined?", "")
        if reason is None:
            return None
        approver = self.ask("Who approved declining it?", "")
        if approver is None:
            return None
        review = self.ask_date("Review the decision by (YYYY-MM-DD)", "")
        if review is None:
            return None
        return decline_item(
            self.answers,
            item,
            reason=reason,
            approver=approver,
            review=review,
            by=self.who,
            now=now,
        )

    def ask(self, message: str, default: str | None) -> str | None:
        """Ask one line of text; Esc or an empty answer cancels (None)."""

        def check(typed: str) -> str | None:
            if _CONTROL.search(typed):
                return "control characters are not allowed"
            if len(typed.strip()) > 500:
                return "at most 500 characters"
            return None

        typed = _typed(f"{message} (empty or Esc cancels)", default, check, allow_empty=True)
        if typed is None:
            return None
        return typed.strip() or None

    def ask_date(self, message: str, default: str | None) -> str | None:
        """Ask a date as YYYY-MM-DD, checked as typed; None when cancelled."""

        def check(typed: str) -> str | None:
            try:
                date.fromisoformat(typed.strip())
            except ValueError:
                return "a date as YYYY-MM-DD, e.g. 2025-06-30"
            return None

        typed = _typed(f"{message} (Esc cancels)", default, check, allow_empty=False)
        if typed is None:
            return None
        return date.fromisoformat(typed.strip()).isoformat()


def _typed(
    message: str, default: str | None, check: Callable[[str], str | None], *, allow_empty: bool
) -> str | None:
    """Ask one line checked as typed; None when Esc cancels, Quit on Ctrl-C."""
    typed = prompts.text(
        message,
        default=default or "",
        validate=check,
        nav=False,
        allow_empty=allow_empty,
        footer="Enter save  Esc cancel  ^C quit",
        escape_cancels=True,
    )
    if isinstance(typed, Nav):
        if typed.key is prompts.Key.CANCEL:
            return None
        raise Quit
    return typed
