"""The specialised comparisons of the condition evaluator mean what the general form means.

`evaluate.compare` turns the common shapes (question == literal, question in list, literal in
selection, number and count orderings) into single closures; `evaluate.comparison` over the
operands' getters is the general form. Both must give the same answer for every value a
mapping may hold: missing, don't know, strings, numbers (bools and integral floats too) and
selections.
"""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.questionnaire.conditions import compile_condition
from hrdd.questionnaire.conditions import evaluate as run
from hrdd.questionnaire.conditions.compiled import Evaluator, Operand
from hrdd.values import DONT_KNOW, Value

NAMES = ("a", "b")
SYMBOLS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")

scalars = st.one_of(
    st.sampled_from(["x", "y", "yes", "no", DONT_KNOW, ""]),
    st.integers(-3, 3),
    st.floats(-3, 3, allow_nan=False).map(lambda f: round(f, 1)),
)
literals = scalars.map(lambda v: Operand("literal", 0, value=v))
lists = st.lists(literals, max_size=4).map(lambda items: Operand("list", 0, items=tuple(items)))
questions = st.sampled_from(NAMES).map(lambda n: Operand("question", 0, name=n))
counts = st.sampled_from(NAMES).map(lambda n: Operand("count", 0, name=n))
operands = st.one_of(questions, counts, literals, lists)
answers = st.one_of(
    scalars,
    st.booleans(),
    st.frozensets(st.sampled_from(["x", "y", "yes", DONT_KNOW, 1, 2]), max_size=4),
)
mappings = st.dictionaries(st.sampled_from(NAMES), answers)


def general(symbol: str, left: Operand, right: Operand, values: Mapping[str, Value]) -> bool:
    return run.comparison(symbol, run.getter(left), run.getter(right))(values)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(SYMBOLS), operands, operands, mappings)
def test_specialised_comparisons_mean_the_general_form(
    symbol: str, left: Operand, right: Operand, values: dict[str, Value]
) -> None:
    found = run.compare(symbol, left, right)(values)
    assert type(found) is bool
    assert found == general(symbol, left, right, values)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["==", "!=", "in", "not in", "<", ">="]),
    st.sampled_from([*NAMES, "count"]),
    st.one_of(literals, lists),
    st.one_of(st.none(), answers),
    st.booleans(),
)
def test_the_common_shapes_are_specialised_and_agree(
    symbol: str, name: str, literal: Operand, value: Value | None, literal_first: bool
) -> None:
    # The shapes conditions are written in, with the question missing when `value` is None.
    if name == "count":
        question = Operand("count", 0, name="a")
    else:
        question = Operand("question", 0, name=name)
    left, right = (literal, question) if literal_first else (question, literal)
    values = {} if value is None else {question.name: value}
    assert run.compare(symbol, left, right)(values) == general(symbol, left, right, values)


@given(st.lists(st.booleans(), min_size=1, max_size=4))
def test_joined_parts_short_circuit_as_and_or(truths: list[bool]) -> None:
    calls: list[int] = []

    def part(i: int) -> Evaluator:
        def test(_values: Mapping[str, Value]) -> bool:
            calls.append(i)
            return truths[i]

        return test

    parts = tuple(part(i) for i in range(len(truths)))
    assert run.all_of(parts)({}) is all(truths)
    first_false = truths.index(False) + 1 if False in truths else len(truths)
    assert calls == list(range(first_false))
    calls.clear()
    assert run.any_part(parts)({}) is any(truths)
    first_true = truths.index(True) + 1 if True in truths else len(truths)
    assert calls == list(range(first_true))


def test_compiled_conditions_keep_the_missing_and_dont_know_semantics() -> None:
    cases: list[tuple[str, dict[str, Value], bool]] = [
        ("a == 'x'", {}, False),
        ("a == 'x'", {"a": DONT_KNOW}, False),
        ("a == 'dont_know'", {"a": DONT_KNOW}, False),
        ("a != 'x'", {"a": DONT_KNOW}, True),
        ("a in ['x', 'dont_know']", {"a": DONT_KNOW}, False),
        ("a not in ['x']", {}, True),
        ("'x' in a", {"a": frozenset({"x"})}, True),
        ("'x' in a", {"a": "x"}, False),
        ("a > 1", {"a": True}, False),
        ("a >= 2", {"a": 2.0}, True),
        ("1 < a", {"a": DONT_KNOW}, False),
        ("a < 'x'", {"a": 1}, False),
        ("count(a) >= 2", {"a": frozenset({"x", "y"})}, True),
        ("count(a) > 0", {"a": DONT_KNOW}, False),
        ("a == 1 and count(b) == 0", {"a": 1, "b": frozenset()}, True),
        ("a == 1 or b == 'x'", {"a": 1.0}, True),
    ]
    for text, values, expected in cases:
        assert compile_condition(text)(values) is expected, text
