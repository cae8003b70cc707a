"""The `when:` condition language: parsed with ``ast`` into a whitelisted subset, compiled.

A condition is never evaluated by Python: the parsed tree is checked node by node against the
subset below and then turned into plain closures over an answers mapping.

- names: ids of questions (lower-case letters, digits, underscores);
- literals: strings, integers, floats (with an optional unary minus), and lists or tuples of
  them after ``in`` / ``not in``;
- comparisons ``== != < <= > >= in not in``, chained as in Python;
- ``and``, ``or``, ``not`` and parentheses;
- functions ``answered(q)``, ``dont_know(q)``, ``count(q)`` and ``any_of(q, 'a', ...)``.

A missing (unanswered or inactive) or don't-know value equals no literal: ``==`` and ``in`` are
false, ``!=`` and ``not in`` are true, and ordering comparisons are false.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, TypeGuard

from hrdd.errors import HrddError
from hrdd.models import DONT_KNOW, Questionnaire

Value = str | int | float | frozenset[str]
"""An answer as conditions see it: see the shared answer conventions in docs."""

Scalar = str | int | float
"""A literal that a condition may write."""

MAX_LENGTH: Final = 2000
"""Longest condition accepted, in characters."""

MAX_DEPTH: Final = 32
"""Deepest nesting of operators accepted."""

FUNCTIONS: Final = ("answered", "dont_know", "count", "any_of")
"""The only functions a condition may call."""

_ID = re.compile(r"^[a-z][a-z0-9_]*$")

Evaluator = Callable[[Mapping[str, Value]], bool]
_Getter = Callable[[Mapping[str, Value]], object]


class ConditionError(HrddError):
    """A condition that is not valid; ``offset`` is the 0-based character offset of the problem."""

    def __init__(self, message: str, offset: int, rule: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.rule = rule
        self.hint = hint


_HINT_SUBSET = (
    "conditions compare question ids with literals (`q == 'yes'`, `'mail' in services`, "
    "`users >= 100000`), joined with and/or/not; functions: answered, dont_know, count, any_of"
)


def _syntax(message: str, offset: int, hint: str | None = None) -> ConditionError:
    return ConditionError(message, offset, "condition-syntax", hint)


def _forbidden(message: str, offset: int, hint: str | None = None) -> ConditionError:
    return ConditionError(message, offset, "condition-forbidden", hint or _HINT_SUBSET)


# --- what the static checks get -------------------------------------------------------------

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
    """A question id used in a condition, at its character offset."""

    name: str
    offset: int


@dataclass(frozen=True)
class Compiled:
    """A checked condition, callable on an answers mapping."""

    source: str
    names: frozenset[str]
    """The question ids the condition reads."""
    evaluate: Evaluator = field(repr=False, compare=False)
    references: tuple[NameRef, ...] = field(default=(), repr=False)
    """Every use of a question id, in order, for the static checks."""
    comparisons: tuple[Comparison, ...] = field(default=(), repr=False)
    functions: tuple[FunctionUse, ...] = field(default=(), repr=False)

    def __call__(self, values: Mapping[str, Value]) -> bool:
        """Tell whether the condition holds for these answers."""
        return self.evaluate(values)


# --- parsing ---------------------------------------------------------------------------------

_DESCRIPTIONS: Final[dict[type[ast.AST], str]] = {
    ast.Attribute: "attribute access (`.`)",
    ast.Subscript: "indexing (`[...]`)",
    ast.Lambda: "`lambda`",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.JoinedStr: "an f-string",
    ast.FormattedValue: "an f-string",
    ast.NamedExpr: "assignment (`:=`)",
    ast.BinOp: "arithmetic",
    ast.IfExp: "`if ... else`",
    ast.Dict: "a dictionary",
    ast.Set: "a set",
    ast.Starred: "unpacking (`*`)",
    ast.Await: "`await`",
    ast.Yield: "`yield`",
    ast.YieldFrom: "`yield`",
    ast.Slice: "a slice",
}

_OPS: Final[dict[type[ast.cmpop], str]] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}


class _Parser:
    """Check a parsed tree against the subset and build its closure and its static facts."""

    def __init__(self, source: str, lead: int) -> None:
        self.lead = lead  # characters stripped from the start of the original text
        self.references: list[NameRef] = []
        self.comparisons: list[Comparison] = []
        self.functions: list[FunctionUse] = []
        # The parsed text is one line (newlines are blanked), so node offsets are UTF-8 byte
        # offsets into it; map them to character offsets.
        self._encoded = source.encode("utf-8")

    def offset(self, node: ast.AST) -> int:
        col = getattr(node, "col_offset", 0)
        return self.lead + len(self._encoded[:col].decode("utf-8", errors="ignore"))

    def forbidden(self, node: ast.AST, what: str | None = None) -> ConditionError:
        described = what or _DESCRIPTIONS.get(type(node), f"`{type(node).__name__}`")
        return _forbidden(
            f"{described} is not allowed in a condition", self.offset(node), _HINT_SUBSET
        )

    # Boolean positions: the whole condition, operands of and/or/not.
    def boolean(self, node: ast.expr, depth: int) -> Evaluator:
        if depth > MAX_DEPTH:
            raise _forbidden(
                f"the condition nests deeper than {MAX_DEPTH} levels",
                self.offset(node),
                "split it into simpler conditions",
            )
        if isinstance(node, ast.BoolOp):
            parts = tuple(self.boolean(v, depth + 1) for v in node.values)
            return _all(parts) if isinstance(node.op, ast.And) else _any(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.boolean(node.operand, depth + 1)
            return lambda values: not inner(values)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call):
            name = self.function_name(node)
            if name == "count":
                raise _forbidden(
                    "count() gives a number, not true or false",
                    self.offset(node),
                    "compare it, e.g. `count(services) > 0`",
                )
            return self.predicate(node, name)
        if isinstance(node, ast.Name):
            self.name(node)
            raise _forbidden(
                f"`{node.id}` alone is not a condition",
                self.offset(node),
                f"compare it with a value, e.g. `{node.id} == 'yes'`, or use `answered({node.id})`",
            )
        if isinstance(node, ast.Constant):
            self.literal(node)
            raise _forbidden("a literal alone is not a condition", self.offset(node), _HINT_SUBSET)
        if isinstance(node, ast.UnaryOp | ast.List | ast.Tuple):
            raise _forbidden("a value alone is not a condition", self.offset(node), _HINT_SUBSET)
        raise self.forbidden(node)

    def compare(self, node: ast.Compare) -> Evaluator:
        nodes = [node.left, *node.comparators]
        operands: list[Operand] = []
        getters: list[_Getter] = []
        for i, operand in enumerate(nodes):
            after_in = i > 0 and isinstance(node.ops[i - 1], ast.In | ast.NotIn)
            op, get = self.value(operand, allow_list=after_in)
            operands.append(op)
            getters.append(get)
        tests: list[Evaluator] = []
        for i, cmpop in enumerate(node.ops):
            symbol = _OPS.get(type(cmpop))
            if symbol is None:  # `is` and `is not`
                raise _forbidden(
                    "`is` is not allowed in a condition", operands[i].offset, "use `==` or `!=`"
                )
            if operands[i].kind == "list":
                raise _forbidden(
                    "a list may only follow `in` or `not in`",
                    operands[i].offset,
                    "write `q in ['a', 'b']` or use `any_of(q, 'a', 'b')`",
                )
            self.comparisons.append(Comparison(operands[i], symbol, operands[i + 1]))
            tests.append(_comparison(symbol, getters[i], getters[i + 1]))
        return tests[0] if len(tests) == 1 else _all(tuple(tests))

    def value(self, node: ast.expr, *, allow_list: bool) -> tuple[Operand, _Getter]:
        if isinstance(node, ast.Name):
            self.name(node)
            offset = self.offset(node)
            return Operand("question", offset, name=node.id), _question(node.id)
        if isinstance(node, ast.Call):
            name = self.function_name(node)
            if name != "count":
                raise _forbidden(
                    f"{name}() is already true or false and cannot be compared",
                    self.offset(node),
                    f"use `{name}(...)` or `not {name}(...)` on its own",
                )
            question = self.single_argument(node, name)
            self.functions.append(
                FunctionUse(name, question.id, self.offset(question), self.offset(node))
            )
            return Operand("count", self.offset(node), name=question.id), _count(question.id)
        if isinstance(node, ast.List | ast.Tuple):
            if not allow_list:
                raise _forbidden(
                    "a list may only follow `in` or `not in`",
                    self.offset(node),
                    "write `q in ['a', 'b']` or use `any_of(q, 'a', 'b')`",
                )
            items = tuple(self.scalar(item) for item in node.elts)
            frozen = frozenset(item.value for item in items)
            return Operand("list", self.offset(node), items=items), lambda _values: frozen
        if isinstance(node, ast.Constant | ast.UnaryOp):
            literal = self.scalar(node)
            constant = literal.value
            return literal, lambda _values: constant
        if isinstance(node, ast.Compare | ast.BoolOp):
            raise _forbidden(
                "a comparison cannot be compared again",
                self.offset(node),
                "join comparisons with `and` / `or`",
            )
        raise self.forbidden(node)

    def scalar(self, node: ast.expr) -> Operand:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = node.operand
            if isinstance(inner, ast.Constant) and _is_number(inner.value):
                return Operand("literal", self.offset(node), value=-inner.value)
            raise _forbidden("unary minus is allowed only before a number", self.offset(node))
        if isinstance(node, ast.UnaryOp):
            raise self.forbidden(node, "arithmetic")
        if isinstance(node, ast.Constant):
            return Operand("literal", self.offset(node), value=self.literal(node))
        if isinstance(node, ast.List | ast.Tuple):
            raise _forbidden("lists cannot be nested", self.offset(node))
        if isinstance(node, ast.Name):
            raise _forbidden(
                f"`{node.id}` in a list: lists may hold only literals",
                self.offset(node),
                f"quote it if it is a value: '{node.id}'",
            )
        raise self.forbidden(node)

    def literal(self, node: ast.Constant) -> Scalar:
        value = node.value
        if isinstance(value, bool):
            raise _forbidden(
                f"`{value}` is not allowed in a condition",
                self.offset(node),
                "compare the question with 'yes' or 'no'",
            )
        if value is None:
            raise _forbidden(
                "`None` is not allowed in a condition",
                self.offset(node),
                "use `answered(q)` or `not answered(q)`",
            )
        if isinstance(value, str) or _is_number(value):
            return value
        raise _forbidden(
            f"a {type(value).__name__} literal is not allowed in a condition",
            self.offset(node),
            "use strings, whole numbers or decimals",
        )

    def name(self, node: ast.Name) -> None:
        if not _ID.match(node.id):
            raise _forbidden(
                f"`{node.id}` is not a question id",
                self.offset(node),
                "ids are lower-case letters, digits and underscores, starting with a letter",
            )
        self.references.append(NameRef(node.id, self.offset(node)))

    def function_name(self, node: ast.Call) -> str:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.forbidden(func, _DESCRIPTIONS.get(type(func), "calling an expression"))
        if func.id not in FUNCTIONS:
            raise _forbidden(
                f"`{func.id}()` is not a condition function",
                self.offset(func),
                "the functions are answered(q), dont_know(q), count(q) and any_of(q, 'a', ...)",
            )
        if node.keywords:
            raise _forbidden(
                f"{func.id}() takes no keyword arguments", self.offset(node.keywords[0].value)
            )
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.forbidden(arg)
        return func.id

    def single_argument(self, node: ast.Call, name: str) -> ast.Name:
        if len(node.args) != 1:
            raise _forbidden(
                f"{name}() takes exactly one question id",
                self.offset(node),
                f"write `{name}(question_id)`",
            )
        return self.question_argument(node.args[0], name)

    def question_argument(self, arg: ast.expr, name: str) -> ast.Name:
        if not isinstance(arg, ast.Name):
            raise _forbidden(
                f"the first argument of {name}() must be a question id",
                self.offset(arg),
                f"write `{name}(question_id)` without quotes",
            )
        self.name(arg)
        return arg

    def predicate(self, node: ast.Call, name: str) -> Evaluator:
        if name == "any_of":
            if len(node.args) < 2:
                raise _forbidden(
                    "any_of() takes a question id and at least one value",
                    self.offset(node),
                    "write `any_of(question_id, 'a', 'b')`",
                )
            question = self.question_argument(node.args[0], name)
            literals = tuple(self.scalar(arg) for arg in node.args[1:])
            for literal in literals:
                if not isinstance(literal.value, str):
                    raise _forbidden(
                        "any_of() takes option values, which are quoted strings",
                        literal.offset,
                        f"write '{literal.value}'",
                    )
            self.functions.append(
                FunctionUse(name, question.id, self.offset(question), self.offset(node), literals)
            )
            return _any_of(question.id, frozenset(str(lit.value) for lit in literals))
        question = self.single_argument(node, name)
        self.functions.append(
            FunctionUse(name, question.id, self.offset(question), self.offset(node))
        )
        return _answered(question.id) if name == "answered" else _dont_know(question.id)


def compile_condition(expr: str) -> Compiled:
    """Parse, check and compile a condition; raise `ConditionError` when it is not valid."""
    if len(expr) > MAX_LENGTH:
        raise _forbidden(
            f"the condition is {len(expr):,} characters long; the limit is {MAX_LENGTH:,}",
            0,
            "split it, e.g. into a section condition and a question condition",
        )
    # One line keeps offsets simple and lets a YAML block scalar span lines; the blanked
    # characters keep every offset as it is in the original text.
    flat = expr.replace("\r", " ").replace("\n", " ")
    body = flat.lstrip(" \t\f")
    lead = len(flat) - len(body)
    if not body.strip():
        raise _syntax("the condition is empty", 0, _HINT_SUBSET)
    try:
        with warnings.catch_warnings():
            # Invalid escapes such as '\d' warn, or fail under -W error: same result always.
            warnings.simplefilter("ignore")
            tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        column = exc.offset if exc.offset and 0 < exc.offset <= len(body) else len(body) + 1
        message = (exc.msg or "invalid syntax").replace(" (detected at line 1)", "")
        message = message.replace("invalid syntax", "not a valid expression")
        hint = _HINT_SUBSET
        if body[column - 1 : column] == "=" and body[column : column + 1] != "=":
            hint = "use `==` to compare; a single `=` assigns"
        raise _syntax(message, lead + column - 1, hint) from None
    except (RecursionError, MemoryError):
        raise _syntax("the condition is too complex to parse", 0, _HINT_SUBSET) from None
    except ValueError as exc:  # e.g. a NUL character, or an integer with too many digits
        raise _syntax(f"the condition cannot be parsed: {exc}", 0, _HINT_SUBSET) from None
    parser = _Parser(body, lead)
    try:
        evaluate = parser.boolean(tree.body, 1)
    except RecursionError:
        raise _forbidden(
            "the condition nests too deeply", 0, "split it into simpler conditions"
        ) from None

    return Compiled(
        source=expr,
        names=frozenset(ref.name for ref in parser.references),
        evaluate=evaluate,
        references=tuple(parser.references),
        comparisons=tuple(parser.comparisons),
        functions=tuple(parser.functions),
    )


# --- evaluation ------------------------------------------------------------------------------


class _Unknown:
    """A missing or don't-know value: it equals nothing and orders with nothing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<unknown>"


_UNKNOWN: Final = _Unknown()


def _is_number(value: object) -> TypeGuard[int | float]:
    return type(value) is int or type(value) is float


def _question(name: str) -> _Getter:
    def get(values: Mapping[str, Value]) -> object:
        value = values.get(name, _UNKNOWN)
        return _UNKNOWN if value == DONT_KNOW else value

    return get


def _count(name: str) -> _Getter:
    def get(values: Mapping[str, Value]) -> object:
        value = values.get(name)
        return len(value) if isinstance(value, frozenset) else _UNKNOWN

    return get


def _eq(a: object, b: object) -> bool:
    return a is not _UNKNOWN and b is not _UNKNOWN and a == b


def _in(a: object, b: object) -> bool:
    # Membership only in a selection or a literal list: `'by' in country` on a single-choice
    # answer must not turn into a substring test.
    return a is not _UNKNOWN and isinstance(b, frozenset) and a in b


def _ordered(test: Callable[[float, float], bool]) -> Callable[[object, object], bool]:
    def compare(a: object, b: object) -> bool:
        return _is_number(a) and _is_number(b) and test(a, b)

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


def _comparison(symbol: str, left: _Getter, right: _Getter) -> Evaluator:
    operation = _OPERATIONS[symbol]
    return lambda values: operation(left(values), right(values))


def _all(parts: tuple[Evaluator, ...]) -> Evaluator:
    return lambda values: all(part(values) for part in parts)


def _any(parts: tuple[Evaluator, ...]) -> Evaluator:
    return lambda values: any(part(values) for part in parts)


def _answered(name: str) -> Evaluator:
    def answered(values: Mapping[str, Value]) -> bool:
        value = values.get(name)
        return value is not None and value != DONT_KNOW

    return answered


def _dont_know(name: str) -> Evaluator:
    return lambda values: values.get(name) == DONT_KNOW


def _any_of(name: str, wanted: frozenset[str]) -> Evaluator:
    wanted = wanted - {DONT_KNOW}

    def any_of(values: Mapping[str, Value]) -> bool:
        value = values.get(name)
        if isinstance(value, frozenset):
            return not value.isdisjoint(wanted)
        return value in wanted

    return any_of


# --- a whole questionnaire -------------------------------------------------------------------


def _compile_at(expr: str | None, where: str) -> Compiled | None:
    if expr is None:
        return None
    try:
        return compile_condition(expr)
    except ConditionError as exc:
        raise ConditionError(
            f"{where}: condition `{expr}`: {exc.message} (at character {exc.offset + 1})",
            exc.offset,
            exc.rule,
            exc.hint,
        ) from None


class CompiledQuestionnaire:
    """Every condition of a questionnaire compiled once; scoring and the dialogue reuse it."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        """Compile every condition; raise `ConditionError` if one is not valid."""
        self.questionnaire = questionnaire
        self._plan: list[tuple[Compiled | None, list[tuple[str, Compiled | None]]]] = [
            (
                _compile_at(section.when, f"section `{section.id}`"),
                [(q.id, _compile_at(q.when, f"question `{q.id}`")) for q in section.questions],
            )
            for section in questionnaire.sections
        ]
        self._rules: dict[str, Compiled | None] = {
            rule.id: _compile_at(rule.when, f"rule `{rule.id}`") for rule in questionnaire.rules
        }
        self._mitigations: dict[str, Compiled | None] = {
            m.id: _compile_at(m.when, f"mitigation `{m.id}`") for m in questionnaire.mitigations
        }

    def resolve(self, values: Mapping[str, Value]) -> tuple[list[str], dict[str, Value]]:
        """Return `applicable` and `active_values` together, walking the questions once."""
        applicable: list[str] = []
        active: dict[str, Value] = {}
        for section_when, questions in self._plan:
            if section_when is not None and not section_when.evaluate(active):
                continue
            for question_id, when in questions:
                if when is not None and not when.evaluate(active):
                    continue
                applicable.append(question_id)
                if question_id in values:
                    active[question_id] = values[question_id]
        return applicable, active

    def applicable(self, values: Mapping[str, Value]) -> list[str]:
        """Return the ids of the questions that apply to these answers, in order."""
        return self.resolve(values)[0]

    def active_values(self, values: Mapping[str, Value]) -> dict[str, Value]:
        """Return only the answers of applicable questions."""
        return self.resolve(values)[1]

    def rule_applies(self, rule_id: str, active: Mapping[str, Value]) -> bool:
        """Tell whether a rule's condition holds for the active answers."""
        when = self._rules[rule_id]
        return when is None or when.evaluate(active)

    def mitigation_applies(self, mitigation_id: str, active: Mapping[str, Value]) -> bool:
        """Tell whether a mitigation is recommended; true when it has no condition."""
        when = self._mitigations[mitigation_id]
        return when is None or when.evaluate(active)
