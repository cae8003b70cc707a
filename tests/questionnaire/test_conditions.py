"""Tests for the condition language: the subset, its semantics, offsets and compilation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.errors import HrddError
from hrdd.questionnaire.conditions import (
    MAX_DEPTH,
    MAX_LENGTH,
    Compiled,
    CompiledQuestionnaire,
    ConditionError,
    NameRef,
    Operand,
    compile_condition,
    dependency_order,
)
from hrdd.questionnaire.conditions.questionnaire import walk
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.values import DONT_KNOW, Value


def holds(expr: str, **values: Value) -> bool:
    return compile_condition(expr)(values)


def error(expr: str) -> ConditionError:
    with pytest.raises(ConditionError) as info:
        compile_condition(expr)
    return info.value


# --- allowed constructs ---------------------------------------------------------------------


def test_compiled_keeps_source_and_names() -> None:
    compiled = compile_condition("licence == 'yes' and 'mail' in services or answered(users)")
    assert isinstance(compiled, Compiled)
    assert compiled.source == "licence == 'yes' and 'mail' in services or answered(users)"
    assert compiled.names == frozenset({"licence", "services", "users"})


@pytest.mark.parametrize(
    ("expr", "values", "expected"),
    [
        ("a == 'yes'", {"a": "yes"}, True),
        ("a == 'yes'", {"a": "no"}, False),
        ("a != 'yes'", {"a": "no"}, True),
        ("a != 'yes'", {"a": "yes"}, False),
        ("n < 10", {"n": 9}, True),
        ("n < 10", {"n": 10}, False),
        ("n <= 10", {"n": 10}, True),
        ("n > 10", {"n": 10.5}, True),
        ("n >= 10", {"n": 9.99}, False),
        ("n == 3", {"n": 3.0}, True),
        ("n > -1", {"n": 0}, True),
        ("n > -1.5", {"n": -2}, False),
        ("'mail' in s", {"s": frozenset({"mail", "taxi"})}, True),
        ("'mail' in s", {"s": frozenset({"taxi"})}, False),
        ("'mail' not in s", {"s": frozenset({"taxi"})}, True),
        ("'mail' not in s", {"s": frozenset({"mail"})}, False),
        ("c in ['by', 'ru']", {"c": "by"}, True),
        ("c in ('by', 'ru')", {"c": "pl"}, False),
        ("c not in ['by', 'ru']", {"c": "pl"}, True),
        ("n in [1, 2.5]", {"n": 2.5}, True),
        ("a == 'yes' and b == 'no'", {"a": "yes", "b": "no"}, True),
        ("a == 'yes' and b == 'no'", {"a": "yes", "b": "yes"}, False),
        ("a == 'yes' or b == 'no'", {"a": "no", "b": "no"}, True),
        ("a == 'yes' or b == 'no'", {"a": "no", "b": "yes"}, False),
        ("not a == 'yes'", {"a": "no"}, True),
        ("not (a == 'yes' or b == 'yes')", {"a": "no", "b": "yes"}, False),
        ("(a == 'yes' or b == 'yes') and n > 1", {"b": "yes", "n": 2}, True),
        ("0 < n <= 10", {"n": 10}, True),
        ("0 < n <= 10", {"n": 0}, False),
        ("0 < n <= 10", {"n": 11}, False),
        ("n == m", {"n": 2, "m": 2}, True),
        ("n < m", {"n": 2, "m": 1}, False),
        ("answered(a)", {"a": "no"}, True),
        ("answered(a)", {}, False),
        ("answered(a)", {"a": DONT_KNOW}, False),
        ("dont_know(a)", {"a": DONT_KNOW}, True),
        ("dont_know(a)", {"a": "yes"}, False),
        ("dont_know(a)", {}, False),
        ("not answered(a)", {}, True),
        ("count(s) >= 2", {"s": frozenset({"mail", "taxi"})}, True),
        ("count(s) >= 2", {"s": frozenset({"mail"})}, False),
        ("count(s) == 0", {"s": frozenset()}, True),
        ("any_of(c, 'by', 'ru')", {"c": "ru"}, True),
        ("any_of(c, 'by', 'ru')", {"c": "pl"}, False),
        ("any_of(s, 'mail', 'taxi')", {"s": frozenset({"maps", "taxi"})}, True),
        ("any_of(s, 'mail', 'taxi')", {"s": frozenset({"maps"})}, False),
        ("t == 'free text'", {"t": "free text"}, True),
    ],
)
def test_semantics(expr: str, values: dict[str, Value], expected: bool) -> None:
    assert compile_condition(expr)(values) is expected


@pytest.mark.parametrize("unknown", [None, DONT_KNOW])
@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("a == 'yes'", False),
        ("a != 'yes'", True),
        ("'mail' in a", False),
        ("'mail' not in a", True),
        ("a in ['x', 'y']", False),
        ("a not in ['x', 'y']", True),
        ("a < 10", False),
        ("a <= 10", False),
        ("a > 10", False),
        ("a >= 10", False),
        ("10 > a", False),
        ("a == a", False),
        ("a != a", True),
        ("count(a) >= 0", False),
        ("count(a) == 0", False),
        ("any_of(a, 'x')", False),
        ("not a == 'yes'", True),
    ],
)
def test_missing_and_dont_know_equal_nothing(
    expr: str, expected: bool, unknown: str | None
) -> None:
    values: dict[str, Value] = {} if unknown is None else {"a": unknown}
    assert compile_condition(expr)(values) is expected


def test_dont_know_literal_never_matches_a_dont_know_answer() -> None:
    assert holds("a == 'dont_know'", a=DONT_KNOW) is False
    assert holds("any_of(a, 'dont_know')", a=DONT_KNOW) is False


def test_membership_is_never_a_substring_test() -> None:
    # A single-choice answer is a string: `in` must not look inside it.
    assert holds("'b' in c", c="by") is False
    assert holds("'by' in c", c="by") is False


def test_ordering_only_between_numbers() -> None:
    assert holds("a < 'z'", a="b") is False
    assert holds("n > 1", n="2") is False
    assert holds("s == 'mail'", s=frozenset({"mail"})) is False


def test_invalid_escape_is_kept_whatever_the_warning_filters() -> None:
    assert compile_condition(r"a == '\d'").comparisons[0].right.value == "\\d"


def test_block_scalar_with_newlines_compiles() -> None:
    compiled = compile_condition("a == 'yes'\nand n >= 3\n")
    assert compiled({"a": "yes", "n": 3}) is True
    assert compiled({"a": "yes", "n": 2}) is False


def test_leading_spaces_are_allowed_and_offsets_kept() -> None:
    compiled = compile_condition("  a == 1")
    assert compiled({"a": 1}) is True
    assert compiled.references[0].offset == 2


# --- static facts for the checks ----------------------------------------------------------------


def test_comparisons_list_operands_with_offsets() -> None:
    compiled = compile_condition("c in ['by', 'ru'] and 0 < n <= -5 and 'x' in s")
    first, second, third, fourth = compiled.comparisons
    assert first.op == "in"
    assert first.left == Operand("question", 0, name="c")
    assert first.right.kind == "list"
    assert [(i.value, i.offset) for i in first.right.items] == [("by", 6), ("ru", 12)]
    assert (second.left, second.op, second.right) == (
        Operand("literal", 22, value=0),
        "<",
        Operand("question", 26, name="n"),
    )
    assert (third.left.name, third.op, third.right) == ("n", "<=", Operand("literal", 31, value=-5))
    assert (fourth.left.value, fourth.op, fourth.right.name) == ("x", "in", "s")


def test_functions_recorded() -> None:
    compiled = compile_condition("any_of(c, 'by', 'ru') or count(s) > 1 or dont_know(x)")
    any_of, count, dont_know = compiled.functions
    assert (any_of.function, any_of.name, any_of.name_offset, any_of.offset) == (
        "any_of",
        "c",
        7,
        0,
    )
    assert [(lit.value, lit.offset) for lit in any_of.literals] == [("by", 10), ("ru", 16)]
    assert (count.function, count.name, count.name_offset) == ("count", "s", 31)
    assert compiled.comparisons[0].left == Operand("count", 25, name="s")
    assert (dont_know.function, dont_know.name) == ("dont_know", "x")
    assert [(r.name, r.offset) for r in compiled.references] == [("c", 7), ("s", 31), ("x", 51)]


def test_offsets_are_characters_not_bytes() -> None:
    assert error("a == 'ü' and b.c == 1").offset == 13
    assert compile_condition("a == 'ü' and b == 1").references[1].offset == 13


# --- forbidden constructs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "offset", "fragment"),
    [
        ("x.y == 1", 0, "attribute access"),
        ("a == 1 and x[0] == 1", 11, "indexing"),
        ("a == 1 or f(a)", 10, "`f()` is not a condition function"),
        ("lambda: 1", 0, "`lambda`"),
        ("a in [x for x in b]", 5, "comprehension"),
        ("a in {x for x in b}", 5, "comprehension"),
        ("any_of(a, *b)", 10, "unpacking"),
        ("a == f'{b}'", 5, "f-string"),
        ("(a := 1) == 1", 1, "assignment"),
        ("a + 1 > 2", 0, "arithmetic"),
        ("a > 2 * 3", 4, "arithmetic"),
        ("+a > 2", 0, "arithmetic"),
        ("-a > 2", 0, "unary minus"),
        ("a == 'x' if b else c", 0, "`if ... else`"),
        ("a in {'x': 1}", 5, "dictionary"),
        ("a in {'x'}", 5, "a set"),
        ("a == None", 5, "`None`"),
        ("a == True", 5, "`True`"),
        ("a is 1", 0, "`is`"),
        ("a == b'x'", 5, "bytes"),
        ("a == 1j", 5, "complex"),
        ("a == ...", 5, "ellipsis"),
        ("A == 1", 0, "`A` is not a question id"),
        ("_a == 1", 0, "`_a` is not a question id"),
        ("a == 1 and __builtins__ == 1", 11, "`__builtins__` is not a question id"),
        ("a", 0, "`a` alone is not a condition"),
        ("'yes'", 0, "a literal alone"),
        ("[1]", 0, "a value alone"),
        ("count(s)", 0, "count() gives a number"),
        ("answered(a) == 1", 0, "already true or false"),
        ("answered('a')", 9, "must be a question id"),
        ("answered(a, b)", 0, "exactly one question id"),
        ("answered(a=b)", 11, "no keyword arguments"),
        ("any_of(a)", 0, "at least one value"),
        ("any_of(a, 1)", 10, "quoted strings"),
        ("'x' == ['x']", 7, "a list may only follow"),
        ("['x'] == a", 0, "a list may only follow"),
        ("a in [['x']]", 6, "lists cannot be nested"),
        ("a in [b]", 6, "lists may hold only literals"),
        ("(a == 1) == (b == 1)", 1, "cannot be compared again"),
        ("eval('1') == 1", 0, "`eval()` is not a condition function"),
        ("().__class__ == 1", 0, "attribute access"),
    ],
)
def test_forbidden(expr: str, offset: int, fragment: str) -> None:
    exc = error(expr)
    assert exc.rule == "condition-forbidden"
    assert exc.offset == offset
    assert fragment in exc.message
    assert exc.hint


def test_injection_does_not_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "ran"
    monkeypatch.chdir(tmp_path)
    payloads = [
        "__import__('os').system('touch ran')",
        f"__import__('pathlib').Path({str(marker)!r}).touch()",
        "answered(a) or __import__('os').system('touch ran') == 0",
        "open('ran', 'w').write('x') > 0",
    ]
    for payload in payloads:
        exc = error(payload)
        assert exc.rule == "condition-forbidden"
    assert not marker.exists()
    assert list(tmp_path.iterdir()) == []


def test_condition_error_is_an_hrdd_error() -> None:
    exc = error("x.y == 1")
    assert isinstance(exc, HrddError)
    assert str(exc) == exc.message


# --- syntax errors and limits ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "offset", "fragment"),
    [
        ("a ==", 4, "not a valid expression"),
        ("a = 'yes'", 2, "not a valid expression"),
        ("a == 'yes", 5, "unterminated string"),
        ("a == (1", 5, "'(' was never closed"),
        ("a == 1 )", 7, "unmatched ')'"),
        ("", 0, "empty"),
        ("   ", 0, "empty"),
        ("  a ==", 6, "not a valid expression"),
    ],
)
def test_syntax(expr: str, offset: int, fragment: str) -> None:
    exc = error(expr)
    assert exc.rule == "condition-syntax"
    assert exc.offset == offset
    assert fragment in exc.message


@pytest.mark.parametrize(
    ("expr", "offset"),
    [
        ("users >= 100000  # many users\nor local_servers == 'yes'", 17),
        ("# all of them\nusers >= 1", 0),
        ("users >= 1 #", 11),
    ],
)
def test_a_comment_is_an_error_not_the_silent_end_of_the_condition(expr: str, offset: int) -> None:
    # The lines of a block scalar are joined: a `#` would comment out all the lines after it.
    exc = error(expr)
    assert exc.rule == "condition-syntax"
    assert exc.offset == offset
    assert exc.message == "`#` starts a comment, and conditions have none: all after it is lost"
    assert exc.hint == "remove it; a YAML comment goes on its own line above `when:`"


def test_a_hash_inside_a_quoted_value_is_text() -> None:
    assert holds("name == 'a # b'", name="a # b")
    assert holds("'#' in tags", tags=frozenset({"#"}))


@pytest.mark.parametrize(
    ("expr", "offset", "written"),
    [
        ("\uff55sers >= 1", 0, "\uff55sers"),  # full-width u: Python would read `users`
        ("a == 1 or \u0430 == 'x'", 10, "\u0430"),  # Cyrillic a
        ("\uff41nswered(a)", 0, "\uff41nswered"),
    ],
)
def test_lookalike_letters_are_not_read_as_ids(expr: str, offset: int, written: str) -> None:
    exc = error(expr)
    assert exc.rule == "condition-forbidden"
    assert exc.offset == offset
    assert exc.message == f"`{written}` is not plain ASCII: ids, functions and numbers are"
    assert exc.hint == "type it again with plain letters and digits (a-z, 0-9, _)"


def test_non_ascii_text_inside_quotes_is_fine() -> None:
    assert holds("city == '\u041c\u0438\u043d\u0441\u043a'", city="\u041c\u0438\u043d\u0441\u043a")


def test_single_equals_hint() -> None:
    assert error("a = 'yes'").hint == "use `==` to compare; a single `=` assigns"


def test_too_long_fails_cleanly() -> None:
    exc = error("a == 1 or " * 250 + "a == 1")
    assert exc.rule == "condition-forbidden"
    assert f"{MAX_LENGTH:,}" in exc.message
    compile_condition(" or ".join(["a == 1"] * 100))  # long but within the limit


@pytest.mark.parametrize(
    "expr",
    [
        "not " * 400 + "a == 1",
        "(" * 400 + "a == 1" + ")" * 400,
        "(a == 1 and " * 150 + "a == 1" + ")" * 150,
        "-" * 1000 + "1 > a",
    ],
)
def test_deep_nesting_fails_cleanly(expr: str) -> None:
    exc = error(expr)
    assert exc.rule in {"condition-syntax", "condition-forbidden"}


def test_depth_limit_is_generous_enough() -> None:
    expr = "not " * (MAX_DEPTH - 2) + "a == 1"
    assert compile_condition(expr)({"a": 1}) is ((MAX_DEPTH - 2) % 2 == 0)


# --- a whole questionnaire ------------------------------------------------------------------


def _questionnaire() -> RiskQuestionnaire:
    def question(
        qid: str, kind: str, when: str | None = None, **extra: object
    ) -> dict[str, object]:
        options = {
            "yes_no": [],
            "single": [{"value": "by"}, {"value": "ru"}],
            "multi": [{"value": "mail"}, {"value": "taxi"}],
        }.get(kind, [])
        return {"id": qid, "text": qid, "type": kind, "when": when, "options": options, **extra}

    return RiskQuestionnaire.model_validate(
        {
            "format": 2,
            "id": "q",
            "version": "1",
            "title": "T",
            "disclaimer": "D",
            "areas": [{"id": "a", "title": "A", "exposure": ["p"]}],
            "impacts": [
                {
                    "id": "i",
                    "title": "I",
                    "description": "D",
                    "rights": ["ICCPR 17"],
                    "rights_holders": ["users"],
                    "paths": ["p"],
                    "irremediability": {"level": 3},
                }
            ],
            "paths": [
                {
                    "id": "p",
                    "title": "P",
                    "levels": [{"when": "big == 'yes'", "likelihood": 3, "label": "big"}],
                    "reaches": [{"when": "'mail' in services", "scale": 3, "data": "mail"}],
                    "scope": {"fixed": 3},
                    "default_involvement": {"involvement": "linked", "reason": "R"},
                }
            ],
            "matrix": {
                "bands": [{"id": "low", "label": "Low"}, {"id": "high", "label": "High"}],
                "rows": [{"severity": s, "likelihood": ["low"] * 5} for s in range(5, 0, -1)],
                "headline_from": "low",
            },
            "sections": [
                {
                    "id": "s1",
                    "title": "S1",
                    "questions": [
                        question("entity", "yes_no"),
                        question("country", "single", "entity == 'yes'"),
                        question("services", "multi"),
                    ],
                },
                {
                    "id": "s2",
                    "title": "S2",
                    "when": "country == 'by'",
                    "questions": [
                        question("users", "number"),
                        question("big", "yes_no", "users >= 1000"),
                    ],
                },
            ],
        }
    )


def test_applicable_follows_sections_and_questions_in_order() -> None:
    compiled = CompiledQuestionnaire(_questionnaire())
    assert compiled.applicable({}) == ["entity", "services"]
    assert compiled.applicable({"entity": "yes"}) == ["entity", "country", "services"]
    everything: dict[str, Value] = {"entity": "yes", "country": "by", "users": 5000}
    assert compiled.applicable(everything) == ["entity", "country", "services", "users", "big"]
    assert compiled.applicable({**everything, "users": 10}) == [
        "entity",
        "country",
        "services",
        "users",
    ]


def test_answers_of_inactive_questions_count_as_missing() -> None:
    compiled = CompiledQuestionnaire(_questionnaire())
    # `country` is answered but `entity` says it does not apply: section s2 is closed, so the
    # stale `users` and `big` answers are dropped too.
    values: dict[str, Value] = {
        "entity": "no",
        "country": "by",
        "users": 5000,
        "big": "yes",
        "services": frozenset({"mail"}),
    }
    assert compiled.applicable(values) == ["entity", "services"]
    active = compiled.active_values(values)
    assert active == {"entity": "no", "services": frozenset({"mail"})}
    assert compiled.resolve(values) == (compiled.applicable(values), active)


def test_unchecked_questionnaire_raises_condition_error() -> None:
    data = _questionnaire().model_dump(mode="json")
    data["sections"][1]["questions"][1]["when"] = "users.bit_length() > 3"
    with pytest.raises(ConditionError) as info:
        CompiledQuestionnaire(RiskQuestionnaire.model_validate(data))
    assert info.value.rule == "condition-forbidden"
    assert "question `big`" in info.value.message
    assert "attribute access" in info.value.message


# --- named conditions -------------------------------------------------------------------------


def _named(**sources: str) -> dict[str, Compiled | None]:
    compiled: dict[str, Compiled | None] = dict.fromkeys(sources)
    for name, expr in sources.items():
        compiled[name] = compile_condition(expr, compiled)
    return compiled


def test_a_bare_named_condition_is_its_condition() -> None:
    named = _named(covered="a == 'yes' or b == 'yes'", present="n > 0")
    compiled = compile_condition("covered and not present", named)
    assert compiled({"a": "yes"}) is True
    assert compiled({"a": "yes", "n": 3}) is False
    assert compiled({"a": "no", "b": "no"}) is False
    assert compiled.names == frozenset({"a", "b", "n"})
    assert [(u.name, u.offset) for u in compiled.uses] == [("covered", 0), ("present", 16)]
    assert compiled.references == ()
    assert compiled.inlined == (named["covered"], named["present"])
    assert compiled.unresolved == frozenset()


def test_named_conditions_may_use_named_conditions() -> None:
    named = _named(inner="a == 'yes'", outer="inner or b == 'yes'")
    compiled = compile_condition("outer and c == 'x'", named)
    assert compiled.names == frozenset({"a", "b", "c"})
    assert compiled.inlined == (named["outer"], named["inner"])
    assert compiled({"b": "yes", "c": "x"}) is True
    assert compiled({"a": "no", "c": "x"}) is False


def test_a_known_but_uncompiled_named_condition_is_unresolved() -> None:
    compiled = compile_condition("broken or a == 'yes'", {"broken": None})
    assert compiled.unresolved == frozenset({"broken"})
    with pytest.raises(RuntimeError, match="`broken` was not compiled"):
        compiled({})


@pytest.mark.parametrize(
    ("expr", "fragment", "hint"),
    [
        ("covered == 'yes'", "`covered` is a named condition", "`covered` or `not covered`"),
        ("answered(covered)", "`covered` is a named condition", "`covered` or `not covered`"),
        ("covred", "`covred` alone is not a condition", "the named condition `covered`"),
    ],
)
def test_named_conditions_are_not_questions(expr: str, fragment: str, hint: str) -> None:
    with pytest.raises(ConditionError) as info:
        compile_condition(expr, _named(covered="a == 'yes'"))
    assert info.value.rule == "condition-forbidden"
    assert fragment in info.value.message
    assert info.value.hint is not None and hint in info.value.hint


def _with_named(**sources: str) -> RiskQuestionnaire:
    data = _questionnaire().model_dump(mode="json")
    data["conditions"] = [{"id": name, "when": when} for name, when in sources.items()]
    data["sections"][1]["when"] = "uses_by"
    data["paths"][0]["levels"][0]["when"] = "big_and_by"
    return RiskQuestionnaire.model_validate(data)


def test_compiled_questionnaire_uses_named_conditions() -> None:
    # Listed before the condition they use: compiled in dependency order, not file order.
    plain = CompiledQuestionnaire(_questionnaire())
    named = CompiledQuestionnaire(
        _with_named(big_and_by="uses_by and big == 'yes'", uses_by="country == 'by'")
    )
    cases: list[dict[str, Value]] = [
        {},
        {"entity": "yes", "country": "by", "users": 5000, "big": "yes"},
        {"entity": "yes", "country": "ru", "users": 5000, "big": "yes"},
        {"entity": "no", "country": "by", "users": 5000, "big": "yes"},
    ]
    for values in cases:
        assert named.resolve(values) == plain.resolve(values)


def test_compiled_questionnaire_refuses_a_cycle() -> None:
    with pytest.raises(ConditionError) as info:
        CompiledQuestionnaire(_with_named(uses_by="big_and_by", big_and_by="uses_by"))
    assert info.value.rule == "condition-cycle"
    assert "uses_by -> big_and_by -> uses_by" in info.value.message


def test_dependency_order_and_cycles() -> None:
    uses = {
        "a": (NameRef("b", 0), NameRef("unknown", 5)),
        "b": (NameRef("c", 0),),
        "c": (),
        "d": (NameRef("e", 3),),
        "e": (NameRef("d", 7),),
        "f": (NameRef("f", 1),),
    }
    order, cycles = dependency_order(uses)
    assert order.index("c") < order.index("b") < order.index("a")
    assert sorted(order) == sorted(uses)
    assert [(c.holder, c.use, c.path) for c in cycles] == [
        ("e", NameRef("d", 7), ("d", "e", "d")),
        ("f", NameRef("f", 1), ("f", "f")),
    ]


# --- properties -------------------------------------------------------------------------------


_TOKENS = st.sampled_from(
    [
        "a", "b", "s", "n", "'x'", "'y'", "1", "2.5", "-3", "==", "!=", "<", "<=", ">", ">=",
        " in ", " not in ", " and ", " or ", "not ", "(", ")", "[", "]", ",", "answered(",
        "dont_know(", "count(", "any_of(", ".", "__import__", "'", "=", "lambda", ":",
    ]
)  # fmt: skip
_VALUES = st.dictionaries(
    st.sampled_from(["a", "b", "s", "n"]),
    st.one_of(
        st.sampled_from(["x", "y", DONT_KNOW]),
        st.integers(-5, 5),
        st.floats(allow_nan=False, allow_infinity=False),
        st.frozensets(st.sampled_from(["x", "y", "z"])),
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, max_size=14).map("".join), _VALUES)
def test_any_input_compiles_or_fails_cleanly(expr: str, values: dict[str, Value]) -> None:
    try:
        compiled = compile_condition(expr)
    except ConditionError as exc:
        assert exc.rule in {"condition-syntax", "condition-forbidden"}
        assert 0 <= exc.offset <= len(expr)
        return
    assert compiled(values) in (True, False)
    # Tokens run together ("a" "a" is "aa"), so compare with the words actually written.
    assert compiled.names <= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expr))


@given(st.text(max_size=60), _VALUES)
def test_arbitrary_text_never_raises_anything_else(expr: str, values: dict[str, Value]) -> None:
    try:
        compile_condition(expr)(values)
    except ConditionError as exc:
        assert 0 <= exc.offset <= len(expr)


def test_walk_reads_the_state_as_the_caller_fills_it() -> None:
    yes = compile_condition("a == 'yes'")
    plan: list[tuple[Compiled | None, list[tuple[str, Compiled | None]]]] = [
        (None, [("first", None), ("second", yes)]),
        (yes, [("third", None)]),
    ]
    assert list(walk(plan, {})) == ["first"]
    state: dict[str, Value] = {}
    seen: list[str] = []
    for entry in walk(plan, state):
        seen.append(entry)
        state["a"] = "yes"
    assert seen == ["first", "second", "third"]
