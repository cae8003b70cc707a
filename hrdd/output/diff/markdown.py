"""`--format markdown`: the changes for a pull request or board minutes."""

from __future__ import annotations

from hrdd.output.diff.interface import (
    CHANGE_WORDS,
    PLAN_WORDS,
    SOURCE_WORDS,
    DiffRenderer,
    DiffRun,
)
from hrdd.output.diff.text import summary, when
from hrdd.report.markdown_escape import escape_inline
from hrdd.safe_text import printable
from hrdd.scoring.impacts.compare import AnswerChange, PlanChange, RatingMove


def _md(text: str) -> str:
    return escape_inline(printable(" ".join(str(text).split())))


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def _table(
    title: str, header: tuple[str, ...], rows: list[tuple[str, ...]], empty: str
) -> list[str]:
    """Return a section: its heading with the count, then the table, or ``empty`` for no rows."""
    out = [f"### {title} ({len(rows)})", ""]
    if not rows:
        return [*out, empty]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + " --- |" * len(header))
    return out + [_row(cells) for cells in rows]


def _move(run: DiffRun, m: RatingMove) -> tuple[str, ...]:
    return (
        run.move_title(m),
        m.measure,
        run.band_words(m.old),
        run.band_words(m.new),
        m.direction,
        SOURCE_WORDS[m.source],
    )


def _answer(run: DiffRun, a: AnswerChange) -> tuple[str, ...]:
    return (
        run.question_title(a.question),
        CHANGE_WORDS[a.change] + (f" ({a.between} other values in between)" if a.between else ""),
        run.value_words(a.question, a.old),
        run.value_words(a.question, a.new),
        a.by or "-",
        when(a.at) or "-",
    )


def _plan(run: DiffRun, p: PlanChange) -> tuple[str, ...]:
    status = p.new_status or "-"
    if p.old_status != p.new_status and p.change != "opened":
        status = f"{p.old_status or 'no status'} -> {p.new_status or '-'}"
    change = PLAN_WORDS[p.change]
    if p.source == "method":
        change += f" ({SOURCE_WORDS['method']})"
    return (run.item_title(p.item), change, status, p.due or "-", p.review or "-", p.by or "-")


class MarkdownRenderer(DiffRenderer):
    """Markdown: a heading, the notes, then one table each for ratings, answers and the plan."""

    def render(self, run: DiffRun) -> str:
        """Return the Markdown text; every value from a file is escaped."""
        c = run.comparison
        q = run.questionnaire
        out = [f"## Changes in the assessment of {_md(run.new.answers.organisation)}", ""]
        out += [f"- {_md(run.old.line('OLD'))}", f"- {_md(run.new.line('NEW'))}"]
        out.append(
            f"- Both rated with {_md(q.id)} {_md(q.version)} and method {run.method}, "
            f"as of {c.day}."
        )
        out += [f"- Note: {_md(n)}" for n in run.notes]
        out += ["", f"**Summary:** {_md(summary(run))}.", ""]
        out += _table(
            "Ratings moved",
            ("Impact or scenario", "Rating", "Old", "New", "Move", "Source"),
            [_move(run, m) for m in c.moves],
            "None.",
        )
        out += [""] + _table(
            "Answers changed",
            ("Question", "Change", "Old", "New", "By", "When"),
            [_answer(run, a) for a in c.answers],
            "None.",
        )
        out += [""] + _table(
            "Plan",
            ("Item", "Change", "Status", "Due", "Review", "By"),
            [_plan(run, p) for p in c.plan],
            "No change.",
        )
        return "\n".join(out) + "\n"
