"""The never-true search: try every case the literals of conditions can tell apart."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

from hrdd.questionnaire.checks.context import CHOICE
from hrdd.questionnaire.conditions import Compiled
from hrdd.questionnaire.model import (
    Question,
    QuestionType,
)
from hrdd.values import (
    DONT_KNOW,
    Value,
)

MAX_COMBINATIONS = 4096
"""Most answer combinations tried when looking for a way to make a condition true."""


def satisfiable(conditions: Sequence[Compiled], questions: Mapping[str, Question]) -> bool | None:
    """Tell whether some answers make every one of ``conditions`` true at once.

    Named conditions are seen through: their questions and literals count as if their text
    were written in place. Return None when there are too many cases to try.
    """
    expanded = list({id(c): c for whole in conditions for c in (whole, *whole.inlined)}.values())
    names = sorted(set().union(*(c.names for c in conditions)))
    choices = [_candidates(questions[n], expanded) for n in names]
    if math.prod(len(c) for c in choices) > MAX_COMBINATIONS:
        return None
    for combination in itertools.product(*choices):
        values = {n: v for n, v in zip(names, combination, strict=True) if v is not None}
        if all(c(values) for c in conditions):
            return True
    return False


def _candidates(question: Question, conditions: list[Compiled]) -> list[Value | None]:
    """Answers to try for ``question``: every case the conditions can tell apart.

    None stands for a missing answer. The set covers every region the literals of the
    conditions cut the answer space into, so an empty result is a proof, not a guess.
    """
    found: list[Value | None] = [None]
    if question.dont_know or question.sensitive:  # prefer not to say scores as don't know
        found.append(DONT_KNOW)
    literals = [
        operand.value
        for compiled in conditions
        for comparison in compiled.comparisons
        for side in (comparison.left, comparison.right)
        for operand in (side, *side.items)
        if operand.kind == "literal"
    ]
    literals += [lit.value for c in conditions for f in c.functions for lit in f.literals]
    kind = question.type
    values = list(question.choices)
    if kind in CHOICE:
        return found + list(values)
    if kind is QuestionType.MULTI:
        return found + _selections(values, literals)
    if kind is QuestionType.NUMBER:
        return found + _numbers(question, [v for v in literals if not isinstance(v, str)])
    strings = list(dict.fromkeys(v for v in literals if isinstance(v, str)))
    return found + strings + ["\x00none of the literals"]


def _selections(values: list[str], literals: list[str | int | float]) -> list[Value | None]:
    """Return selections that differ in which named values they hold and in their size."""
    named = [v for v in values if v in literals]
    others = [v for v in values if v not in literals]
    result: list[Value | None] = []
    for size in range(len(named) + 1):
        for chosen in itertools.combinations(named, size):
            result.extend(frozenset(chosen + tuple(others[:k])) for k in range(len(others) + 1))
            if len(result) > MAX_COMBINATIONS:
                return result
    return result


def _numbers(question: Question, literals: list[str | int | float]) -> list[Value | None]:
    """Return a number from every region the literals and bounds cut the number line into."""
    points: set[float] = set()
    for literal in literals:
        try:
            point = float(literal)
        except OverflowError:  # an integer literal beyond any float: no answer reaches it
            continue
        if math.isfinite(point):
            points.add(point)
    low, high = question.minimum, question.maximum
    points.update(b for b in (low, high) if b is not None and math.isfinite(b))
    ordered = sorted(points) or [0.0]
    tries: set[float] = set()
    if question.integer:
        for p in ordered:
            tries.update({math.floor(p), math.ceil(p), math.ceil(p) - 1, math.floor(p) + 1})
    else:
        tries.update(ordered)
        tries.update({ordered[0] - 1, ordered[-1] + 1})
        tries.update((a + b) / 2 for a, b in itertools.pairwise(ordered))
    result: list[Value | None] = []
    for value in sorted(tries):
        if (low is not None and value < low) or (high is not None and value > high):
            continue
        result.append(int(value) if question.integer else value)
    return result
