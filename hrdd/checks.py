"""Semantic checks of a questionnaire that passed the schema: ids, references, conditions, bands."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from pydantic import BaseModel

from hrdd.conditions import Compiled, ConditionError, Operand, Value, compile_condition
from hrdd.diagnostics import RULES, Diagnostic
from hrdd.loading import Document, Mark, Positions
from hrdd.models import DONT_KNOW, YES_NO_VALUES, Question, Questionnaire, QuestionType
from hrdd.suggest import did_you_mean

Path = tuple[str | int, ...]

MAX_COMBINATIONS = 4096
"""Most answer combinations tried when looking for a way to make a condition true."""

RATINGS = range(1, 26)

_KINDS = {
    QuestionType.YES_NO: "a yes/no question",
    QuestionType.SINGLE: "a single-choice question",
    QuestionType.MULTI: "a multi-choice question",
    QuestionType.NUMBER: "a number question",
    QuestionType.TEXT: "a text question",
}
_CHOICE = (QuestionType.YES_NO, QuestionType.SINGLE)


def check_questionnaire(q: Questionnaire, doc: Document) -> list[Diagnostic]:
    """Return every semantic finding in ``q``, sorted by position."""
    checker = _Checker(q, doc)
    checker.run()
    return sorted(checker.found, key=Diagnostic.sort_key)


def _mean(word: str, candidates: Iterable[str]) -> str | None:
    close = did_you_mean(word, candidates)
    return f"did you mean `{close}`?" if close else None


def _ranges(numbers: list[int]) -> str:
    groups = []
    for _, run in itertools.groupby(enumerate(numbers), lambda pair: pair[1] - pair[0]):
        items = [n for _, n in run]
        groups.append(str(items[0]) if len(items) == 1 else f"{items[0]}-{items[-1]}")
    return ", ".join(groups)


@dataclass(frozen=True)
class _Asked:
    """A question with where it sits: its order in the questionnaire and its data path."""

    question: Question
    order: int
    path: Path


@dataclass(frozen=True)
class _Condition:
    """A condition that compiled and whose names and types are sound."""

    compiled: Compiled
    path: Path


class _Checker:
    """Collects findings for one questionnaire."""

    def __init__(self, q: Questionnaire, doc: Document) -> None:
        self.q = q
        self.doc = doc
        self.found: list[Diagnostic] = []
        self.lines = doc.text.splitlines()
        self.every = [
            _Asked(question, order, ("sections", si, "questions", qi))
            for order, (si, qi, question) in enumerate(
                (si, qi, question)
                for si, section in enumerate(q.sections)
                for qi, question in enumerate(section.questions)
            )
        ]
        self.asked: dict[str, _Asked] = {}  # the first question of each id
        for asked in self.every:
            self.asked.setdefault(asked.question.id, asked)
        self.area_ids = [a.id for a in q.areas]

    # --- reporting -----------------------------------------------------------------------

    def report(
        self,
        path: Path,
        rule: str,
        message: str,
        hint: str | None = None,
        *,
        mark: Mark | None = None,
    ) -> None:
        where = self.doc.positions.locate(path) if mark is None else mark
        self.found.append(
            Diagnostic(
                path=self.doc.path,
                line=where.line,
                column=where.column,
                rule=rule,
                message=message,
                severity=RULES[rule].severity,
                hint=hint,
                key_path=Positions.key_path(path),
            )
        )

    def key_mark(self, path: Path) -> Mark:
        info = self.doc.positions.get(path)
        if info is not None and info.key is not None:
            return info.key
        return self.doc.positions.locate(path)

    def line_of(self, path: Path) -> int:
        return self.doc.positions.locate(path).line

    def condition_mark(self, path: Path, offset: int) -> Mark:
        """Map a character offset in a condition to its line and column in the file."""
        info = self.doc.positions.get(path)
        if info is None:
            return self.doc.positions.locate(path)
        start = info.value
        if info.style in ("|", ">") or info.end.line != start.line:
            return start
        if info.style is None:
            return Mark(start.line, start.column + offset)
        raw = self.lines[start.line - 1] if start.line <= len(self.lines) else ""
        index = start.column  # just past the opening quote (columns are 1-based)
        for _ in range(offset):
            if index >= len(raw):
                break
            if info.style == "'" and raw.startswith("''", index):
                index += 2
            elif info.style == '"' and raw[index] == "\\":
                index += {"x": 4, "u": 6, "U": 10}.get(raw[index + 1 : index + 2], 2)
            else:
                index += 1
        return Mark(start.line, index + 1)

    # --- the checks --------------------------------------------------------------------------

    def run(self) -> None:
        self.check_ids()
        self.check_options()
        self.check_references()
        self.check_areas()
        self.check_bands()
        self.check_conditions()
        self.check_texts(self.q, ())
        self.check_unused_sources()

    def check_ids(self) -> None:
        q = self.q
        self.unique("question", [(qq.id, (*a.path, "id")) for qq, a in self._all_questions()])
        self.unique("area", [(a.id, ("areas", i, "id")) for i, a in enumerate(q.areas)])
        self.unique("source", [(s.id, ("sources", i, "id")) for i, s in enumerate(q.sources)])
        self.unique(
            "mitigation", [(m.id, ("mitigations", i, "id")) for i, m in enumerate(q.mitigations)]
        )
        self.unique("rule", [(r.id, ("rules", i, "id")) for i, r in enumerate(q.rules)])
        self.unique("section", [(s.id, ("sections", i, "id")) for i, s in enumerate(q.sections)])
        bands = q.scoring.bands
        self.unique("band", [(b.id, ("scoring", "bands", i, "id")) for i, b in enumerate(bands)])
        for question, asked in self._all_questions():
            self.unique(
                "option value",
                [
                    (o.value, (*asked.path, "options", i, "value"))
                    for i, o in enumerate(question.options)
                ],
                f" in question `{question.id}`",
            )

    def _all_questions(self) -> Iterator[tuple[Question, _Asked]]:
        return ((asked.question, asked) for asked in self.every)

    def unique(self, what: str, items: list[tuple[str, Path]], within: str = "") -> None:
        first: dict[str, Path] = {}
        for ident, path in items:
            if ident in first:
                line = self.line_of(first[ident])
                self.report(
                    path,
                    "duplicate-id",
                    f"the {what} `{ident}` is already used{within} on line {line}",
                    f"give each {what} its own {'value' if within else 'id'}",
                )
            else:
                first[ident] = path

    def check_options(self) -> None:
        for question, asked in self._all_questions():
            self.options_of(question, asked.path)

    def options_of(self, question: Question, path: Path) -> None:
        kind = question.type
        options = (*path, "options")
        values = [o.value for o in question.options]
        for i, value in enumerate(values):
            if value == DONT_KNOW:
                self.report(
                    (*options, i, "value"),
                    "options-misused",
                    "the option value `dont_know` is reserved for the don't-know answer",
                    "remove this option and set `dont_know: true` on the question",
                )
        if kind in (QuestionType.SINGLE, QuestionType.MULTI) and len(values) < 2:
            self.report(
                options if values else (*path, "type"),
                "options-misused",
                f"{_KINDS[kind]} needs at least two options; it has {len(values)}",
                "add the options the respondent chooses from",
            )
        if kind is QuestionType.YES_NO and values:
            for i, value in enumerate(values):
                if value not in YES_NO_VALUES and value != DONT_KNOW:
                    self.report(
                        (*options, i, "value"),
                        "options-misused",
                        f"a yes/no question's options are `yes` and `no`, not `{value}`",
                        _mean(value, YES_NO_VALUES) or "use a single-choice question for more",
                    )
            missing = [v for v in YES_NO_VALUES if v not in values]
            if missing:
                self.report(
                    options,
                    "options-misused",
                    f"the options of a yes/no question must be `yes` and `no`; "
                    f"`{'`, `'.join(missing)}` is missing",
                    "list both, or leave `options` out to offer yes and no without points",
                )
        if kind in (QuestionType.NUMBER, QuestionType.TEXT) and values:
            self.report(
                options,
                "options-misused",
                f"{_KINDS[kind]} takes no options",
                "remove `options`, or make it a single- or multi-choice question",
            )
        if question.cap and kind is not QuestionType.MULTI:
            self.report(
                (*path, "cap"),
                "options-misused",
                f"`cap` limits the points of several selections; {_KINDS[kind]} has one answer",
                "remove `cap`",
            )
        if kind is not QuestionType.NUMBER:
            for bound in ("minimum", "maximum"):
                if getattr(question, bound) is not None:
                    self.report(
                        (*path, bound),
                        "options-misused",
                        f"`{bound}` applies only to number questions; this is {_KINDS[kind]}",
                        f"remove `{bound}`",
                    )
        low, high = question.minimum, question.maximum
        if low is not None and high is not None and low > high:
            self.report(
                (*path, "minimum"),
                "options-misused",
                f"the minimum {low:g} is greater than the maximum {high:g}",
                "swap them",
            )

    def check_references(self) -> None:
        q = self.q
        for question, asked in self._all_questions():
            for i, option in enumerate(question.options):
                for area in option.points:
                    self.area_ref((*asked.path, "options", i, "points", area), area, key=True)
            for area in question.cap:
                self.area_ref((*asked.path, "cap", area), area, key=True)
        for i, rule in enumerate(q.rules):
            for j, area in enumerate(rule.areas):
                if area != "*":
                    self.area_ref(("rules", i, "areas", j), area)
        for i, mitigation in enumerate(q.mitigations):
            for j, area in enumerate(mitigation.areas):
                self.area_ref(("mitigations", i, "areas", j), area)
        sources = [s.id for s in q.sources]
        for path, source in self._references():
            if source not in sources:
                self.report(
                    path,
                    "unknown-source",
                    f"no source has the id `{source}`",
                    _mean(source, sources) or "declare it under `sources`",
                )
        bands = [b.id for b in q.scoring.bands]
        defaults = self.doc.positions.get(("scoring", "overrides")) is None
        for i, override in enumerate(q.scoring.overrides):
            if override.band in bands:
                continue
            if defaults:
                message = f"the default overrides raise areas to band `{override.band}`, "
                hint = "name the bands low, medium, high and critical, or set `overrides`"
            else:
                message = ""
                hint = _mean(override.band, bands) or f"use one of: {', '.join(bands)}"
            self.report(
                ("scoring", "overrides", i, "band"),
                "unknown-band",
                f"{message}{'but ' if message else ''}no rating band has the id `{override.band}`",
                hint,
            )

    def area_ref(self, path: Path, area: str, *, key: bool = False) -> None:
        if area in self.area_ids:
            return
        self.report(
            path,
            "unknown-area",
            f"no risk area has the id `{area}`",
            _mean(area, self.area_ids) or "declare it under `areas`",
            mark=self.key_mark(path) if key else None,
        )

    def _references(self) -> Iterator[tuple[Path, str]]:
        q = self.q
        holders: list[tuple[Path, BaseModel]] = [(("areas", i), a) for i, a in enumerate(q.areas)]
        holders += [(asked.path, question) for question, asked in self._all_questions()]
        holders += [(("rules", i), r) for i, r in enumerate(q.rules)]
        holders += [(("mitigations", i), m) for i, m in enumerate(q.mitigations)]
        for path, holder in holders:
            for j, reference in enumerate(getattr(holder, "references", [])):
                yield (*path, "references", j, "source"), reference.source

    def check_areas(self) -> None:
        raised: set[str] = set()
        for question in self.q.questions():
            for option in question.options:
                raised.update(area for area, points in option.points.items() if points > 0)
        for rule in self.q.rules:
            if rule.floor is not None:
                raised.update(self.area_ids if "*" in rule.areas else rule.areas)
        addressed = {area for m in self.q.mitigations for area in m.areas}
        for i, area in enumerate(self.q.areas):
            path: Path = ("areas", i, "id")
            if area.id not in raised:
                self.report(
                    path,
                    "area-unreachable",
                    f"no answer raises the likelihood of area `{area.id}`",
                    f"give `{area.id}` points on the options that expose people to it, "
                    "or a rule with a `floor`",
                )
            if area.id not in addressed:
                self.report(
                    path,
                    "area-no-mitigation",
                    f"no mitigation addresses area `{area.id}`",
                    f"add a mitigation with `areas: [{area.id}]`",
                )

    def check_bands(self) -> None:
        bands = self.q.scoring.bands
        where: Path = ("scoring", "bands")
        for i, band in enumerate(bands):
            if band.min > band.max:
                self.report(
                    (*where, i, "min"),
                    "bands-order",
                    f"band `{band.id}` starts at {band.min}, above its end at {band.max}",
                    "swap `min` and `max`",
                )
            elif i and band.min < bands[i - 1].min:
                self.report(
                    (*where, i, "min"),
                    "bands-order",
                    f"band `{band.id}` (from {band.min}) is listed after band "
                    f"`{bands[i - 1].id}` (from {bands[i - 1].min})",
                    "list the bands lowest first: their order ranks them",
                )
        covered: dict[int, int] = {}
        for i, band in enumerate(bands):
            for rating in range(band.min, band.max + 1):
                if rating in covered:
                    other = bands[covered[rating]]
                    self.report(
                        (*where, i, "min"),
                        "bands-overlap",
                        f"band `{band.id}` ({band.min}-{band.max}) overlaps band `{other.id}` "
                        f"({other.min}-{other.max})",
                        "make each band start one above the end of the band below it",
                    )
                    break
            for rating in range(band.min, band.max + 1):
                covered.setdefault(rating, i)
        gaps = [r for r in RATINGS if r not in covered]
        if gaps:
            self.report(
                where,
                "bands-gap",
                f"no band covers the rating{'s' if len(gaps) > 1 else ''} {_ranges(gaps)}",
                "the bands must cover every rating from 1 to 25",
                mark=self.key_mark(where),
            )

    def check_texts(self, model: BaseModel, path: Path) -> None:
        declared = self.q.languages
        # A model's __dict__ holds its field values in field order. Strings, numbers and None
        # are most of them and hold no text mapping: skipping them first keeps this walk over
        # every model of the file cheap (isinstance against BaseModel is an ABC check).
        for name, value in model.__dict__.items():
            if value is None or isinstance(value, (str, int, float)):
                continue
            here: Path = (*path, name)
            if isinstance(value, BaseModel):
                self.check_texts(value, here)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        self.check_texts(item, (*here, i))
            elif (
                isinstance(value, dict)
                and value
                and all(isinstance(v, str) for v in value.values())
            ):
                self.translations(value, here, declared)

    def translations(self, text: Mapping[str, str], path: Path, declared: list[str]) -> None:
        for language in text:
            if language not in declared:
                self.report(
                    (*path, language),
                    "unknown-language",
                    f"the language `{language}` is not declared in `languages`",
                    _mean(language, declared) or f"add `{language}` to `languages` or remove it",
                    mark=self.key_mark((*path, language)),
                )
        missing = [language for language in declared if language not in text]
        if missing:
            names = "`, `".join(missing)
            self.report(
                path,
                "missing-translation",
                f"this text has no `{names}` translation",
                f"add {', '.join(f'`{m}:`' for m in missing)}; until then another is shown",
            )

    def check_unused_sources(self) -> None:
        used = {source for _, source in self._references()}
        for i, source in enumerate(self.q.sources):
            if source.id not in used:
                self.report(
                    ("sources", i, "id"),
                    "unused-source",
                    f"the source `{source.id}` is never referenced",
                    "cite it in a `references` list, or remove it",
                )

    # --- conditions --------------------------------------------------------------------------

    def check_conditions(self) -> None:
        q = self.q
        all_ids = set(self.asked)
        seen = 0
        for si, section in enumerate(q.sections):
            before = {qid for qid, a in self.asked.items() if a.order < seen}
            section_ok: _Condition | None = None
            section_never = False
            if section.when is not None:
                section_ok = self.condition(
                    ("sections", si, "when"), section.when, before, "section"
                )
                if section_ok is not None:
                    section_never = self.never_true(
                        [section_ok], "the section is never asked", section_ok.path
                    )
            for qi, question in enumerate(section.questions):
                if question.when is not None:
                    earlier = {qid for qid, a in self.asked.items() if a.order < seen}
                    path: Path = ("sections", si, "questions", qi, "when")
                    ok = self.condition(path, question.when, earlier, "question")
                    if ok is not None and not section_never:
                        parts = [ok] if section_ok is None else [section_ok, ok]
                        self.never_true(parts, "the question is never asked", path)
                seen += 1
        for i, rule in enumerate(q.rules):
            ok = self.condition(("rules", i, "when"), rule.when, all_ids, "rule")
            if ok is not None:
                self.never_true([ok], "the rule never applies", ok.path)
        for i, mitigation in enumerate(q.mitigations):
            if mitigation.when is not None:
                path = ("mitigations", i, "when")
                ok = self.condition(path, mitigation.when, all_ids, "mitigation")
                if ok is not None:
                    self.never_true([ok], "the mitigation is never recommended", path)

    def condition(self, path: Path, expr: str, allowed: set[str], holder: str) -> _Condition | None:
        """Check one condition; return it when it is sound enough to evaluate."""
        try:
            compiled = compile_condition(expr)
        except ConditionError as exc:
            self.report(
                path, exc.rule, exc.message, exc.hint, mark=self.condition_mark(path, exc.offset)
            )
            return None
        before = len(self.found)
        for ref in compiled.references:
            self.name(path, compiled, ref.name, ref.offset, allowed, holder)
        if len(self.found) == before:
            types = _Types(self, path)
            for comparison in compiled.comparisons:
                types.comparison(comparison.left, comparison.op, comparison.right)
            for use in compiled.functions:
                types.function(use.function, use.name, use.name_offset, use.literals)
        return _Condition(compiled, path) if len(self.found) == before else None

    def name(
        self, path: Path, compiled: Compiled, name: str, offset: int, allowed: set[str], holder: str
    ) -> None:
        asked = self.asked.get(name)
        if asked is None:
            hint = _mean(name, self.asked)
            for c in compiled.comparisons:
                sides = (c.left, c.right)
                other = next((s for s in sides if s.kind == "question" and s.name != name), None)
                if (
                    other
                    and any(s.name == name for s in sides)
                    and name in self.values_of(other.name)
                ):
                    hint = f"quote it if it is a value: `{other.name} {c.op} '{name}'`"
            self.report(
                path,
                "condition-unknown-question",
                f"no question has the id `{name}`",
                hint,
                mark=self.condition_mark(path, offset),
            )
            return
        if name in allowed:
            return
        own = path[:-1]
        if own == asked.path:
            message = f"the condition of question `{name}` refers to `{name}` itself"
        else:
            where = "in this section or after it" if holder == "section" else "after this question"
            message = f"question `{name}` is asked {where} (line {self.line_of(asked.path)})"
        self.report(
            path,
            "condition-forward-reference",
            message,
            "a condition may only use answers to questions asked before it: move "
            f"`{name}` earlier, or test it in a rule or mitigation",
            mark=self.condition_mark(path, offset),
        )

    def values_of(self, name: str) -> list[str]:
        asked = self.asked.get(name)
        if asked is None:
            return []
        question = asked.question
        values = [o.value for o in question.options]
        if question.type is QuestionType.YES_NO and not values:
            return list(YES_NO_VALUES)
        return values

    def never_true(self, parts: list[_Condition], consequence: str, path: Path) -> bool:
        """Report a condition that no answers can satisfy; return whether it was reported."""
        compiled = [p.compiled for p in parts]
        names = sorted(set().union(*(c.names for c in compiled)))
        choices = [_candidates(self.asked[n].question, compiled) for n in names]
        if math.prod(len(c) for c in choices) > MAX_COMBINATIONS:
            return False
        for combination in itertools.product(*choices):
            values = {n: v for n, v in zip(names, combination, strict=True) if v is not None}
            if all(c(values) for c in compiled):
                return False
        section = " together with the section's condition" if len(parts) > 1 else ""
        self.report(
            path,
            "condition-never-true",
            f"no answers can make this condition true{section}: {consequence}",
            "check the values and operators against the options of the questions it names",
        )
        return True


class _Types:
    """Type checks of one condition's comparisons and function calls."""

    def __init__(self, checker: _Checker, path: Path) -> None:
        self.checker = checker
        self.path = path

    def question(self, name: str) -> Question:
        return self.checker.asked[name].question

    def kind(self, operand: Operand) -> str:
        if operand.kind == "count":
            return "number"
        if operand.kind == "list":
            return "list"
        if operand.kind == "literal":
            return "string" if isinstance(operand.value, str) else "number"
        qtype = self.question(operand.name).type
        if qtype in _CHOICE:
            return "choice"
        return {QuestionType.MULTI: "multi", QuestionType.NUMBER: "number"}.get(qtype, "text")

    def describe(self, operand: Operand) -> str:
        if operand.kind == "question":
            return f"`{operand.name}` is {_KINDS[self.question(operand.name).type]}"
        if operand.kind == "count":
            return f"count({operand.name}) is a number"
        if operand.kind == "list":
            return "this is a list"
        return f"{operand.value!r} is a {'string' if isinstance(operand.value, str) else 'number'}"

    def error(self, offset: int, message: str, hint: str | None = None) -> None:
        checker = self.checker
        mark = checker.condition_mark(self.path, offset)
        checker.report(self.path, "condition-type", message, hint, mark=mark)

    def comparison(self, left: Operand, op: str, right: Operand) -> None:
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
                options = self.checker.values_of(subject.name)
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
        values = self.checker.values_of(name)
        value = str(literal.value)
        if value in values:
            return True
        hint: str | None
        if value == DONT_KNOW:
            message = "`dont_know` is not an option value"
            hint = f"use `dont_know({name})` to test a don't-know answer"
        else:
            message = f"`{value}` is not an option of `{name}` (options: {_listed(values)})"
            hint = _mean(value, values)
        mark = self.checker.condition_mark(self.path, literal.offset)
        self.checker.report(self.path, "condition-unknown-option", message, hint, mark=mark)
        return False

    def function(
        self, function: str, name: str, offset: int, literals: tuple[Operand, ...]
    ) -> None:
        qtype = self.question(name).type
        if function == "count" and qtype is not QuestionType.MULTI:
            self.error(
                offset,
                f"count() counts the selections of a multi-choice question, but `{name}` is "
                f"{_KINDS[qtype]}",
                f"use `answered({name})`" if qtype is not QuestionType.NUMBER else None,
            )
        elif function == "any_of":
            if qtype in (QuestionType.NUMBER, QuestionType.TEXT):
                self.error(
                    offset,
                    f"any_of() tests the options of a choice question, but `{name}` is "
                    f"{_KINDS[qtype]}",
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


def _candidates(question: Question, conditions: list[Compiled]) -> list[Value | None]:
    """Answers to try for ``question``: every case the conditions can tell apart.

    None stands for a missing answer. The set covers every region the literals of the
    conditions cut the answer space into, so an empty result is a proof, not a guess.
    """
    found: list[Value | None] = [None]
    if question.dont_know:
        found.append(DONT_KNOW)
    literals = [
        operand.value
        for compiled in conditions
        for comparison in compiled.comparisons
        for side in (comparison.left, comparison.right)
        for operand in (side, *side.items)
        if operand.kind == "literal"
    ]
    literals += [lit.value for c in conditions for f in c.functions for lit in f.literals]
    kind = question.type
    values = [o.value for o in question.options]
    if kind is QuestionType.YES_NO and not values:
        values = list(YES_NO_VALUES)
    if kind in _CHOICE:
        return found + list(values)
    if kind is QuestionType.MULTI:
        return found + _selections(values, literals)
    if kind is QuestionType.NUMBER:
        return found + _numbers(question, [v for v in literals if not isinstance(v, str)])
    strings = list(dict.fromkeys(v for v in literals if isinstance(v, str)))
    return found + strings + ["\x00none of the literals"]


def _selections(values: list[str], literals: list[str | int | float]) -> list[Value | None]:
    """Return selections that differ in which named values they hold and in their size."""
    named = [v for v in values if v in literals]
    others = [v for v in values if v not in literals]
    result: list[Value | None] = []
    for size in range(len(named) + 1):
        for chosen in itertools.combinations(named, size):
            result.extend(frozenset(chosen + tuple(others[:k])) for k in range(len(others) + 1))
            if len(result) > MAX_COMBINATIONS:
                return result
    return result


def _numbers(question: Question, literals: list[str | int | float]) -> list[Value | None]:
    """Return a number from every region the literals and bounds cut the number line into."""
    points: set[float] = set()
    for literal in literals:
        try:
            point = float(literal)
        except OverflowError:  # an integer literal beyond any float: no answer reaches it
            continue
        if math.isfinite(point):
            points.add(point)
    low, high = question.minimum, question.maximum
    points.update(b for b in (low, high) if b is not None and math.isfinite(b))
    ordered = sorted(points) or [0.0]
    tries: set[float] = set()
    if question.integer:
        for p in ordered:
            tries.update({math.floor(p), math.ceil(p), math.ceil(p) - 1, math.floor(p) + 1})
    else:
        tries.update(ordered)
        tries.update({ordered[0] - 1, ordered[-1] + 1})
        tries.update((a + b) / 2 for a, b in itertools.pairwise(ordered))
    result: list[Value | None] = []
    for value in sorted(tries):
        if (low is not None and value < low) or (high is not None and value > high):
            continue
        result.append(int(value) if question.integer else value)
    return result
