"""The meaning of a condition at run time: closures over an answers mapping.

A missing (unanswered or inactive) or don't-know value equals no literal: ``==`` and ``in`` are
false, ``!=`` and ``not in`` are true, and ordering comparisons are false.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Final, TypeGuard

from hrdd.questionnaire.conditions.compiled import Evaluator, Operand
from hrdd.values import (
    DONT_KNOW,
    Value,
)

Getter = Callable[[Mapping[str, Value]], object]


class _Unknown:
    """A missing or don't-know value: it equals nothing and orders with nothing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<unknown>"


_UNKNOWN: Final = _Unknown()


def is_number(value: object) -> TypeGuard[int | float]:
    """Tell whether ``value`` is an int or a float (a bool is neither here)."""
    return type(value) is int or type(value) is float


def question(name: str) -> Getter:
    """Return a getter of the answer to ``name``; missing and don't know read as unknown."""

    def get(values: Mapping[str, Value]) -> object:
        value = values.get(name, _UNKNOWN)
        return _UNKNOWN if value == DONT_KNOW else value

    return get


def count(name: str) -> Getter:
    """Return a getter of the number of selections of the multi-choice answer to ``name``."""

    def get(values: Mapping[str, Value]) -> object:
        value = values.get(name)
        return len(value) if isinstance(value, frozenset) else _UNKNOWN

    return get


def constant(value: object) -> Getter:
    """Return a getter of a literal."""
    return lambda _values: value


def _eq(a: object, b: object) -> bool:
    return a is not _UNKNOWN and b is not _UNKNOWN and a == b


def _in(a: object, b: object) -> bool:
    # Membership only in a selection or a literal list: `'by' in country` on a single-choice
    # answer must not turn into a substring test.
    return a is not _UNKNOWN and isinstance(b, frozenset) and a in b


def _ordered(test: Callable[[float, float], bool]) -> Callable[[object, object], bool]:
    def compare(a: object, b: object) -> bool:
        return is_number(a) and is_number(b) and test(a, b)

    return compare


_OPERATIONS: Final[dict[str, Callable[[object, object], bool]]] = {
    "==": _eq,
    "!=": lambda a, b: not _eq(a, b),
    "<": _ordered(lambda a, b: a < b),
    "<=": _ordered(lambda a, b: a <= b),
    ">": _ordered(lambda a, b: a > b),
    ">=": _ordered(lambda a, b: a >= b),
    "in": _in,
    "not in": lambda a, b: not _in(a, b),
}


def comparison(symbol: str, left: Getter, right: Getter) -> Evaluator:
    """Return ``left symbol right`` with the missing-value semantics above."""
    operation = _OPERATIONS[symbol]
    return lambda values: operation(left(values), right(values))


def getter(operand: Operand) -> Getter:
    """Return the getter of one side of a comparison."""
    if operand.kind == "question":
        return question(operand.name)
    if operand.kind == "count":
        return count(operand.name)
    if operand.kind == "list":
        return constant(frozenset(item.value for item in operand.items))
    return constant(operand.value)


def compare(symbol: str, left: Operand, right: Operand) -> Evaluator:
    """Return ``left symbol right``, specialised for the shapes nearly every condition has.

    Any other shape is `comparison` over the operands' getters. Conditions are evaluated for
    every question walked and every rule read, for every file scored; a specialised closure
    does one mapping look-up and one test instead of three or four nested calls. Each has
    exactly the missing and don't-know semantics of the general form
    (``tests/questionnaire/test_condition_shapes.py`` compares them over random values).
    """
    negated = symbol in ("!=", "not in")
    positive = {"!=": "==", "not in": "in"}.get(symbol, symbol)
    found = _specialised(positive, left, right)
    if found is None:
        return comparison(symbol, getter(left), getter(right))
    return negation(found) if negated else found


_ORDERINGS: Final[dict[str, Callable[[float, float], bool]]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


_MIRRORED: Final = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _specialised(symbol: str, left: Operand, right: Operand) -> Evaluator | None:
    """Return one closure for a common shape of ``left symbol right``, or None."""
    if left.kind == "question" and right.kind == "literal":
        name, literal, first = left.name, right.value, True
    elif left.kind == "literal" and right.kind == "question":
        name, literal, first = right.name, left.value, False
    elif left.kind == "question" and right.kind == "list" and symbol == "in":
        return _member(left.name, frozenset(item.value for item in right.items))
    elif left.kind == "count" and right.kind == "literal" and symbol in _ORDERINGS:
        return _counted(left.name, _ORDERINGS[symbol], right.value)
    else:
        return None
    if symbol == "==":
        return _equals(name, literal)
    if symbol == "in":
        # `literal in q`: a selection holds it; `q in literal` compares with no frozenset.
        return _selected(name, literal) if not first else _never
    if not is_number(literal):
        return _never
    # `3 < q` is `q > 3`: for numbers (a literal is never NaN) the mirror is exact.
    return _number_ordered(name, _ORDERINGS[symbol if first else _MIRRORED[symbol]], literal)


def _never(_values: Mapping[str, Value]) -> bool:
    return False


def _equals(name: str, literal: object) -> Evaluator:
    def test(values: Mapping[str, Value]) -> bool:
        value = values.get(name, _UNKNOWN)
        # A missing value is `_UNKNOWN`, which equals no literal.
        return value == literal and value != DONT_KNOW

    return test


def _member(name: str, literals: frozenset[object]) -> Evaluator:
    def test(values: Mapping[str, Value]) -> bool:
        value = values.get(name, _UNKNOWN)
        return value in literals and value != DONT_KNOW

    return test


def _selected(name: str, literal: object) -> Evaluator:
    def test(values: Mapping[str, Value]) -> bool:
        value = values.get(name)
        return isinstance(value, frozenset) and literal in value

    return test


def _number_ordered(
    name: str, ordering: Callable[[float, float], bool], literal: float
) -> Evaluator:
    def test(values: Mapping[str, Value]) -> bool:
        value = values.get(name)
        return (type(value) is int or type(value) is float) and ordering(value, literal)

    return test


def _counted(name: str, ordering: Callable[[float, float], bool], literal: object) -> Evaluator:
    if not is_number(literal):
        return _never

    def test(values: Mapping[str, Value]) -> bool:
        value = values.get(name)
        return isinstance(value, frozenset) and ordering(len(value), literal)

    return test


# all_of and any_part mirror each other on purpose: a deliberate speed-up, not two copies to
# fold into one. `and` / `or` of two parts (most conditions) is one closure with no loop, and
# longer ones use plain loops rather than all()/any() over a generator: these run for every
# condition of every answers file scored, and a loop skips creating a generator each time.
# Folding them into one function taking the operator would add a call per part; see
# "Specialised conditions" in docs/performance.md.


def all_of(parts: tuple[Evaluator, ...]) -> Evaluator:
    """Return the conjunction of ``parts``, short-circuiting."""
    if len(parts) == 2:
        first, second = parts
        return lambda values: first(values) and second(values)

    def test(values: Mapping[str, Value]) -> bool:
        for part in parts:
            if not part(values):
                return False
        return True

    return test


def any_part(parts: tuple[Evaluator, ...]) -> Evaluator:
    """Return the disjunction of ``parts``, short-circuiting."""
    if len(parts) == 2:
        first, second = parts
        return lambda values: first(values) or second(values)

    def test(values: Mapping[str, Value]) -> bool:
        for part in parts:
            if part(values):
                return True
        return False

    return test


def negation(inner: Evaluator) -> Evaluator:
    """Return ``not inner``."""
    return lambda values: not inner(values)


def answered(name: str) -> Evaluator:
    """Return ``answered(name)``: an answer other than don't know."""

    def test(values: Mapping[str, Value]) -> bool:
        value = values.get(name)
        return value is not None and value != DONT_KNOW

    return test


def dont_know(name: str) -> Evaluator:
    """Return ``dont_know(name)``."""
    return lambda values: values.get(name) == DONT_KNOW


def any_of(name: str, wanted: frozenset[str]) -> Evaluator:
    """Return ``any_of(name, ...)``: the single answer is one of, or the selection meets, them."""
    wanted = wanted - {DONT_KNOW}

    def test(values: Mapping[str, Value]) -> bool:
        value = values.get(name)
        if isinstance(value, frozenset):
            return not value.isdisjoint(wanted)
        return value in wanted

    return test


def unresolved(name: str) -> Evaluator:
    """Return an evaluator for a named condition that has no compiled form: it refuses."""

    def refuse(_values: Mapping[str, Value]) -> bool:
        # Only the static checks compile without a named condition, and they never evaluate
        # such a condition: reaching this is a bug, not bad input.
        raise RuntimeError(f"the named condition `{name}` was not compiled")

    return refuse
