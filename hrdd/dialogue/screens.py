"""The screens of the dialogue: a question, help, note, evidence, the go-to list, the review.

The loop asks through :mod:`hrdd.dialogue.prompts`, lets :class:`Session` decide, and hands
every changed answers file to ``save`` before anything else is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from hrdd.answers.model import Answers
from hrdd.dialogue import prompts
from hrdd.dialogue.prompts import Key, Nav
from hrdd.dialogue.session import (
    PREFER_NOT_TO_SAY_TITLE,
    Change,
    Session,
    parse_number,
)
from hrdd.questionnaire.model import (
    QuestionType,
)
from hrdd.safe_text import clip
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
    Value,
)

WIDTH = 78
"""Longest line the screens print: fits an 80-column terminal with a margin."""

DONT_KNOW_TITLE = "Don't know"


class Outcome(StrEnum):
    """How the dialogue ended."""

    FINISHED = "finished"
    QUIT = "quit"
    INTERRUPTED = "interrupted"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return clip(text, width)


def _ids(ids: list[str], most: int = 12) -> str:
    shown = ", ".join(ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


class Dialogue:
    """Runs the questions of one session until the respondent finishes or quits."""

    def __init__(
        self,
        session: Session,
        save: Callable[[Answers], None],
        on_respondent: Callable[[str], None] | None = None,
    ) -> None:
        """Prepare the dialogue; ``save`` writes the answers file (atomically).

        ``on_respondent`` is told the new respondent when it is switched on the review screen.
        """
        self.session = session
        self.save = save
        self.on_respondent = on_respondent
        self.shown_section: str | None = None
        self.show_help = False

    # -- the loop ----------------------------------------------------------------------------

    def run(self, start: str | None) -> Outcome:
        """Ask from ``start`` (None: the review screen); return how it ended."""
        current = start
        try:
            while True:
                if current is None:
                    chosen = self.review(final=True)
                    if isinstance(chosen, Outcome):
                        return chosen
                    current = chosen
                    continue
                step = self.ask(current)
                if isinstance(step, Outcome):
                    return step
                current = step
        except KeyboardInterrupt:
            return Outcome.INTERRUPTED

    def ask(self, qid: str) -> str | None | Outcome:
        """Ask one question; return the next question id, None for review, or an Outcome."""
        s = self.session
        reply = self.prompt(qid)
        if isinstance(reply, Nav):
            return self.navigate(qid, reply.key)
        hidden = s.would_hide(qid, reply)
        if hidden and not self.confirm_hiding(qid, hidden):
            return qid
        change = s.answer(qid, reply)
        self.save(s.answers)
        prompts.echo(s.text(s.questions[qid].text), s.display(qid))
        self.report(change)
        return s.next_after(qid)

    def confirm_hiding(self, qid: str, hidden: list[str]) -> bool:
        """Ask before an answer hides answered questions that depend on it; say which."""
        s = self.session
        prompts.say(
            f"This answer means {len(hidden)} answered question(s) no longer apply. Their "
            "answers stay in the file, marked inactive, and are not scored:",
            "notice",
        )
        for other in hidden[:12]:
            prompts.say(
                f"  - {s.title(other, WIDTH - 4)}: {_short(s.display(other), 30)}", "notice"
            )
        if len(hidden) > 12:
            prompts.say(f"  and {len(hidden) - 12} more", "notice")
        choice = prompts.select(
            "Change the answer?",
            [("No, keep the previous answer", "keep"), ("Yes, change it", "change")],
            nav=False,
            footer=prompts.LIST_FOOTER,
        )
        if isinstance(choice, Nav):
            raise KeyboardInterrupt
        return choice == "change"

    def navigate(self, qid: str, key: Key) -> str | None | Outcome:
        """Handle a navigation key pressed at question ``qid``."""
        s = self.session
        if key is Key.QUIT:
            return Outcome.QUIT
        if key is Key.HELP:
            self.show_help = True
            return qid
        if key is Key.BACK:
            previous = s.previous(qid)
            if previous is None:
                prompts.say("This is the first question.", "notice")
                return qid
            return previous
        if key is Key.NOTE:
            self.edit_note(qid)
            return qid
        if key is Key.EVIDENCE:
            self.add_evidence(qid)
            return qid
        if key is Key.JUMP:
            target = self.choose_question("Go to which section?", final=False)
            return qid if target is None else target
        chosen = self.review(final=False)
        if chosen is None:
            return qid
        return chosen

    # -- one question ------------------------------------------------------------------------

    def header(self, qid: str) -> None:
        """Print the section header (once per section) and the progress line."""
        s = self.session
        section = s.section_by_question[qid]
        s_no, s_count, q_no, q_count = s.position(qid)
        if section.id != self.shown_section:
            self.shown_section = section.id
            prompts.say("")
            prompts.say(
                _short(f"Section {s_no} of {s_count}: {s.text(section.title)}", WIDTH), "section"
            )
            purpose = s.text(section.description)
            if purpose:
                prompts.say(_short(purpose, WIDTH * 5))
        total = s.progress()
        here = s.progress(section.id)
        prompts.say(
            f"[{total.answered}/{total.applicable} answered | this section {here.answered}/"
            f"{here.applicable} | question {q_no} of {q_count}]",
            "progress",
        )

    def prompt(self, qid: str) -> Value | Nav:
        """Show one question and return the answer or the navigation key pressed."""
        s = self.session
        question = s.questions[qid]
        self.header(qid)
        answer = s.answers.answers.get(qid)
        if answer is not None and answer.review:
            prompts.say(
                "This question changed since it was answered: check the answer and choose again.",
                "notice",
            )
            prompts.say(_short(f"Previous answer: {s.display(qid)}", WIDTH), "notice")
        elif answer is not None:
            prompts.say(_short(f"Current answer: {s.display(qid)}", WIDTH), "muted")
        elif qid in s.answers.retired:
            # A question that an earlier version removed and this one brings back: the old
            # answer stays retired and is shown, not restored, since the question may differ.
            retired = s.answers.retired[qid]
            prompts.say(
                f"This question was dropped after version {retired.retired_from} and is "
                "back: answer it again.",
                "notice",
            )
            prompts.say(
                _short(f"Answer before: {s.display_value(qid, retired.value)}", WIDTH), "notice"
            )
        if self.show_help:
            self.show_help = False
            help_text = s.text(question.help) or "No help for this question."
            prompts.say(help_text, "help")
            for option in question.options:
                if option.help:
                    prompts.say(
                        f"  {s.text(option.label) or option.value}: {s.text(option.help)}", "help"
                    )
        note = s.note_of(qid)
        evidence = s.evidence_of(qid)
        if note or evidence:
            bits = ([f"note: {_short(note, 40)}"] if note else []) + (
                [f"evidence: {len(evidence)}"] if evidence else []
            )
            prompts.say("  (" + "; ".join(bits) + ")", "muted")
        message = s.text(question.text)
        unit = s.text(question.unit)
        current = answer.value if answer is not None else None
        # Answers that stand for no answer: don't know, and prefer not to say where sensitive.
        gaps = ([(DONT_KNOW_TITLE, DONT_KNOW)] if question.dont_know else []) + (
            [(PREFER_NOT_TO_SAY_TITLE, PREFER_NOT_TO_SAY)] if question.sensitive else []
        )
        if question.type in (QuestionType.YES_NO, QuestionType.SINGLE):
            choices = [(s.option_title(qid, v), v) for v in question.choices]
            default = current if isinstance(current, str) else None
            return prompts.select(message, [*choices, *gaps], default=default)
        if question.type is QuestionType.MULTI:
            choices = [(s.option_title(qid, v), v) for v in question.choices]
            checked = (
                frozenset(current)
                if isinstance(current, list)
                else frozenset([current])
                if isinstance(current, str)
                else frozenset()
            )
            alone = frozenset(value for _, value in gaps)
            picked = prompts.checkbox(message, [*choices, *gaps], checked=checked, alone=alone)
            if isinstance(picked, frozenset) and len(picked) == 1 and picked <= alone:
                return next(iter(picked))
            return picked
        if question.type is QuestionType.NUMBER:
            hints = (["type ? for don't know"] if question.dont_know else []) + (
                ["- for prefer not to say"] if question.sensitive else []
            )
            hint = ", ".join(hints)
            label = message + (f" ({unit})" if unit else "") + (f" [{hint}]" if hint else "")

            def check(typed: str) -> str | None:
                if question.dont_know and typed.strip() == "?":
                    return None
                if question.sensitive and typed.strip() == "-":
                    return None
                try:
                    parse_number(question, typed)
                except ValueError as exc:
                    return str(exc)
                return None

            shown = {DONT_KNOW: "?", PREFER_NOT_TO_SAY: "-"}
            default = "" if current is None else shown.get(str(current), str(current))
            typed = prompts.text(label, default=default, validate=check)
            if isinstance(typed, Nav):
                return typed
            if question.dont_know and typed.strip() == "?":
                return DONT_KNOW
            if question.sensitive and typed.strip() == "-":
                return PREFER_NOT_TO_SAY
            return parse_number(question, typed)
        gap_values = (DONT_KNOW, PREFER_NOT_TO_SAY)
        default = current if isinstance(current, str) and current not in gap_values else ""
        if question.sensitive:
            message += " [- for prefer not to say]"
        typed = prompts.text(message, default=default)
        if isinstance(typed, Nav):
            return typed
        if question.sensitive and typed.strip() == "-":
            return PREFER_NOT_TO_SAY
        return typed.strip()

    def report(self, change: Change) -> None:
        """Tell the respondent what an answer changed elsewhere."""
        s = self.session
        if change.hidden:
            prompts.say(
                f"{len(change.hidden)} answered question(s) no longer apply: "
                f"{self._titles(change.hidden)}. Their answers stay in the file, marked "
                "inactive, and are not scored.",
                "notice",
            )
        if change.restored:
            prompts.say(
                f"{len(change.restored)} question(s) apply again, with their earlier "
                f"answers: {self._titles(change.restored)}.",
                "notice",
            )
        if change.revealed and any(s.order[q] > s.order[change.question] for q in change.revealed):
            prompts.say(f"{len(change.revealed)} more question(s) now apply.", "notice")

    def _titles(self, ids: list[str]) -> str:
        return _ids([f'"{self.session.title(q, 50)}"' for q in ids], most=6)

    # -- note and evidence ---------------------------------------------------------------

    def edit_note(self, qid: str) -> None:
        """Ask for the note of a question; an empty note removes it."""
        s = self.session
        typed = self._cancellable(
            "Note for this question (Enter saves; empty removes)", s.note_of(qid) or ""
        )
        if typed is None:
            prompts.say("Note unchanged.", "notice")
            return
        note = typed.strip() or None
        answered = s.set_note(qid, note)
        self.save(s.answers)
        if answered:
            prompts.say("Note saved." if note else "Note removed.", "notice")
        else:
            prompts.say(
                "Note saved; it goes with the answer when you give it."
                if note
                else "Note removed.",
                "notice",
            )

    @staticmethod
    def _cancellable(message: str, default: str) -> str | None:
        """Ask a line of text that Esc or Ctrl-C cancels (None) instead of quitting."""
        try:
            typed = prompts.text(
                message,
                default=default,
                nav=False,
                allow_empty=True,
                footer="Enter save  Esc or ^C cancel",
                escape_cancels=True,
            )
        except KeyboardInterrupt:
            return None
        if isinstance(typed, Nav):
            return None
        return typed

    def add_evidence(self, qid: str) -> None:
        """Ask for a path or URL backing the answer of ``qid``; empty cancels."""
        from pathlib import Path

        s = self.session
        typed = self._cancellable(
            "Evidence for this answer: a file path or URL (empty cancels)", ""
        )
        item = (typed or "").strip()
        if not item:
            return
        if "://" not in item and not Path(item).expanduser().exists():
            prompts.say(f"Note: {item} does not exist here; recorded as typed.", "notice")
        answered = s.add_evidence(qid, item)
        self.save(s.answers)
        if answered:
            prompts.say("Evidence added.", "notice")
        else:
            prompts.say("Evidence saved; it goes with the answer when you give it.", "notice")

    def switch_respondent(self) -> None:
        """Ask who answers from now on; later answers record them."""
        from hrdd.dialogue.respondent import ask_respondent

        s = self.session
        ask_respondent(s)
        self.save(s.answers)
        prompts.say(f"Answers from now on are recorded as given by {s.respondent}.", "notice")
        if self.on_respondent is not None:
            self.on_respondent(s.respondent or "")

    # -- lists -------------------------------------------------------------------------------

    def _mark(self, qid: str) -> str:
        s = self.session
        answer = s.answers.answers.get(qid)
        if answer is None:
            return " "
        return "!" if answer.review else "*"

    def choose_question(self, title: str, *, final: bool) -> str | None:
        """Pick a section, then a question in it; None when the respondent goes back."""
        s = self.session
        while True:
            choices: list[tuple[str, str]] = []
            for section in s.sections():
                p = s.progress(section.id)
                choices.append(
                    (
                        _short(f"{s.text(section.title)} ({p.answered}/{p.applicable})", WIDTH - 4),
                        section.id,
                    )
                )
            choices.append(("<- Back", ""))
            picked = prompts.select(title, choices, nav=False, footer=prompts.LIST_FOOTER)
            if isinstance(picked, Nav):
                return None
            if not picked:
                return None
            question = self.choose_in_section(picked, final=final)
            if question is not None:
                return question

    def choose_in_section(self, section_id: str, *, final: bool) -> str | None:
        """Pick a question of one section, each shown with its answer."""
        s = self.session
        choices: list[tuple[str, str]] = []
        for qid in s.section_questions(section_id):
            text = s.text(s.questions[qid].text)
            shown = s.display(qid) or "not answered"
            line = f"{self._mark(qid)} {_short(text, 40)} = {shown}"
            choices.append((_short(line, WIDTH - 4), qid))
        choices.append(("<- Back to sections", ""))
        verb = "Change which answer?" if final else "Go to which question?"
        picked = prompts.select(verb, choices, nav=False, footer=prompts.LIST_FOOTER)
        if isinstance(picked, Nav) or not picked:
            return None
        return picked

    def review(self, *, final: bool) -> str | None | Outcome:
        """Show every answer by section; return a question to change, None, or an Outcome.

        ``final``: the questionnaire is done, so finishing is offered first.
        """
        s = self.session
        total = s.progress()
        pending = s.pending()
        prompts.say("")
        prompts.say(f"Review: {total.answered} of {total.applicable} answered.", "section")
        prompts.say("* answered   ! changed question, check it   (blank) not answered", "muted")
        choices: list[tuple[str, str]] = []
        if not pending:
            choices.append(("Finish and show the results", "=finish"))
        else:
            choices.append((f"Continue: {len(pending)} question(s) still to answer", "=next"))
        for section in s.sections():
            p = s.progress(section.id)
            label = f"Review {s.text(section.title)} ({p.answered}/{p.applicable})"
            choices.append((_short(label, WIDTH - 4), section.id))
        who = s.respondent or "not given"
        choices.append((_short(f"Switch respondent (now: {who})", WIDTH - 4), "=who"))
        choices.append(("Save and quit", "=quit"))
        while True:
            picked = prompts.select(
                "Review your answers", choices, nav=False, footer=prompts.LIST_FOOTER
            )
            if isinstance(picked, Nav) or picked == "=quit":
                return Outcome.QUIT
            if picked == "=who":
                self.switch_respondent()
                return pending[0] if pending else None
            if picked == "=finish":
                return Outcome.FINISHED
            if picked == "=next":
                return pending[0]
            question = self.choose_in_section(picked, final=final)
            if question is not None:
                return question
