"""Checks of options and of the keys that only some question types take."""

from __future__ import annotations

from hrdd.questionnaire.checks.context import KINDS, Context, Path
from hrdd.questionnaire.model import (
    Question,
    QuestionType,
)
from hrdd.suggest import did_you_mean_hint
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
    YES_NO_VALUES,
)

#: Option values the format keeps for its own answers: what each is for, and the question's key
#: that offers it.
_RESERVED = {
    DONT_KNOW: ("the don't-know answer", "dont_know"),
    PREFER_NOT_TO_SAY: ("sensitive questions", "sensitive"),
}


def check_options(ctx: Context) -> None:
    """Report misused options and bounds of every question."""
    for question, asked in ctx.all_questions():
        options_of(ctx, question, asked.path)


def options_of(ctx: Context, question: Question, path: Path) -> None:
    """Report options that are missing, wrong for the question type, or out of place."""
    kind = question.type
    options = (*path, "options")
    values = [o.value for o in question.options]
    for i, value in enumerate(values):
        if value in _RESERVED:
            reserved_for, key = _RESERVED[value]
            ctx.report(
                (*options, i, "value"),
                "options-misused",
                f"the option value `{value}` is reserved for {reserved_for}",
                f"remove this option and set `{key}: true` on the question",
            )
    if kind in (QuestionType.SINGLE, QuestionType.MULTI) and len(values) < 2:
        ctx.report(
            options if values else (*path, "type"),
            "options-misused",
            f"{KINDS[kind]} needs at least two options; it has {len(values)}",
            "add the options the respondent chooses from",
        )
    if kind is QuestionType.YES_NO and values:
        for i, value in enumerate(values):
            if value not in YES_NO_VALUES and value != DONT_KNOW:
                ctx.report(
                    (*options, i, "value"),
                    "options-misused",
                    f"a yes/no question's options are `yes` and `no`, not `{value}`",
                    did_you_mean_hint(value, YES_NO_VALUES)
                    or "use a single-choice question for more",
                )
        missing = [v for v in YES_NO_VALUES if v not in values]
        if missing:
            ctx.report(
                options,
                "options-misused",
                f"the options of a yes/no question must be `yes` and `no`; "
                f"`{'`, `'.join(missing)}` is missing",
                "list both, or leave `options` out to offer yes and no",
            )
    if kind in (QuestionType.NUMBER, QuestionType.TEXT) and values:
        ctx.report(
            options,
            "options-misused",
            f"{KINDS[kind]} takes no options",
            "remove `options`, or make it a single- or multi-choice question",
        )
    if kind is not QuestionType.NUMBER:
        for bound in ("minimum", "maximum"):
            if getattr(question, bound) is not None:
                ctx.report(
                    (*path, bound),
                    "options-misused",
                    f"`{bound}` applies only to number questions; this is {KINDS[kind]}",
                    f"remove `{bound}`",
                )
    low, high = question.minimum, question.maximum
    if low is not None and high is not None and low > high:
        ctx.report(
            (*path, "minimum"),
            "options-misused",
            f"the minimum {low:g} is greater than the maximum {high:g}",
            "swap them",
        )
