"""`--format text`: the changes for the terminal, titles not ids, no line over 80 columns."""

from __future__ import annotations

import textwrap

from hrdd.output.diff.interface import (
    CHANGE_WORDS,
    PLAN_WORDS,
    SOURCE_WORDS,
    DiffRenderer,
    DiffRun,
)
from hrdd.safe_text import printable

WIDTH = 80


def _wrap(text: str, indent: int = 0, hang: int = 2) -> list[str]:
    # Text from files is made inert first, so an escape is never split by the wrapping.
    return textwrap.wrap(
        printable(" ".join(text.split())),
        width=WIDTH,
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + hang),
        break_long_words=True,
        break_on_hyphens=False,
    ) or [""]


def when(at: str | None) -> str:
    """Return the day of a timestamp, or an empty string."""
    return at[:10] if at else ""


def summary(run: DiffRun) -> str:
    """Return the one-line count of what changed."""
    c = run.comparison
    company = [m for m in c.moves if m.source == "company"]
    worse = sum(1 for m in company if m.direction == "worse")
    method = sum(1 for m in c.moves if m.source == "method")
    parts = [f"{worse} ratings worse and {len(company) - worse} better from the answers"]
    if c.baseline == "snapshot":
        parts.append(f"{method} moved by the questionnaire or method")
    parts.append(f"{len(c.answers)} answers changed")
    parts.append(f"{len(c.plan)} plan changes")
    return "; ".join(parts)


def lines(run: DiffRun) -> list[str]:
    """Return every line of the text output."""
    c = run.comparison
    q = run.questionnaire
    out = _wrap(f"Changes in the assessment of {run.new.answers.organisation}", hang=2)
    out += _wrap(run.old.line("OLD"), hang=5)
    out += _wrap(run.new.line("NEW"), hang=5)
    out += _wrap(
        f"Both rated with {q.id} {q.version} and method {run.method}, as of {c.day}.", hang=2
    )
    for note in run.notes:
        out += _wrap("Note: " + note, hang=6)
    out += _wrap(summary(run) + ".")
    moves = c.moves
    out += ["", f"Ratings moved ({len(moves)})"]
    if not moves:
        out.append("  none")
    last = None
    for m in moves:
        title = run.move_title(m)
        if title != last:
            out += _wrap(title, indent=2, hang=2)
            last = title
        out += _wrap(
            f"{m.measure}: {run.band_words(m.old)} -> {run.band_words(m.new)} "
            f"({m.direction}, {SOURCE_WORDS[m.source]})",
            indent=4,
        )
    out += ["", f"Answers changed ({len(c.answers)})"]
    if not c.answers:
        out.append("  none")
    for a in c.answers:
        out += _wrap(run.question_title(a.question), indent=2)
        if a.change in ("retired", "unanswered"):
            detail = f"{CHANGE_WORDS[a.change]} (OLD: {run.value_words(a.question, a.old)})"
        else:
            detail = f"{CHANGE_WORDS[a.change]}: {run.value_words(a.question, a.old)} -> "
            detail += run.value_words(a.question, a.new)
        if a.by or a.at:
            detail += f"; by {a.by or 'someone not recorded'}"
            detail += f" on {when(a.at)}" if a.at else ""
        if a.between:
            detail += f"; {a.between} other value(s) in between"
        out += _wrap(detail, indent=4)
    out += ["", f"Plan ({len(c.plan)})"]
    if not c.plan:
        out.append("  no change")
    for p in c.plan:
        out += _wrap(run.item_title(p.item), indent=2)
        detail = PLAN_WORDS[p.change]
        if p.change in ("status", "closed", "declined") and p.old_status != p.new_status:
            detail += f" ({p.old_status or 'no status'} -> {p.new_status})"
        if p.due and p.change in ("opened", "overdue", "status"):
            detail += f"; due {p.due}"
        if p.review and p.change in ("declined", "review_due"):
            detail += f"; review {p.review}"
        if p.by:
            detail += f"; by {p.by}" + (f" on {when(p.at)}" if p.at else "")
        if p.source == "method":
            detail += f"; {SOURCE_WORDS['method']}"
        out += _wrap(detail, indent=4)
    return out


class TextRenderer(DiffRenderer):
    """Plain text for a terminal: sections of titles, each change indented below its title."""

    def render(self, run: DiffRun) -> str:
        """Return the text, every line at most 80 columns."""
        return "\n".join(line.rstrip() for line in lines(run)) + "\n"
