"""Parse a condition with ``ast``, check it node by node against the subset, and compile it."""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from collections.abc import Mapping
from typing import Final

import hrdd.questionnaire.conditions.evaluate as run
from hrdd.questionnaire.conditions.compiled import (
    Comparison,
    Compiled,
    ConditionError,
    Evaluator,
    FunctionUse,
    NameRef,
    Operand,
    Scalar,
)
from hrdd.questionnaire.model import NUMBER_RANGE, number_problem, shown_number
from hrdd.suggest import did_you_mean

MAX_LENGTH: Final = 2000
"""Longest condition accepted, in characters."""

MAX_DEPTH: Final = 32
"""Deepest nesting of operators accepted."""

FUNCTIONS: Final = ("answered", "dont_know", "count", "any_of")
"""The only functions a condition may call."""

_ID = re.compile(r"^[a-z][a-z0-9_]*$")

_HINT_SUBSET = (
    "conditions compare question ids with literals (`q == 'yes'`, `'mail' in services`, "
    "`users >= 100000`), joined with and/or/not; functions: answered, dont_know, count, any_of"
)


def _syntax(message: str, offset: int, hint: str | None = None) -> ConditionError:
    return ConditionError(message, offset, "condition-syntax", hint)


def _forbidden(message: str, offset: int, hint: str | None = None) -> ConditionError:
    return ConditionError(message, offset, "condition-forbidden", hint or _HINT_SUBSET)


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

    def __init__(self, source: str, lead: int, named: Mapping[str, Compiled | None]) -> None:
        self.source = source
        self.lead = lead  # characters stripped from the start of the original text
        self.named = named
        self.references: list[NameRef] = []
        self.comparisons: list[Comparison] = []
        self.functions: list[FunctionUse] = []
        self.uses: list[NameRef] = []
        self.inlined: dict[int, Compiled] = {}  # by identity: each named condition once
        self.read: set[str] = set()  # question ids read through named conditions
        self.unresolved: set[str] = set()
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
            return run.all_of(parts) if isinstance(node.op, ast.And) else run.any_part(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return run.negation(self.boolean(node.operand, depth + 1))
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
            if node.id in self.named:
                return self.named_condition(node)
            self.name(node)
            close = did_you_mean(node.id, self.named)
            raise _forbidden(
                f"`{node.id}` alone is not a condition",
                self.offset(node),
                f"did you mean the named condition `{close}`?"
                if close
                else f"compare it with a value, e.g. `{node.id} == 'yes'`, "
                f"or use `answered({node.id})`",
            )
        if isinstance(node, ast.Constant):
            self.literal(node)
            raise _forbidden("a literal alone is not a condition", self.offset(node), _HINT_SUBSET)
        if isinstance(node, ast.UnaryOp | ast.List | ast.Tuple):
            raise _forbidden("a value alone is not a condition", self.offset(node), _HINT_SUBSET)
        raise self.forbidden(node)

    def named_condition(self, node: ast.Name) -> Evaluator:
        self.uses.append(NameRef(node.id, self.offset(node)))
        target = self.named[node.id]
        if target is None:
            self.unresolved.add(node.id)
            return run.unresolved(node.id)
        for compiled in (target, *target.inlined):
            self.inlined.setdefault(id(compiled), compiled)
        self.read.update(target.names)
        self.unresolved.update(target.unresolved)
        # The named condition's own closure: the same work as writing its text here.
        return target.evaluate

    def not_a_question(self, node: ast.Name) -> None:
        if node.id in self.named:
            raise _forbidden(
                f"`{node.id}` is a named condition: it is already true or false",
                self.offset(node),
                f"use `{node.id}` or `not {node.id}` on its own",
            )

    def compare(self, node: ast.Compare) -> Evaluator:
        nodes = [node.left, *node.comparators]
        operands: list[Operand] = []
        for i, operand in enumerate(nodes):
            after_in = i > 0 and isinstance(node.ops[i - 1], ast.In | ast.NotIn)
            operands.append(self.value(operand, allow_list=after_in))
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
            tests.append(run.compare(symbol, operands[i], operands[i + 1]))
        return tests[0] if len(tests) == 1 else run.all_of(tuple(tests))

    def value(self, node: ast.expr, *, allow_list: bool) -> Operand:
        if isinstance(node, ast.Name):
            self.not_a_question(node)
            self.name(node)
            offset = self.offset(node)
            return Operand("question", offset, name=node.id)
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
            return Operand("count", self.offset(node), name=question.id)
        if isinstance(node, ast.List | ast.Tuple):
            if not allow_list:
                raise _forbidden(
                    "a list may only follow `in` or `not in`",
                    self.offset(node),
                    "write `q in ['a', 'b']` or use `any_of(q, 'a', 'b')`",
                )
            items = tuple(self.scalar(item) for item in node.elts)
            return Operand("list", self.offset(node), items=items)
        if isinstance(node, ast.Constant | ast.UnaryOp):
            return self.scalar(node)
        if isinstance(node, ast.Compare | ast.BoolOp):
            raise _forbidden(
                "a comparison cannot be compared again",
                self.offset(node),
                "join comparisons with `and` / `or`",
            )
        raise self.forbidden(node)

    def in_range(self, node: ast.expr, value: int | float) -> int | float:
        """Return a number literal, or raise when it is out of the range hrdd reads."""
        problem = number_problem(value)
        if problem is None:
            return value
        written = ast.get_source_segment(self.source, node) or ""
        shown = written if 0 < len(written) <= 24 else shown_number(value)
        raise _forbidden(
            f"{shown} is out of range",
            self.offset(node),
            f"{NUMBER_RANGE}; no answer can be compared with more",
        )

    def scalar(self, node: ast.expr) -> Operand:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = node.operand
            if isinstance(inner, ast.Constant) and run.is_number(inner.value):
                value = self.in_range(node, -inner.value)
                return Operand("literal", self.offset(node), value=value)
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
        if isinstance(value, str):
            return value
        if run.is_number(value):
            return self.in_range(node, value)
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
        self.not_a_question(arg)
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
            return run.any_of(question.id, frozenset(str(lit.value) for lit in literals))
        question = self.single_argument(node, name)
        self.functions.append(
            FunctionUse(name, question.id, self.offset(question), self.offset(node))
        )
        return run.answered(question.id) if name == "answered" else run.dont_know(question.id)


def _check_tokens(body: str, lead: int, *, names: bool = True) -> None:
    """Refuse what Python reads but a condition must not hold: comments, look-alike letters.

    With ``names`` false only comments are looked for (the text did not parse).

    The lines of a condition are joined into one, so a `#` would silently drop every line
    after it; and Python reads a name written with full-width or other compatibility letters
    (`ｕsers`) as its plain form (`users`), so such a name would pass for an id it only
    looks like.
    """
    if "#" not in body and (body.isascii() or not names):
        return
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(body).readline))
    except (tokenize.TokenError, SyntaxError):  # pragma: no cover - ast.parse accepted it
        return
    for token in tokens:
        offset = lead + token.start[1]
        if token.type == tokenize.COMMENT:
            raise _syntax(
                "`#` starts a comment, and conditions have none: all after it is lost",
                offset,
                "remove it; a YAML comment goes on its own line above `when:`",
            )
        if names and token.type != tokenize.STRING and not token.string.isascii():
            raise _forbidden(
                f"`{token.string}` is not plain ASCII: ids, functions and numbers are",
                offset,
                "type it again with plain letters and digits (a-z, 0-9, _)",
            )


def compile_condition(expr: str, named: Mapping[str, Compiled | None] | None = None) -> Compiled:
    """Parse, check and compile a condition; raise `ConditionError` when it is not valid.

    ``named`` maps the ids of named conditions to their compiled form: a bare name among its
    keys uses that condition. A key mapped to None is known but not compiled (it is broken, or
    only the static facts are wanted): the result then lists it in ``unresolved`` and cannot
    be evaluated.
    """
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
        _check_tokens(body, lead, names=False)  # a comment may be what broke it
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
    _check_tokens(body, lead)
    parser = _Parser(body, lead, named or {})
    try:
        evaluate = parser.boolean(tree.body, 1)
    except RecursionError:
        raise _forbidden(
            "the condition nests too deeply", 0, "split it into simpler conditions"
        ) from None

    return Compiled(
        source=expr,
        names=frozenset(ref.name for ref in parser.references) | parser.read,
        evaluate=evaluate,
        references=tuple(parser.references),
        comparisons=tuple(parser.comparisons),
        functions=tuple(parser.functions),
        uses=tuple(parser.uses),
        inlined=tuple(parser.inlined.values()),
        unresolved=frozenset(parser.unresolved),
    )
