"""Checks of answers against their questionnaire: ids, types, options, ranges, staleness."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from hrdd.answers.model import is_dont_know
from hrdd.diagnostics import Diagnostic
from hrdd.questionnaire.model import (
    Question,
    QuestionType,
    shown_number,
)
from hrdd.safe_text import clip
from hrdd.suggest import did_you_mean_hint
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
)

if TYPE_CHECKING:
    from hrdd.questionnaire.loading import Document


def check_values(
    values: Mapping[str, object],
    doc: Document,
    known: Mapping[str, Question],
    questionnaire_id: str,
    prefix: tuple[str | int, ...],
    *,
    value_key: bool = True,
) -> list[Diagnostic]:
    """Check stored answer values by question id (in an answers file or a test case).

    ``known`` is the questionnaire's questions by id, from its index. ``prefix`` is the key
    path of the mapping; with ``value_key`` each entry holds its value under ``value``
    (answers files), otherwise the entry is the value (test cases).
    """
    found: list[Diagnostic] = []
    for qid, value in values.items():
        question = known.get(qid)
        if (
            question is not None
            and question.type in _ONE_CHOICE
            and isinstance(value, str)
            and value in question.choices
            and value != DONT_KNOW
        ):
            continue  # one of the options of a one-choice question: the common case
        if question is None:
            found.append(
                doc.finding(
                    (*prefix, qid),
                    "answer-unknown-question",
                    f"`{qid}` is not a question of `{questionnaire_id}`",
                    hint=did_you_mean_hint(qid, known),
                    at_key=True,
                )
            )
            continue
        at = (*prefix, qid, "value") if value_key else (*prefix, qid)
        for where, rule, message, hint in value_problems(question, value):
            found.append(doc.finding((*at, *where), rule, message, hint=hint))
    return found


_ONE_CHOICE = (QuestionType.YES_NO, QuestionType.SINGLE)


def value_problems(
    question: Question, value: object
) -> list[tuple[tuple[int, ...], str, str, str | None]]:
    """Return (sub-path, rule, message, hint) for each problem of one answer value."""
    qid, kind = question.id, question.type
    if value == PREFER_NOT_TO_SAY:
        if question.sensitive:
            return []
        return [
            (
                (),
                "answer-invalid-value",
                f"`{qid}` does not offer prefer not to say (it is not marked sensitive)",
                "choose one of its answers",
            )
        ]
    if is_dont_know(value):
        if question.dont_know:
            return []
        return [
            (
                (),
                "answer-invalid-value",
                f"`{qid}` does not offer don't know",
                "choose one of its answers",
            )
        ]
    if kind in (QuestionType.YES_NO, QuestionType.SINGLE, QuestionType.MULTI):
        allowed = question.choices
        if kind is QuestionType.MULTI:
            if not isinstance(value, list):
                return [
                    (
                        (),
                        "answer-wrong-type",
                        f"`{qid}` takes a list of choices, got {_kind(value)}",
                        f"write a list, e.g. [{allowed[0]}]" if allowed else "write a list",
                    )
                ]
            items: list[tuple[tuple[int, ...], object]] = [((i,), v) for i, v in enumerate(value)]
        else:
            if not isinstance(value, str):
                return [
                    (
                        (),
                        "answer-wrong-type",
                        f"`{qid}` takes one choice, got {_kind(value)}",
                        f"write one of: {', '.join(allowed)}",
                    )
                ]
            items = [((), value)]
        problems: list[tuple[tuple[int, ...], str, str, str | None]] = []
        seen: set[object] = set()
        for where, item in items:
            if item in seen:
                problems.append((where, "answer-invalid-value", f"`{item}` is chosen twice", None))
            seen.add(item)
            if item not in allowed:
                problems.append(
                    (
                        where,
                        "answer-invalid-value",
                        f"`{item}` is not an option of `{qid}` (options: {', '.join(allowed)})",
                        did_you_mean_hint(str(item), allowed),
                    )
                )
        return problems
    if kind is QuestionType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [((), "answer-wrong-type", f"`{qid}` takes a number, got {_kind(value)}", None)]
        # Whole numbers are ints; a float is whole only if it says so (never float(an int),
        # which overflows).
        if question.integer and isinstance(value, float) and not value.is_integer():
            return [
                ((), "answer-invalid-value", f"`{qid}` takes a whole number, got {value}", None)
            ]
        if question.minimum is not None and value < question.minimum:
            return [
                (
                    (),
                    "answer-invalid-value",
                    f"{value} is below the minimum {question.minimum:g}",
                    None,
                )
            ]
        if question.maximum is not None and value > question.maximum:
            return [
                (
                    (),
                    "answer-invalid-value",
                    f"{value} is above the maximum {question.maximum:g}",
                    None,
                )
            ]
        return []
    if not isinstance(value, str):
        return [((), "answer-wrong-type", f"`{qid}` takes text, got {_kind(value)}", "quote it")]
    return []


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text `{clip(value, 40)}`"
    if isinstance(value, int | float):
        return f"the number {shown_number(value)}"
    return f"the value {value}"
