"""Type checks of conditions: each comparison and function call fits its question's type."""

from __future__ import annotations

from hrdd.questionnaire.checks.context import CHOICE, KINDS, Context, Path
from hrdd.questionnaire.conditions import Compiled, Operand
from hrdd.questionnaire.model import (
    Question,
    QuestionType,
)
from hrdd.suggest import did_you_mean_hint
from hrdd.values import (
    DONT_KNOW,
)


class Types:
    """Type checks of one condition's comparisons and function calls."""

    def __init__(self, ctx: Context, path: Path) -> None:
        """Check the condition at ``path`` of the questionnaire in ``ctx``."""
        self.ctx = ctx
        self.path = path

    def check(self, compiled: Compiled) -> None:
        """Check every comparison and function call of ``compiled``."""
        for comparison in compiled.comparisons:
            self.comparison(comparison.left, comparison.op, comparison.right)
        for use in compiled.functions:
            self.function(use.function, use.name, use.name_offset, use.literals)

    def question(self, name: str) -> Question:
        """Return the question ``name``."""
        return self.ctx.asked[name].question

    def kind(self, operand: Operand) -> str:
        """Return what an operand is: choice, multi, number, text, string or list."""
        if operand.kind == "count":
            return "number"
        if operand.kind == "list":
            return "list"
        if operand.kind == "literal":
            return "string" if isinstance(operand.value, str) else "number"
        qtype = self.question(operand.name).type
        if qtype in CHOICE:
            return "choice"
        return {QuestionType.MULTI: "multi", QuestionType.NUMBER: "number"}.get(qtype, "text")

    def describe(self, operand: Operand) -> str:
        """Say what an operand is, for a message."""
        if operand.kind == "question":
            return f"`{operand.name}` is {KINDS[self.question(operand.name).type]}"
        if operand.kind == "count":
            return f"count({operand.name}) is a number"
        if operand.kind == "list":
            return "this is a list"
        return f"{operand.value!r} is a {'string' if isinstance(operand.value, str) else 'number'}"

    def error(self, offset: int, message: str, hint: str | None = None) -> None:
        """Report a `condition-type` finding at ``offset`` in the condition."""
        mark = self.ctx.condition_mark(self.path, offset)
        self.ctx.report(self.path, "condition-type", message, hint, mark=mark)

    def comparison(self, left: Operand, op: str, right: Operand) -> None:
        """Check one comparison."""
        if op in ("in", "not in"):
            self.membership(left, op, right)
        elif op in ("==", "!="):
            self.equality(left, op, right)
        else:
            for side in (left, right):
                if self.kind(side) != "number":
                    hint = "compare it with `==` or `!=`" if side.kind == "question" else None
                    if side.kind == "literal" and _number(str(side.value)) is not None:
                        hint = f"remove the quotes: {side.value}"
                    self.error(
                        side.offset, f"`{op}` compares numbers, but {self.describe(side)}", hint
                    )
                    return

    def membership(self, left: Operand, op: str, right: Operand) -> None:
        """Check ``left in right`` or ``left not in right``."""
        lk, rk = self.kind(left), self.kind(right)
        if rk == "multi":
            if lk == "string":
                self.option(right.name, left)
            elif lk not in ("choice", "text"):
                self.error(
                    left.offset,
                    f"`{op} {right.name}` tests whether a value is selected, "
                    f"but {self.describe(left)}",
                    f"write `'value' {op} {right.name}` with one of its option values",
                )
        elif rk == "list":
            if lk == "multi":
                self.error(
                    left.offset,
                    f"{self.describe(left)}: `{op} [...]` would compare the whole selection",
                    f"write `any_of({left.name}, ...)` to test whether any of them is selected",
                )
            else:
                for item in right.items:
                    if not self.equality(left, "==", item):
                        return
        else:
            hint = None
            if rk == "choice" and lk == "string":
                hint = f"write `{right.name} {'==' if op == 'in' else '!='} {left.value!r}`"
            self.error(
                right.offset,
                f"`{op}` needs a multi-choice question or a list on its right, but "
                f"{self.describe(right)}",
                hint,
            )

    def equality(self, left: Operand, op: str, right: Operand) -> bool:
        """Check ``left op right`` for ``==``, ``!=`` or one list item; return whether sound."""
        lk, rk = self.kind(left), self.kind(right)
        if "multi" in (lk, rk) and lk != rk:
            multi, other = (left, right) if lk == "multi" else (right, left)
            hint = f"test a selection with `'value' in {multi.name}`, any_of() or count()"
            if other.kind == "literal" and isinstance(other.value, str):
                hint = f"write `{other.value!r} {'in' if op == '==' else 'not in'} {multi.name}`"
            self.error(
                multi.offset,
                f"{self.describe(multi)}: its answer is a set of selections, "
                f"so `{op}` never matches a single value",
                hint,
            )
            return False
        if left.kind == "literal" and right.kind == "literal":
            return True
        if left.kind == "literal" or right.kind == "literal":
            subject, literal = (right, left) if left.kind == "literal" else (left, right)
            return self.against_literal(subject, literal)
        compatible = {lk, rk} <= {"choice", "text"} or lk == rk
        if not compatible:
            self.error(
                right.offset,
                f"{self.describe(left)} and {self.describe(right)}: they cannot be compared",
            )
        return compatible

    def against_literal(self, subject: Operand, literal: Operand) -> bool:
        """Check a question or count against a literal; return whether sound."""
        kind = self.kind(subject)
        value = literal.value
        if kind == "number" and isinstance(value, str):
            number = _number(value)
            hint = f"remove the quotes: {value}" if number is not None else "compare with a number"
            self.error(literal.offset, f"{self.describe(subject)}, but {value!r} is a string", hint)
            return False
        if kind in ("choice", "text") and not isinstance(value, str):
            hint = "compare with a quoted string"
            if kind == "choice":
                options = self.ctx.values_of(subject.name)
                hint = (
                    f"quote it: '{value}'"
                    if str(value) in options
                    else f"compare with one of its options: {_listed(options)}"
                )
            self.error(literal.offset, f"{self.describe(subject)}, but {value} is a number", hint)
            return False
        if kind == "choice":
            return self.option(subject.name, literal)
        return True

    def option(self, name: str, literal: Operand) -> bool:
        """Check that ``literal`` is an option value of ``name``; return whether it is."""
        values = self.ctx.values_of(name)
        value = str(literal.value)
        if value in values:
            return True
        hint: str | None
        if value == DONT_KNOW:
            message = "`dont_know` is not an option value"
            hint = f"use `dont_know({name})` to test a don't-know answer"
        else:
            message = f"`{value}` is not an option of `{name}` (options: {_listed(values)})"
            hint = did_you_mean_hint(value, values)
        mark = self.ctx.condition_mark(self.path, literal.offset)
        self.ctx.report(self.path, "condition-unknown-option", message, hint, mark=mark)
        return False

    def function(
        self, function: str, name: str, offset: int, literals: tuple[Operand, ...]
    ) -> None:
        """Check a call of count() or any_of()."""
        qtype = self.question(name).type
        if function == "count" and qtype is not QuestionType.MULTI:
            self.error(
                offset,
                f"count() counts the selections of a multi-choice question, but `{name}` is "
                f"{KINDS[qtype]}",
                f"use `answered({name})`" if qtype is not QuestionType.NUMBER else None,
            )
        elif function == "any_of":
            if qtype in (QuestionType.NUMBER, QuestionType.TEXT):
                self.error(
                    offset,
                    f"any_of() tests the options of a choice question, but `{name}` is "
                    f"{KINDS[qtype]}",
                    f"write `{name} in [...]`",
                )
                return
            for literal in literals:
                self.option(name, literal)


def _listed(values: list[str]) -> str:
    return ", ".join(values) if values else "none"


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
