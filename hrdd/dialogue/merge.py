"""The screens of `hrdd merge`: each disagreement side by side, resolved with a reason.

Disagreements that decide which other questions apply come first, each choice shown with what
it opens and closes. The merged file is handed to ``save`` before the first question and
after every decision, so Ctrl-C loses nothing that was decided.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY, dataclass
from pathlib import Path

from hrdd.answers.merge import Choice, Disagreement, Merger, reason_problem
from hrdd.answers.model import Answers
from hrdd.dialogue import prompts
from hrdd.dialogue.prompts import Key, Nav
from hrdd.dialogue.screens import WIDTH, Dialogue
from hrdd.dialogue.session import Session, to_stored
from hrdd.safe_text import clip
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.values import StoredValue

REASON_FOOTER = "Enter keep  Esc choose again  ^C quit"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return clip(text, width)


def _line(indent: str, *columns: str, width: int = WIDTH) -> str:
    """Return columns on one line (each on one line itself), cut to ``width`` at the end."""
    text = indent + "".join(columns)
    return clip(text, width)


@dataclass(eq=False)
class MergeScreens:
    """Resolves the open disagreements of a merge one by one, saving after each."""

    merger: Merger
    questionnaire: RiskQuestionnaire
    save: Callable[[Answers], None]
    """Writes the merged file (atomically)."""
    _: KW_ONLY
    by: str | None
    clock: Callable[[], str]

    def merged(self) -> Answers:
        """Return the merged file as it stands."""
        return self.merger.merged(now=self.clock(), by=self.by)

    def session(self) -> Session:
        """Return a dialogue session over the merged file, to show and ask questions."""
        return Session(
            self.questionnaire,
            self.merger.compiled,
            self.merged(),
            respondent=self.by,
        )

    def run(
        self,
        *,
        output: Path,
        reasked: Sequence[str],
        resume: str,
        on_by: Callable[[str], None],
    ) -> int:
        """Resolve every open disagreement; return the exit code (0, 1 some left open, 130)."""
        prompts.prepare_terminal()
        m = self.merger
        first = m.sources[0].answers
        prompts.say(f"Merging {len(m.sources)} answers files about {first.organisation}", "section")
        for source in m.sources:
            people = ", ".join(p.label for p in source.answers.respondents) or "no respondent named"
            prompts.say(_line("  ", _short(f"{source.label}: {people}", WIDTH - 2)), "muted")
        prompts.say(f"Merged file (saved after every decision): {output}")
        self.save(self.merged())
        open_now = m.open()
        gates = sum(1 for d in open_now if d.gates)
        prompts.say(f"Answered alike, taken as they are: {len(m.agreed())} question(s).")
        if m.decisions:
            prompts.say(f"Resolved in an earlier run: {len(m.decisions)} disagreement(s).")
        first_note = f", {gates} deciding which other questions apply (first)" if gates else ""
        prompts.say(f"To resolve: {len(open_now)} disagreement(s){first_note}.")
        if reasked:
            prompts.say(
                f"Answers changed since an earlier decision, so it is asked again: "
                f"{', '.join(reasked)}",
                "notice",
            )
        skipped: set[str] = set()
        done = 0
        try:
            if open_now and self.by is None:
                self.by = self.ask_by()
                on_by(self.by)
                self.save(self.merged())
            while True:
                pending = [d for d in m.open() if d.question not in skipped]
                if not pending:
                    break
                total = done + len(skipped) + len(pending)
                if self.resolve(pending[0], done + len(skipped) + 1, total):
                    done += 1
                    self.save(self.merged())
                else:
                    skipped.add(pending[0].question)
        except KeyboardInterrupt:
            prompts.say("")
            prompts.say(
                f"Saved: {len(m.decisions)} disagreement(s) resolved, {len(m.open())} open, "
                f"in {output}. Run the same command to resume:",
                "notice",
            )
            prompts.say(f"  {resume}", "notice", wrap=False)
            return 130
        left = m.open()
        prompts.say("")
        if left:
            prompts.say(
                f"{len(left)} disagreement(s) left open in {output}; their answers are kept "
                "in the file. Run the same command to resolve them:",
                "notice",
            )
            prompts.say(f"  {resume}", "notice", wrap=False)
            return 1
        prompts.say(f"Every disagreement is resolved. The merged file: {output}", "notice")
        return 0

    def ask_by(self) -> str:
        """Ask who decides; recorded with every decision."""
        from hrdd.dialogue.respondent import ask_line

        while True:
            name = ask_line("Your name, recorded with each decision you take")
            problem = _name_problem(name)
            if problem is None:
                return name
            prompts.say(problem, "notice")

    # -- one disagreement --------------------------------------------------------------------

    def show(self, session: Session, d: Disagreement, number: int, total: int) -> None:
        """Print a disagreement: the question, every answer side by side, each choice's effect."""
        qid = d.question
        section = session.section_by_question[qid]
        prompts.say("")
        gate = ": it decides which other questions apply" if d.gates else ""
        prompts.say(f"Disagreement {number} of {total}{gate}", "section")
        prompts.say(_short(f"Section: {session.text(section.title)}", WIDTH), "muted")
        prompts.say(f"? {session.text(session.questions[qid].text)}", "question")
        people = [_short(g.by, 24) for c in d.choices for g in c.given]
        width = max(len(who) for who in people)
        for choice in d.choices:
            shown = _short(session.display_value(qid, choice.value), 30)
            for g in choice.given:
                day = (g.answer.answered_at or "")[:10]
                when = f", {day}" if day else ""
                who = _short(g.by, 24).ljust(width + 2)
                source = _short(f"({g.source.label}{when})", 40)
                prompts.say(_line("  ", who, shown, "  ", source), "answer")
        for label in d.unanswered:
            prompts.say(_line("  ", _short(f"{label}: not answered", WIDTH - 2)), "muted")
        if d.gates:
            prompts.say("What each answer decides:", "notice")
            for choice, effect in zip(d.choices, d.effects, strict=True):
                parts = []
                if effect.opens:
                    parts.append(f"opens {self._titles(session, effect.opens)}")
                if effect.closes:
                    parts.append(f"closes {self._titles(session, effect.closes)}")
                what = "; ".join(parts) or "opens and closes nothing"
                label = session.display_value(qid, choice.value)
                prompts.say(f"  {label}: {what}", "notice")

    def _titles(self, session: Session, ids: Sequence[str]) -> str:
        answered = set(self.merger.given)
        shown = [
            f'"{session.title(q, 40)}"' + ("" if q in answered else " (unanswered)")
            for q in ids[:4]
        ]
        more = f" and {len(ids) - 4} more" if len(ids) > 4 else ""
        return ", ".join(shown) + more

    def resolve(self, d: Disagreement, number: int, total: int) -> bool:
        """Resolve one disagreement; False when it is left open for now."""
        session = self.session()
        qid = d.question
        while True:
            self.show(session, d, number, total)
            choices = [
                (self._choice_title(session, qid, c), str(n)) for n, c in enumerate(d.choices)
            ]
            choices += [("Another answer...", "=other"), ("Leave it open for now", "=skip")]
            picked = prompts.select(
                "Which answer goes into the merged file?",
                choices,
                nav=False,
                footer=prompts.LIST_FOOTER,
            )
            if isinstance(picked, Nav):
                raise KeyboardInterrupt
            if picked == "=skip":
                prompts.say("Left open: it stays listed in the merged file.", "notice")
                return False
            chosen: str | None
            if picked == "=other":
                value = self.ask_other(qid)
                if value is None:
                    continue
                chosen = None
            else:
                choice = d.choices[int(picked)]
                value = choice.value
                chosen = ", ".join(g.source.label for g in choice.given)
            reason = prompts.text(
                "Why this answer? (kept in the merged file with your name)",
                validate=reason_problem,
                nav=False,
                footer=REASON_FOOTER,
                escape_cancels=True,
            )
            if isinstance(reason, Nav):
                continue
            self.merger.decide(
                qid, value, chosen=chosen, reason=reason, by=self.by or "", at=self.clock()
            )
            prompts.echo(
                session.text(session.questions[qid].text), session.display_value(qid, value)
            )
            return True

    @staticmethod
    def _choice_title(session: Session, qid: str, choice: Choice) -> str:
        names = ", ".join(g.by for g in choice.given)
        return _short(f"{session.display_value(qid, choice.value)}  ({names})", WIDTH - 4)

    def ask_other(self, qid: str) -> StoredValue | None:
        """Ask the question itself, in the dialogue's look; None when the user goes back."""
        session = self.session()
        dialogue = Dialogue(session, lambda _answers: None)
        while True:
            reply = dialogue.prompt(qid)
            if isinstance(reply, Nav) and reply.key is Key.HELP:
                dialogue.show_help = True
                continue
            if isinstance(reply, Nav):
                if reply.key is Key.QUIT:
                    raise KeyboardInterrupt
                return None
            return to_stored(session.questions[qid], reply)


def _name_problem(name: str) -> str | None:
    from hrdd.safe_text import printable

    if not name.strip():
        return "a name is needed: every decision records who took it"
    if printable(name) != name:
        return "control characters are not allowed in a name; type plain text"
    if len(name) > 200:
        return "at most 200 characters"
    return None
