"""`hrdd plan`: owners, due dates, status and declines of plan items, saved as they are given.

Every change is written at once (atomically, mode 0600) with who made it and when, under the
same one-sitting lock as `hrdd assess`, so two people can never overwrite each other's work.
The same changes are available without a terminal (`hrdd plan set`, `hrdd plan decline`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from hrdd.answers.model import Answers, MitigationStatus, load_answers, save_answers
from hrdd.errors import UsageError
from hrdd.scoring.impacts.load import RiskModel
from hrdd.scoring.plan_items import PlanRow, decline_item, plan_rows, set_item
from hrdd.suggest import did_you_mean_hint

MAX_TEXT = 500
"""Longest owner, reason, approver or note accepted, in characters."""

SETTABLE = (MitigationStatus.PLANNED, MitigationStatus.IN_PROGRESS, MitigationStatus.DONE)
"""Statuses `plan set` takes; declining needs `plan decline` and its three answers."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(option: str, value: str) -> str:
    """Return a one-line text option stripped; refuse empty, control characters, huge values."""
    text = value.strip()
    if not text:
        raise UsageError(f"{option}: give a value (it cannot be empty)")
    if _CONTROL.search(text):
        raise UsageError(f"{option}: control characters are not allowed; type plain text")
    if len(text) > MAX_TEXT:
        raise UsageError(f"{option}: at most {MAX_TEXT} characters, got {len(text)}")
    return text


def parse_day(option: str, value: str) -> str:
    """Return a date option as ``YYYY-MM-DD``; refuse anything else with a clear message."""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"{option} {value}: not a date; give it as YYYY-MM-DD") from None


def parse_status(value: str) -> MitigationStatus:
    """Return a status `plan set` accepts."""
    for status in SETTABLE:
        if value.strip() == status.value:
            return status
    if value.strip() in ("declined", "accepted"):
        raise UsageError(
            "--status declined: declining needs a reason, an approver and a review date; "
            "use `plan decline FILE ITEM --reason ... --approver ... --review YYYY-MM-DD`"
        )
    raise UsageError(f"--status {value}: choose one of {', '.join(s.value for s in SETTABLE)}")


def _check_item(rows: list[PlanRow], item: str) -> None:
    ids = [r.id for r in rows]
    if item in ids:
        return
    suggestion = did_you_mean_hint(item, ids)
    hint = f"; {suggestion}" if suggestion else ""
    raise UsageError(
        f"`{item}` is not an item of this assessment's plan{hint} "
        f"(the plan's items: {', '.join(ids[:12])}{'...' if len(ids) > 12 else ''})"
    )


@contextmanager
def open_for_change(
    path: Path, questionnaire_path: Path | None, who: str | None, command: str = "plan"
) -> Iterator[tuple[Answers, RiskModel, Callable[[Answers], None]]]:
    """Lock an answers file for one sitting, check it as `hrdd score` does, and load it.

    Yields the answers, their questionnaire's model (built once: the plan dialogue scores
    after every change) and a ``save`` function; the lock is held until the block ends.
    An answers file with errors is refused (exit 2) before anything changes.
    """
    from hrdd.commands.score import Library, check_files
    from hrdd.dialogue.session import utc_now
    from hrdd.sitting_lock import acquire

    if not path.is_file():
        raise UsageError(f"{path}: no such answers file; start one with `assess` or `answers new`")
    lock = acquire(
        path,
        respondent=who,
        started=utc_now(),
        questionnaire=questionnaire_path,
        command=command,
    )
    try:
        check_files([path], questionnaire_path)
        answers, doc = load_answers(path)
        scorer = Library(explicit=questionnaire_path).for_answers(answers, doc.path)
        q = scorer.questionnaire

        def save(changed: Answers) -> None:
            save_answers(path, changed, q)

        yield answers, scorer, save
    finally:
        lock.release()


def run_set(
    path: Path,
    item: str,
    questionnaire_path: Path | None,
    *,
    by: str,
    owner: str | None,
    due: str | None,
    status: str | None,
    note: str | None,
) -> str:
    """Change one plan item without a terminal; return what was done, for stdout."""
    from hrdd.dialogue.session import utc_now

    who = clean("--by", by)
    values = {
        "owner": clean("--owner", owner) if owner is not None else None,
        "due": parse_day("--due", due) if due is not None else None,
        "status": parse_status(status) if status is not None else None,
        "note": clean("--note", note) if note is not None else None,
    }
    if all(v is None for v in values.values()):
        raise UsageError("nothing to set: give --owner, --due, --status or --note")
    with open_for_change(path, questionnaire_path, who) as (answers, model, save):
        _check_item(plan_rows(model, answers), item)
        changed = set_item(answers, item, by=who, now=utc_now(), **values)  # type: ignore[arg-type]
        save(changed)
    record = changed.mitigations[item]
    return f"{item}: {PlanRow(item, 0, item, '', record).summary()} (saved in {path})\n"


def run_decline(
    path: Path,
    item: str,
    questionnaire_path: Path | None,
    *,
    by: str,
    reason: str,
    approver: str,
    review: str,
) -> str:
    """Decline one plan item without a terminal; return what was done, for stdout."""
    from hrdd.dialogue.session import utc_now

    who = clean("--by", by)
    decision = {
        "reason": clean("--reason", reason),
        "approver": clean("--approver", approver),
        "review": parse_day("--review", review),
    }
    with open_for_change(path, questionnaire_path, who) as (answers, model, save):
        _check_item(plan_rows(model, answers), item)
        save(decline_item(answers, item, by=who, now=utc_now(), **decision))
    return (
        f"{item}: declined until {decision['review']} (saved in {path}). The risk remains: "
        "declining never lowers a rating, and the report says so.\n"
    )


def run_plan(path: Path, questionnaire_path: Path | None, respondent: str | None) -> int:
    """Open the plan in the terminal; return the exit code (130 on Ctrl-C, all saved)."""
    from hrdd.answers.model import Respondent, last_respondent
    from hrdd.dialogue import prompts
    from hrdd.dialogue.plan import PlanDialogue
    from hrdd.dialogue.respondent import ask_line
    from hrdd.dialogue.session import utc_now

    prompts.prepare_terminal()
    who = clean("--respondent", respondent) if respondent is not None else None
    with open_for_change(path, questionnaire_path, who) as (answers, model, save):
        prompts.say(f"Plan of {answers.organisation}: {path.resolve()}", "section")
        try:
            if who is None:
                last = last_respondent(answers)
                if last is not None:
                    prompts.say(f"Last respondent of this file: {last.label}", "muted")
                who = ask_line("Your name, recorded with each change", last.label if last else "")
                if not who:
                    raise UsageError("a name is needed: every change records who made it")
            if all(r.label != who for r in answers.respondents):
                people = [*answers.respondents, Respondent(name=who)]
                answers = answers.model_copy(update={"respondents": people})
            dialogue = PlanDialogue(
                answers, lambda a: plan_rows(model, a), save, who=who, clock=utc_now
            )
            dialogue.run()
        except KeyboardInterrupt:
            prompts.say(f"Every change so far is saved in {path}.", "notice")
            return 130
    prompts.say(f"Every change is saved in {path}.", "notice")
    return 0
