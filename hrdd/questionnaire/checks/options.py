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


def check_options(ctx: Context) -> None:
    """Report misused options, caps and bounds of every question."""
    for question, asked in ctx.all_questions():
        options_of(ctx, question, asked.path)


def options_of(ctx: Context, question: Question, path: Path) -> None:
    """Report options that are missing, wrong for the question type, or out of place."""
    kind = question.type
    options = (*path, "options")
    values = [o.value for o in question.options]
    for i, value in enumerate(values):
        if value == DONT_KNOW:
            ctx.report(
                (*options, i, "value"),
                "options-misused",
                "the option value `dont_know` is reserved for the don't-know answer",
                "remove this option and set `dont_know: true` on the question",
            )
        if value == PREFER_NOT_TO_SAY:
            ctx.report(
                (*options, i, "value"),
                "options-misused",
                "the option value `prefer_not_to_say` is reserved for sensitive questions",
                "remove this option and set `sensitive: true` on the question",
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
                "list both, or leave `options` out to offer yes and no without points",
            )
    if kind in (QuestionType.NUMBER, QuestionType.TEXT) and values:
        ctx.report(
            options,
            "options-misused",
            f"{KINDS[kind]} takes no options",
            "remove `options`, or make it a single- or multi-choice question",
        )
    if question.cap and kind is not QuestionType.MULTI:
        ctx.report(
            (*path, "cap"),
            "options-misused",
            f"`cap` limits the points of several selections; {KINDS[kind]} has one answer",
            "remove `cap`",
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
