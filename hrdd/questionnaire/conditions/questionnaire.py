"""Every condition of a questionnaire compiled once, and which questions apply to answers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from hrdd.questionnaire.conditions.compiled import Compiled, ConditionError, NameRef
from hrdd.questionnaire.conditions.parse import compile_condition
from hrdd.questionnaire.hashing import question_fingerprint, questionnaire_hash
from hrdd.questionnaire.model import NamedCondition, Question, QuestionSource
from hrdd.values import Value

_E = TypeVar("_E")


@dataclass(frozen=True)
class Cycle:
    """A use of a named condition that closes a circle of named conditions."""

    holder: str
    """The named condition whose text holds the use."""
    use: NameRef
    path: tuple[str, ...]
    """The names around the circle, from the used one back to it, e.g. ``(a, b, a)``."""


def dependency_order(
    uses: Mapping[str, Sequence[NameRef]],
) -> tuple[list[str], list[Cycle]]:
    """Order named conditions so that each comes after those it uses; find the cycles.

    ``uses`` maps each named condition, in file order, to the named conditions its text uses;
    uses of names that are not keys are ignored. Each use that closes a circle is returned
    once, as found by a depth-first walk in file order.
    """
    order: list[str] = []
    cycles: list[Cycle] = []
    state: dict[str, bool] = {}  # False while being walked, True when done
    stack: list[str] = []

    def walk(name: str) -> None:
        state[name] = False
        stack.append(name)
        for use in uses[name]:
            if use.name not in uses:
                continue
            seen = state.get(use.name)
            if seen is None:
                walk(use.name)
            elif seen is False:
                circle = (*stack[stack.index(use.name) :], use.name)
                cycles.append(Cycle(name, use, circle))
        stack.pop()
        state[name] = True
        order.append(name)

    for name in uses:
        if name not in state:
            walk(name)
    return order, cycles


def compile_named(conditions: Sequence[NamedCondition]) -> dict[str, Compiled]:
    """Compile named conditions, each once and after those it uses.

    Raises:
        ConditionError: one is not valid, or named conditions use each other in a circle.
    """
    unknown: dict[str, Compiled | None] = {c.id: None for c in conditions}
    sources = {c.id: c.when for c in conditions}
    uses = {c.id: _compile(c.when, f"named condition `{c.id}`", unknown).uses for c in conditions}
    order, cycles = dependency_order(uses)
    if cycles:
        cycle = cycles[0]
        raise ConditionError(
            f"named condition `{cycle.holder}`: condition `{sources[cycle.holder]}`: "
            f"named conditions use each other in a circle: {' -> '.join(cycle.path)}",
            cycle.use.offset,
            "condition-cycle",
            "a named condition may use only other named conditions that do not use it",
        )
    compiled: dict[str, Compiled | None] = dict(unknown)
    for name in order:
        compiled[name] = _compile(sources[name], f"named condition `{name}`", compiled)
    return {name: done for name, done in compiled.items() if done is not None}


def _compile_at(
    expr: str | None, where: str, named: Mapping[str, Compiled | None]
) -> Compiled | None:
    return None if expr is None else _compile(expr, where, named)


def _compile(expr: str, where: str, named: Mapping[str, Compiled | None]) -> Compiled:
    try:
        return compile_condition(expr, named)
    except ConditionError as exc:
        raise ConditionError(
            f"{where}: condition `{expr}`: {exc.message} (at character {exc.offset + 1})",
            exc.offset,
            exc.rule,
            exc.hint,
        ) from None


def walk(
    plan: Iterable[tuple[Compiled | None, Iterable[tuple[_E, Compiled | None]]]],
    state: Mapping[str, Value],
) -> Iterator[_E]:
    """Yield, in questionnaire order, each entry whose section and own condition hold.

    ``plan`` holds each section's condition with its questions' entries and conditions. The
    conditions read ``state`` as it is when they are reached: the caller adds the values of
    the entries it is given, so a later condition reads the answers before it.
    """
    for section_when, entries in plan:
        if section_when is not None and not section_when.evaluate(state):
            continue
        for entry, when in entries:
            if when is None or when.evaluate(state):
                yield entry


class CompiledQuestionnaire:
    """Every condition of a questionnaire compiled once, with its questions by id.

    Built once per questionnaire: scoring, the dialogue and the checks of answers ask it
    rather than build their own lookups. A named condition is compiled once and its closure
    is shared by every condition that uses it, so using one costs what writing its text in
    place would.
    """

    def __init__(self, questionnaire: QuestionSource) -> None:
        """Compile every condition; raise `ConditionError` if one is not valid.

        The named conditions and the conditions of sections and questions are compiled, for
        the dialogue; the risk model compiles its own (`hrdd.scoring.impacts.index`).
        """
        self.questionnaire = questionnaire
        self.questions: dict[str, Question] = {}
        """Every question by id (the first, should an id repeat), in questionnaire order."""
        for question in questionnaire.questions():
            self.questions.setdefault(question.id, question)
        named: dict[str, Compiled | None] = dict(compile_named(list(questionnaire.conditions)))
        self._plan: list[tuple[Compiled | None, list[tuple[str, Compiled | None]]]] = [
            (
                _compile_at(section.when, f"section `{section.id}`", named),
                [
                    (q.id, _compile_at(q.when, f"question `{q.id}`", named))
                    for q in section.questions
                ],
            )
            for section in questionnaire.sections
        ]

    @cached_property
    def hash(self) -> str:
        """Return the questionnaire's content hash (``sha256:...``)."""
        return questionnaire_hash(self.questionnaire)

    @cached_property
    def fingerprints(self) -> dict[str, str]:
        """Return each question's fingerprint by id: what an answer records it was given to."""
        return {qid: question_fingerprint(q) for qid, q in self.questions.items()}

    def resolve(self, values: Mapping[str, Value]) -> tuple[list[str], dict[str, Value]]:
        """Return `applicable` and `active_values` together, walking the questions once."""
        applicable: list[str] = []
        active: dict[str, Value] = {}
        for question_id in walk(self._plan, active):
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
