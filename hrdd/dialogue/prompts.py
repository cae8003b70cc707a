"""Terminal widgets of the dialogue: choice lists, check boxes and text fields with our keys.

Every widget returns either what was entered or a :class:`Nav` naming the key pressed.
Navigation keys are control keys and function keys only (plus ``?`` in lists), so typing an
answer never navigates by accident. prompt_toolkit and questionary are imported here, inside
the functions, so that other commands start without them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.styles import Style


class Key(StrEnum):
    """A navigation request made with a key instead of an answer."""

    BACK = "back"
    JUMP = "jump"
    NOTE = "note"
    EVIDENCE = "evidence"
    REVIEW = "review"
    HELP = "help"
    QUIT = "quit"
    CANCEL = "cancel"
    """Esc in a text prompt that can be cancelled: nothing typed there is kept."""


@dataclass(frozen=True)
class Nav:
    """The respondent pressed a navigation key."""

    key: Key


KEYS: list[tuple[str, str, Key]] = [
    ("c-b", "^B", Key.BACK),
    ("c-g", "^G", Key.JUMP),
    ("c-n", "^N", Key.NOTE),
    ("c-e", "^E", Key.EVIDENCE),
    ("c-r", "^R", Key.REVIEW),
    ("f1", "F1", Key.HELP),
    ("c-d", "^D", Key.QUIT),
]
"""prompt_toolkit key name, how it is shown, what it does."""

WRAP = 78
"""Longest line printed between prompts."""

FOOTER = "^B back  ^G go to  ^N note  ^E evidence  ^R review  F1/? help  ^C quit"
"""The key line shown under every question (fits 80 columns)."""

LIST_FOOTER = "Up/Down move  Enter choose  ^C quit"
"""The key line shown under lists that are not questions (jump, review)."""

STYLE_RULES: list[tuple[str, str]] = [
    ("qmark", "bold"),
    ("question", "bold"),
    ("answer", "fg:ansigreen bold"),
    ("pointer", "bold"),
    ("highlighted", "reverse"),
    ("selected", "bold"),
    ("instruction", ""),
    ("footer", "reverse"),
    ("section", "bold underline"),
    ("progress", "fg:ansicyan"),
    ("notice", "fg:ansiyellow bold"),
    ("help", "italic"),
    ("muted", "fg:ansibrightblack"),
    ("validation-toolbar", "bold"),
]


def prepare_terminal() -> None:
    """Set prompt_toolkit options that keep the dialogue working over slow links.

    Cursor-position requests are turned off unless the user chose otherwise: over SSH their
    late replies can land in the answer being typed, and pseudo-terminals (pexpect, some CI
    consoles) never reply.
    """
    os.environ.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")


def style() -> Style:
    """Return the dialogue's style; colours are dropped when NO_COLOR is set."""
    from prompt_toolkit.styles import Style

    return Style(STYLE_RULES)


def say(text: str, kind: str = "", *, wrap: bool = True) -> None:
    """Print text in one of the style classes (``section``, ``notice``...), wrapped at words.

    Lines are wrapped to fit an 80-column terminal, so that no word is cut at the edge;
    ``wrap=False`` keeps a command on one line, to be copied whole.
    """
    import textwrap

    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText

    from hrdd.safe_text import printable

    lines = printable(text, newlines=True).splitlines() or [""]
    wrapped = "\n".join(
        textwrap.fill(
            line,
            WRAP,
            subsequent_indent=" " * (len(line) - len(line.lstrip())),
            break_long_words=False,
            break_on_hyphens=False,
        )
        if wrap and len(line) > WRAP
        else line
        for line in lines
    )
    tokens = FormattedText([(f"class:{kind}" if kind else "", wrapped)])
    print_formatted_text(tokens, style=style())


def echo(question: str, answer: str) -> None:
    """Print a question and the answer given, both wrapped at words (never mid-word)."""
    import textwrap

    say(f"? {question}", "question")
    lines = answer.splitlines() or [""]
    wrapped = [
        textwrap.fill(
            line,
            WRAP,
            initial_indent="  > " if n == 0 else "    ",
            subsequent_indent="    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        for n, line in enumerate(lines)
    ]
    say("\n".join(wrapped), "answer", wrap=False)


def _wrap(message: str) -> str:
    """Wrap a question at words so that the terminal never cuts one at its edge."""
    import textwrap

    return textwrap.fill(message, WRAP - 2, break_long_words=False, break_on_hyphens=False)


def _bindings(*, text_mode: bool, nav: bool) -> KeyBindings:
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    def leave(key: Key) -> Callable[[Any], None]:
        def handler(event: Any) -> None:
            # Leave no half-asked question behind: the screen asks it again afterwards.
            event.app.erase_when_done = True
            event.app.exit(result=Nav(key))

        return handler

    for name, _shown, key in KEYS:
        if nav or key is Key.QUIT:
            bindings.add(name, eager=True)(leave(key))
    if nav and not text_mode:
        bindings.add("?", eager=True)(leave(Key.HELP))

    @bindings.add("c-c", eager=True)
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return bindings


def _add_footer(app: Any, footer: str, *, text_mode: bool, nav: bool) -> None:
    """Add our keys to a prompt_toolkit application, and a footer line under its layout.

    prompt_toolkit's own bottom toolbar is shown only once the terminal has reported its
    cursor position, which we do not ask for; this line is always shown.
    """
    from prompt_toolkit.filters import is_done
    from prompt_toolkit.key_binding import merge_key_bindings
    from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    bindings = [_bindings(text_mode=text_mode, nav=nav)]
    if app.key_bindings is not None:
        bindings.insert(0, app.key_bindings)
    app.key_bindings = merge_key_bindings(bindings)
    line = ConditionalContainer(
        Window(FormattedTextControl([("class:footer", footer)]), height=1),
        filter=~is_done,
    )
    old = app.layout
    app.layout = Layout(HSplit([old.container, line]), focused_element=old.current_window)


def _with_footer(question: Any, footer: str, *, text_mode: bool, nav: bool) -> Any:
    """Add our keys and footer to a questionary question."""
    _add_footer(question.application, footer, text_mode=text_mode, nav=nav)
    return question


def select(
    message: str,
    choices: Sequence[tuple[str, str]],
    *,
    default: str | None = None,
    nav: bool = True,
    footer: str = FOOTER,
) -> str | Nav:
    """Ask for one of ``choices`` (title, value) with the arrow keys."""
    import questionary

    items = [questionary.Choice(title=title, value=value) for title, value in choices]
    question = questionary.select(
        _wrap(message),
        choices=items,
        default=default if default in {v for _, v in choices} else None,
        qmark="?",
        instruction=" ",
        style=style(),
        use_shortcuts=False,
        use_jk_keys=False,
    )
    if nav:
        # A question: the screen echoes the answer itself, wrapped at words.
        question.application.erase_when_done = True
    result: str | Nav = _with_footer(question, footer, text_mode=False, nav=nav).unsafe_ask()
    return result


def checkbox(
    message: str,
    choices: Sequence[tuple[str, str]],
    *,
    checked: frozenset[str] = frozenset(),
    footer: str = FOOTER,
    alone: frozenset[str] = frozenset(),
) -> frozenset[str] | Nav:
    """Ask for any number of ``choices``: Space ticks, Enter confirms.

    ``alone`` holds the values of options that exclude the others (don't know, prefer not
    to say): ticking one of them alone returns ``frozenset({value})``.
    """
    import questionary

    items = [
        questionary.Choice(title=title, value=value, checked=value in checked)
        for title, value in choices
    ]

    def validate(selected: list[str]) -> bool | str:
        if not selected:
            return "tick at least one with Space, then press Enter"
        exclusive = [title for title, value in choices if value in alone and value in selected]
        if exclusive and len(selected) > 1:
            return f"{exclusive[0]} cannot be ticked with other options"
        return True

    question = questionary.checkbox(
        _wrap(f"{message} (Space ticks, Enter confirms)"),
        choices=items,
        qmark="?",
        instruction=" ",
        style=style(),
        validate=validate,
        use_jk_keys=False,
    )
    question.application.erase_when_done = True  # the screen echoes the choices once
    result = _with_footer(question, footer, text_mode=False, nav=True).unsafe_ask()
    if isinstance(result, Nav):
        return result
    return frozenset(result)


def text(
    message: str,
    *,
    default: str = "",
    validate: Callable[[str], str | None] | None = None,
    nav: bool = True,
    footer: str = FOOTER,
    allow_empty: bool = False,
    escape_cancels: bool = False,
) -> str | Nav:
    """Ask for a line of text; ``validate`` returns an error to show while typing, or None.

    With ``escape_cancels``, Esc returns ``Nav(Key.CANCEL)``.
    """
    from prompt_toolkit import PromptSession
    from prompt_toolkit.validation import ValidationError, Validator

    class _Check(Validator):
        def validate(self, document: Any) -> None:
            typed = document.text
            if not typed.strip() and not allow_empty:
                raise ValidationError(message="type an answer, then press Enter")
            problem = validate(typed) if validate is not None and typed.strip() else None
            if problem:
                raise ValidationError(message=problem, cursor_position=len(typed))

    session: PromptSession[str | Nav] = PromptSession(
        erase_when_done=nav,  # a question: the screen echoes the answer itself
        style=style(),
        validator=_Check(),
        validate_while_typing=True,
        enable_history_search=False,
        complete_while_typing=False,
    )
    _add_footer(session.app, footer, text_mode=True, nav=nav)
    if escape_cancels:
        from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

        cancel = KeyBindings()

        @cancel.add("escape", eager=True)
        def _cancel(event: Any) -> None:
            event.app.erase_when_done = True
            event.app.exit(result=Nav(Key.CANCEL))

        app = session.app
        app.key_bindings = merge_key_bindings(
            [b for b in (app.key_bindings, cancel) if b is not None]
        )
    result = session.prompt([("class:question", f"? {_wrap(message)}\n> ")], default=default)
    return result
