"""`--format markdown`: the changes for a pull request or board minutes."""

from __future__ import annotations

from hrdd.output.diff.interface import (
    CHANGE_WORDS,
    PLAN_WORDS,
    SOURCE_WORDS,
    DiffRenderer,
    DiffRun,
    band_words,
    item_title,
    move_title,
    question_title,
    side_line,
    value_words,
    when,
)
from hrdd.output.diff.text import summary
from hrdd.report.markdown_escape import escape_inline
from hrdd.safe_text import printable


def _md(text: str) -> str:
    return escape_inline(printable(" ".join(str(text).split())))


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(_md(c) for c in cells) + " |"


class MarkdownRenderer(DiffRenderer):
    """Markdown: a heading, the notes, then one table each for ratings, answers and the plan."""

    def render(self, run: DiffRun) -> str:
        """Return the Markdown text; every value from a file is escaped."""
        c = run.comparison
        q = run.questionnaire
        out = [f"## Changes in the assessment of {_md(run.new.answers.organisation)}", ""]
        out += [f"- {_md(side_line('OLD', run.old))}", f"- {_md(side_line('NEW', run.new))}"]
        out.append(
            f"- Both rated with {_md(q.id)} {_md(q.version)} and method {run.method}, "
            f"as of {c.day}."
        )
        out += [f"- Note: {_md(n)}" for n in run.notes]
        out += ["", f"**Summary:** {_md(summary(run))}.", ""]
        out += [f"### Ratings moved ({len(c.moves)})", ""]
        if c.moves:
            out += ["| Impact or scenario | Rating | Old | New | Move | Source |"]
            out.append("| --- | --- | --- | --- | --- | --- |")
            for m in c.moves:
                cells = (
                    move_title(run, m),
                    m.measure,
                    band_words(run, m.old),
                    band_words(run, m.new),
                    m.direction,
                    SOURCE_WORDS[m.source],
                )
                out.append(_row(cells))
        else:
            out.append("None.")
        out += ["", f"### Answers changed ({len(c.answers)})", ""]
        if c.answers:
            out += ["| Question | Change | Old | New | By | When |"]
            out.append("| --- | --- | --- | --- | --- | --- |")
            for a in c.answers:
                cells = (
                    question_title(run, a.question),
                    CHANGE_WORDS[a.change]
                    + (f" ({a.between} other values in between)" if a.between else ""),
                    value_words(run, a.question, a.old),
                    value_words(run, a.question, a.new),
                    a.by or "-",
                    when(a.at) or "-",
                )
                out.append(_row(cells))
        else:
            out.append("None.")
        out += ["", f"### Plan ({len(c.plan)})", ""]
        if c.plan:
            out += ["| Item | Change | Status | Due | Review | By |"]
            out.append("| --- | --- | --- | --- | --- | --- |")
            for p in c.plan:
                status = p.new_status or "-"
                if p.old_status != p.new_status and p.change != "opened":
                    status = f"{p.old_status or 'no status'} -> {p.new_status or '-'}"
                change = PLAN_WORDS[p.change]
                if p.source == "method":
                    change += f" ({SOURCE_WORDS['method']})"
                cells = (
                    item_title(run, p.item),
                    change,
                    status,
                    p.due or "-",
                    p.review or "-",
                    p.by or "-",
                )
                out.append(_row(cells))
        else:
            out.append("No change.")
        return "\n".join(out) + "\n"
