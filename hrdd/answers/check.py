"""Checks of answers against their questionnaire: ids, types, options, ranges, staleness."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.model import Answers, is_dont_know, to_values
from hrdd.diagnostics import RULES, Diagnostic, Severity
from hrdd.invocation import command
from hrdd.questionnaire.hashing import question_fingerprint, questionnaire_hash
from hrdd.questionnaire.model import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
    YES_NO_VALUES,
    Question,
    Questionnaire,
    QuestionSource,
    QuestionType,
    shown_number,
)
from hrdd.suggest import did_you_mean

if TYPE_CHECKING:
    from hrdd.questionnaire.conditions import CompiledQuestionnaire
    from hrdd.questionnaire.loading import Document


def check_answers(
    answers: Answers,
    doc: Document,
    questionnaire: Questionnaire,
    compiled: CompiledQuestionnaire,
    *,
    applicable: Collection[str] | None = None,
) -> list[Diagnostic]:
    """Check answers against the questionnaire they claim to answer; return every finding.

    ``applicable`` is the ids of the questions that apply to these answers, when the caller
    has worked them out already (``compiled.resolve``); otherwise they are worked out here.

    Errors: another questionnaire id, unknown question or mitigation ids, values of the
    wrong type, values that are not options, numbers out of range, don't know where the
    question does not offer it. Warnings: answers to questions that no longer apply, and
    answers given to another version of the questionnaire (naming the changed questions).
    """
    found = Findings(doc)
    ref = answers.questionnaire
    if ref.id != questionnaire.id:
        found.add(
            ("questionnaire", "id"),
            "answer-questionnaire-mismatch",
            f"answers are for questionnaire `{ref.id}`, not `{questionnaire.id}`",
            hint="score them with the questionnaire they were given to (--questionnaire)",
        )
        return found.items
    found.items += check_values(
        {k: a.value for k, a in answers.answers.items()}, doc, questionnaire, ("answers",)
    )
    facts = _facts(questionnaire)
    known = facts.questions
    if applicable is None:
        applicable = compiled.applicable(to_values(answers))
    applicable = set(applicable)
    for qid, answer in answers.answers.items():
        if qid in known and answer.active and qid not in applicable:
            found.add(
                ("answers", qid),
                "answer-inactive",
                f"`{qid}` is answered but does not apply given the other answers; "
                "scoring ignores it",
                Severity.WARNING,
                hint="set `active: false` to keep it, or delete it",
                at_key=True,
            )
    changed = [
        qid
        for qid, answer in answers.answers.items()
        if qid in known
        and answer.question_hash is not None
        and answer.question_hash != facts.fingerprints[qid]
    ]
    current = facts.hash
    if ref.hash != current or ref.version != questionnaire.version or changed:
        what = (
            "questions changed since they were answered: " + ", ".join(f"`{c}`" for c in changed)
            if changed
            else "no answered question changed"
        )
        resume = command("assess", "--answers", Path(doc.path))
        found.add(
            ("questionnaire", "hash"),
            "answer-stale",
            f"answers were given to `{ref.id}` {ref.version} ({ref.hash[:15]}...), "
            f"the questionnaire is now {questionnaire.version} ({current[:15]}...); {what}",
            Severity.WARNING,
            hint=f"review the changed answers with `{resume}`",
        )
    mitigation_ids = [m.id for m in questionnaire.mitigations]
    for mid in answers.mitigations:
        if mid not in mitigation_ids:
            bare = mid.rpartition(":")[2]
            suggestion = did_you_mean(bare, mitigation_ids)
            hint = f"did you mean `{suggestion}`?" if suggestion else None
            if bare != mid and bare in mitigation_ids:
                hint = f"a format-1 questionnaire keys plan records by bare id: write `{bare}`"
            found.add(
                ("mitigations", mid),
                "answer-unknown-mitigation",
                f"`{mid}` is not a mitigation of `{questionnaire.id}`",
                hint=hint,
                at_key=True,
            )
    return sorted(found.items, key=lambda d: d.sort_key())


@dataclass(frozen=True)
class _Facts:
    """What the checks need from a questionnaire, computed once per questionnaire."""

    questionnaire: QuestionSource
    questions: dict[str, Question]
    fingerprints: dict[str, str]
    hash: str
    choices: dict[str, frozenset[str]]
    """The options of each yes/no and single-choice question, but never don't know."""


_FACTS: dict[int, _Facts] = {}


def _facts(questionnaire: QuestionSource) -> _Facts:
    cached = _FACTS.get(id(questionnaire))
    if cached is not None and cached.questionnaire is questionnaire:
        return cached
    questions = {q.id: q for q in questionnaire.questions()}
    facts = _Facts(
        questionnaire,
        questions,
        {qid: question_fingerprint(q) for qid, q in questions.items()},
        questionnaire_hash(questionnaire),
        {
            qid: frozenset([o.value for o in q.options] or YES_NO_VALUES) - {DONT_KNOW}
            for qid, q in questions.items()
            if q.type in (QuestionType.YES_NO, QuestionType.SINGLE)
        },
    )
    if len(_FACTS) >= 8:
        _FACTS.pop(next(iter(_FACTS)))
    _FACTS[id(questionnaire)] = facts
    return facts


def check_values(
    values: Mapping[str, object],
    doc: Document,
    questionnaire: QuestionSource,
    prefix: tuple[str | int, ...],
    *,
    value_key: bool = True,
) -> list[Diagnostic]:
    """Check stored answer values by question id (in an answers file or a test case).

    ``prefix`` is the key path of the mapping; with ``value_key`` each entry holds its
    value under ``value`` (answers files), otherwise the entry is the value (test cases).
    """
    found = Findings(doc)
    facts = _facts(questionnaire)
    known = facts.questions
    for qid, value in values.items():
        choices = facts.choices.get(qid)
        if choices is not None and isinstance(value, str) and value in choices:
            continue  # one of the options of a one-choice question: the common case
        question = known.get(qid)
        if question is None:
            suggestion = did_you_mean(qid, known)
            found.add(
                (*prefix, qid),
                "answer-unknown-question",
                f"`{qid}` is not a question of `{questionnaire.id}`",
                hint=f"did you mean `{suggestion}`?" if suggestion else None,
                at_key=True,
            )
            continue
        at = (*prefix, qid, "value") if value_key else (*prefix, qid)
        for where, rule, message, hint in value_problems(question, value):
            found.add((*at, *where), rule, message, hint=hint)
    return found.items


def value_problems(
    question: Question, value: object
) -> list[tuple[tuple[int, ...], str, str, str | None]]:
    """Return (sub-path, rule, message, hint) for each problem of one answer value."""
    qid, kind = question.id, question.type
    if value == PREFER_NOT_TO_SAY:
        if question.sensitive:
            return []
        return [
            (
                (),
                "answer-invalid-value",
                f"`{qid}` does not offer prefer not to say (it is not marked sensitive)",
                "choose one of its answers",
            )
        ]
    if is_dont_know(value):
        if question.dont_know:
            return []
        return [
            (
                (),
                "answer-invalid-value",
                f"`{qid}` does not offer don't know",
                "choose one of its answers",
            )
        ]
    if kind in (QuestionType.YES_NO, QuestionType.SINGLE, QuestionType.MULTI):
        allowed = [o.value for o in question.options] or list(YES_NO_VALUES)
        if kind is QuestionType.MULTI:
            if not isinstance(value, list):
                return [
                    (
                        (),
                        "answer-wrong-type",
                        f"`{qid}` takes a list of choices, got {_kind(value)}",
                        f"write a list, e.g. [{allowed[0]}]",
                    )
                ]
            items: list[tuple[tuple[int, ...], object]] = [((i,), v) for i, v in enumerate(value)]
        else:
            if not isinstance(value, str):
                return [
                    (
                        (),
                        "answer-wrong-type",
                        f"`{qid}` takes one choice, got {_kind(value)}",
                        f"write one of: {', '.join(allowed)}",
                    )
                ]
            items = [((), value)]
        problems: list[tuple[tuple[int, ...], str, str, str | None]] = []
        seen: set[object] = set()
        for where, item in items:
            if item in seen:
                problems.append((where, "answer-invalid-value", f"`{item}` is chosen twice", None))
            seen.add(item)
            if item not in allowed:
                suggestion = did_you_mean(str(item), allowed)
                problems.append(
                    (
                        where,
                        "answer-invalid-value",
                        f"`{item}` is not an option of `{qid}` (options: {', '.join(allowed)})",
                        f"did you mean `{suggestion}`?" if suggestion else None,
                    )
                )
        return problems
    if kind is QuestionType.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [((), "answer-wrong-type", f"`{qid}` takes a number, got {_kind(value)}", None)]
        # Whole numbers are ints; a float is whole only if it says so (never float(an int),
        # which overflows).
        if question.integer and isinstance(value, float) and not value.is_integer():
            return [
                ((), "answer-invalid-value", f"`{qid}` takes a whole number, got {value}", None)
            ]
        if question.minimum is not None and value < question.minimum:
            return [
                (
                    (),
                    "answer-invalid-value",
                    f"{value} is below the minimum {question.minimum:g}",
                    None,
                )
            ]
        if question.maximum is not None and value > question.maximum:
            return [
                (
                    (),
                    "answer-invalid-value",
                    f"{value} is above the maximum {question.maximum:g}",
                    None,
                )
            ]
        return []
    if not isinstance(value, str):
        return [((), "answer-wrong-type", f"`{qid}` takes text, got {_kind(value)}", "quote it")]
    return []


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text `{value}`"
    if isinstance(value, int | float):
        return f"the number {shown_number(value)}"
    return f"the value {value}"


def finding(
    doc: Document, path: tuple[str | int, ...], rule: str, message: str, hint: str | None = None
) -> Diagnostic:
    """Return one finding about an answers file, positioned at the value of ``path``."""
    found = Findings(doc)
    found.add(path, rule, message, hint=hint)
    return found.items[0]


class Findings:
    """Collects diagnostics positioned by key path in one loaded document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.items: list[Diagnostic] = []

    def add(
        self,
        path: tuple[str | int, ...],
        rule: str,
        message: str,
        severity: Severity | None = None,
        *,
        hint: str | None = None,
        at_key: bool = False,
    ) -> None:
        """Record a finding at the value of ``path`` (or at its key with ``at_key``)."""
        positions = self.doc.positions
        info = positions.get(path) if at_key else None
        mark = info.key if info is not None and info.key is not None else positions.locate(path)
        self.items.append(
            Diagnostic(
                path=self.doc.path,
                line=mark.line,
                column=mark.column,
                rule=rule,
                message=message,
                severity=severity or RULES[rule].severity,
                hint=hint,
                key_path=positions.key_path(path),
            )
        )
