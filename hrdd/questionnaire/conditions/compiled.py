"""What a checked condition is: its static facts for the checks and its evaluator."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from hrdd.errors import HrddError
from hrdd.values import Value

Scalar = str | int | float
"""A literal that a condition may write."""

Evaluator = Callable[[Mapping[str, Value]], bool]


class ConditionError(HrddError):
    """A condition that is not valid; ``offset`` is the 0-based character offset of the problem."""

    def __init__(self, message: str, offset: int, rule: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.rule = rule
        self.hint = hint


OperandKind = Literal["question", "count", "literal", "list"]


@dataclass(frozen=True)
class Operand:
    """One side of a comparison, with the character offset where it starts."""

    kind: OperandKind
    offset: int
    name: str = ""
    """Question id, for ``question`` and ``count`` operands."""
    value: Scalar = ""
    """The literal, for ``literal`` operands."""
    items: tuple[Operand, ...] = ()
    """The literal operands of a ``list``."""


@dataclass(frozen=True)
class Comparison:
    """One comparison ``left op right``; a chain ``a < b < c`` gives two."""

    left: Operand
    op: str
    right: Operand


@dataclass(frozen=True)
class FunctionUse:
    """A call of one of the condition functions."""

    function: str
    name: str
    name_offset: int
    offset: int
    literals: tuple[Operand, ...] = ()
    """The values after the question id, for ``any_of``."""


@dataclass(frozen=True)
class NameRef:
    """A question id or a named condition used in a condition, at its character offset."""

    name: str
    offset: int


@dataclass(frozen=True)
class Compiled:
    """A checked condition, callable on an answers mapping."""

    source: str
    names: frozenset[str]
    """The question ids the condition reads, including those its named conditions read."""
    evaluate: Evaluator = field(repr=False, compare=False)
    references: tuple[NameRef, ...] = field(default=(), repr=False)
    """Every use of a question id in this text, in order, for the static checks."""
    comparisons: tuple[Comparison, ...] = field(default=(), repr=False)
    functions: tuple[FunctionUse, ...] = field(default=(), repr=False)
    uses: tuple[NameRef, ...] = field(default=(), repr=False)
    """Every use of a named condition in this text, in order."""
    inlined: tuple[Compiled, ...] = field(default=(), repr=False, compare=False)
    """The named conditions it uses, directly or through others, each once."""
    unresolved: frozenset[str] = frozenset()
    """Named conditions it uses that were given without a compiled form: it cannot evaluate."""

    def __call__(self, values: Mapping[str, Value]) -> bool:
        """Tell whether the condition holds for these answers."""
        return self.evaluate(values)
