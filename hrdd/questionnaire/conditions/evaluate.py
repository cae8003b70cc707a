"""The meaning of a condition at run time: closures over an answers mapping.

A missing (unanswered or inactive) or don't-know value equals no literal: ``==`` and ``in`` are
false, ``!=`` and ``not in`` are true, and ordering comparisons are false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final, TypeGuard

from hrdd.questionnaire.conditions.compiled import Evaluator
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


# Plain loops rather than all()/any() over a generator: these run for every condition of
# every answers file scored, and a loop skips creating a generator each time.


def all_of(parts: tuple[Evaluator, ...]) -> Evaluator:
    """Return the conjunction of ``parts``, short-circuiting."""

    def test(values: Mapping[str, Value]) -> bool:
        for part in parts:
            if not part(values):
                return False
        return True

    return test


def any_part(parts: tuple[Evaluator, ...]) -> Evaluator:
    """Return the disjunction of ``parts``, short-circuiting."""

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
