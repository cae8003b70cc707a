"""Links inside the format-2 report: anchors, which plan items address what, notes in place.

Anchors come from ids (plan-item ids, scenario ids), never from positions, so a link keeps
pointing at the same thing when the ranking changes; they hold only ``[a-z0-9-]`` and are
made unique. Respondents' notes and evidence are shown once, beside the first part of the
report whose rating their answer moves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hrdd.answers.model import Answers
from hrdd.questionnaire.model import text_in
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.result import ItemKind, PlanItem, Result
from hrdd.values import DONT_KNOW

_UNSAFE = re.compile(r"[^a-z0-9]+")


class Anchors:
    """Stable, unique HTML ids from ids: ``scenario-disclosure-state-system``."""

    def __init__(self) -> None:
        """Start with no id taken."""
        self._taken: dict[str, str] = {}
        self._used: set[str] = set()

    def __call__(self, prefix: str, raw: str) -> str:
        """Return the anchor of ``raw`` under ``prefix``; the same ``raw`` gives the same one."""
        key = f"{prefix}\0{raw}"
        if key in self._taken:
            return self._taken[key]
        base = f"{prefix}-{_UNSAFE.sub('-', raw.lower()).strip('-') or 'x'}"
        anchor, n = base, 1
        while anchor in self._used:
            n += 1
            anchor = f"{base}-{n}"
        self._used.add(anchor)
        self._taken[key] = anchor
        return anchor


@dataclass(frozen=True)
class Addressed:
    """Which plan items address which scenarios and impacts."""

    scenarios: dict[str, list[str]]
    """Scenario id -> plan-item ids acting on its path (close, narrow, lower, decision)."""
    impacts: dict[str, list[str]]
    """Impact id -> plan-item ids for the impact as a whole (harm done, find out, assess...)."""
    items: dict[str, list[str]]
    """Plan-item id -> the impact ids it addresses, in the impact ranking."""


def addressed(q: RiskQuestionnaire, result: Result, plan: Iterable[PlanItem]) -> Addressed:
    """Return the links between plan items and the scenarios and impacts they address."""
    mitigations = {m.id: m for m in q.mitigations}
    order = [i.id for i in result.impacts]
    register = {e.id: e.impacts for e in result.register}
    by_scenario: dict[str, list[str]] = {}
    by_impact: dict[str, list[str]] = {}
    by_item: dict[str, list[str]] = {}
    for item in plan:
        reached: set[str] = set()
        mitigation = mitigations.get(item.subject)
        if item.kind is ItemKind.ACTUAL:
            whole = set(register.get(item.subject, ()))
        elif item.kind is ItemKind.FIND_OUT:
            whole = {i.id for i in result.impacts if item.subject in i.gaps}
        elif mitigation is not None:
            paths = set(mitigation.closes) | set(mitigation.paths)
            named = set(mitigation.impacts)
            whole = set() if paths else named
            for impact in result.impacts:
                for s in impact.scenarios:
                    if s.path in paths and (not named or s.impact in named):
                        by_scenario.setdefault(s.id, []).append(item.id)
                        reached.add(s.impact)
        else:
            whole = set()
        for impact_id in whole:
            by_impact.setdefault(impact_id, []).append(item.id)
        by_item[item.id] = [i for i in order if i in whole | reached]
    return Addressed(by_scenario, by_impact, by_item)


def path_questions(index: RiskIndex, path_id: str) -> tuple[str, ...]:
    """Return the questions whose answers move a path's scenarios, in questionnaire order."""
    path = index.paths.get(path_id)
    if path is None:
        return ()
    texts = [x.when for x in path.levels] + [x.when for x in path.reaches]
    texts += [x.when for x in path.interest] + [x.when for x in path.safeguards]
    texts += [x.when for x in path.involvement]
    if path.context is not None:
        texts.append(path.context.when)
    names = {n for t in texts if t in index.conditions for n in index.conditions[t].names}
    if path.scope.question is not None:
        names.add(path.scope.question)
    return _ordered(index, names)


def area_questions(index: RiskIndex, area_id: str) -> tuple[str, ...]:
    """Return the questions behind an area's practices and safeguards."""
    area = next((a for a in index.q.areas if a.id == area_id), None)
    if area is None:
        return ()
    wanted = set(area.safeguards)
    texts = [s.when for p in index.q.paths for s in p.safeguards if s.id in wanted]
    texts += [p.when for p in area.practices]
    names = {n for t in texts if t in index.conditions for n in index.conditions[t].names}
    return _ordered(index, names)


def _ordered(index: RiskIndex, names: set[str]) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda n: index.question_order.get(n, len(index.questions))))


def is_web(text: str) -> bool:
    """Tell whether evidence is an http or https address (a link in HTML; else inert text)."""
    from urllib.parse import urlsplit

    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and text == text.strip()


@dataclass(frozen=True)
class AnswerPart:
    """One answer with the respondent's note and evidence."""

    question: str
    value: str
    note: str
    evidence: tuple[tuple[str, str], ...]
    """Each item with its link: the item itself for http and https, else empty (no link)."""
    by: str


class AnswerWords:
    """Answers in words, in the questionnaire's default language."""

    def __init__(self, q: RiskQuestionnaire, answers: Answers) -> None:
        """Index the questions and their option labels once."""
        self.lang = q.default_language
        self.answers = answers
        self.questions = {question.id: question for s in q.sections for question in s.questions}

    def _t(self, value: object) -> str:
        return text_in(value, self.lang, self.lang) if value is not None else ""  # type: ignore[arg-type]

    def part(self, question_id: str) -> AnswerPart | None:
        """Return the answer to a question in words, or None when it has none."""
        answer = self.answers.answers.get(question_id)
        question = self.questions.get(question_id)
        if answer is None or question is None:
            return None
        labels = {o.value: self._t(o.label) or o.value for o in question.options}
        value = answer.value
        if value == DONT_KNOW:
            words = "Don't know"
        elif isinstance(value, int | float) and not isinstance(value, bool):
            words = f"{value:,}"
        elif isinstance(value, list):
            words = ", ".join(labels.get(str(v), str(v)) for v in value) or "None selected"
        else:
            words = labels.get(str(value), str(value))
        return AnswerPart(
            question=self._t(question.text),
            value=words,
            note=" ".join((answer.note or "").split()),
            evidence=tuple((e, e if is_web(e) else "") for e in answer.evidence),
            by=answer.answered_by or "",
        )

    def annotated(self, question_ids: Iterable[str], shown: set[str]) -> tuple[AnswerPart, ...]:
        """Return the answers among ``question_ids`` with a note or evidence not yet shown."""
        parts: list[AnswerPart] = []
        for qid in question_ids:
            answer = self.answers.answers.get(qid)
            if qid in shown or answer is None or not (answer.note or answer.evidence):
                continue
            part = self.part(qid)
            if part is not None:
                shown.add(qid)
                parts.append(part)
        return tuple(parts)
