"""One index per format-2 questionnaire: every condition compiled once, lookups built once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from hrdd.scoring.impacts._base import (
    DONT_KNOW,
    YES_NO_VALUES,
    Compiled,
    ConditionError,
    Question,
    QuestionType,
    compile_condition,
    compile_named,
)
from hrdd.scoring.impacts.format import (
    Gap,
    Involvement,
    Mitigation,
    MitigationType,
    Path,
    RiskQuestionnaire,
    Scope,
)
from hrdd.values import Value

NUMBER_RISKIEST = 1_000_000_000
"""A number gap without a `maximum` or a `gaps` entry reads as this many: every top tier."""


@dataclass(frozen=True, slots=True)
class GapValues:
    """What one question reads as when it is a data gap."""

    riskiest: Value
    favourable: Value
    bound: str | None


class World(dict[str, Value]):
    """A world: answer values with every gap filled, and the conditions already read on it.

    Scoring reads many conditions several times on the same world (an impact's rules once per
    path, a path's conditions in both worlds' path states); `RiskIndex.holds` keeps each
    answer here, so each condition is evaluated at most once per world. A world is never
    changed once resolved.
    """

    __slots__ = ("truths",)

    def __init__(self) -> None:
        """Start empty, with nothing evaluated."""
        super().__init__()
        self.truths: dict[str, bool] = {}


def _as_value(value: str | int | float | list[str]) -> Value:
    return frozenset(value) if isinstance(value, list) else value


def condition_sites(q: RiskQuestionnaire) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield every condition of the risk-model part with its data path, in file order."""
    for ai, area in enumerate(q.areas):
        for pi, practice in enumerate(area.practices):
            yield ("areas", ai, "practices", pi, "when"), practice.when
            if practice.applies is not None:
                yield ("areas", ai, "practices", pi, "applies"), practice.applies
    for ii, impact in enumerate(q.impacts):
        if impact.when is not None:
            yield ("impacts", ii, "when"), impact.when
        for part in ("scale", "irremediability"):
            block = getattr(impact, part)
            for ri, rule in enumerate(block.rules if block is not None else []):
                yield ("impacts", ii, part, "rules", ri, "when"), rule.when
    for pi, path in enumerate(q.paths):
        base: tuple[str | int, ...] = ("paths", pi)
        whens: list[tuple[str, list[str]]] = [
            ("levels", [x.when for x in path.levels]),
            ("reaches", [x.when for x in path.reaches]),
            ("interest", [x.when for x in path.interest]),
            ("safeguards", [x.when for x in path.safeguards]),
            ("involvement", [x.when for x in path.involvement]),
        ]
        for key, texts in whens:
            for i, text in enumerate(texts):
                yield (*base, key, i, "when"), text
        if path.context is not None:
            yield (*base, "context", "when"), path.context.when
    if q.at_risk is not None:
        yield ("at_risk", "when"), q.at_risk.when
    for ai, actual in enumerate(q.actual_impacts):
        yield ("actual_impacts", ai, "when"), actual.when
    for mi, mitigation in enumerate(q.mitigations):
        if mitigation.when is not None:
            yield ("mitigations", mi, "when"), mitigation.when


def scope_sites(q: RiskQuestionnaire) -> Iterator[tuple[tuple[str | int, ...], Scope]]:
    """Yield every scope declaration with its data path."""
    for ii, impact in enumerate(q.impacts):
        if impact.scope is not None:
            yield ("impacts", ii, "scope"), impact.scope
    for pi, path in enumerate(q.paths):
        yield ("paths", pi, "scope"), path.scope
    if q.at_risk is not None:
        yield ("at_risk", "scope"), q.at_risk.scope


def item_id(mitigation: Mitigation) -> str:
    """Return the plan-item id of a mitigation: `decision:<id>` or `mitigation:<id>`."""
    prefix = "decision" if mitigation.type is MitigationType.DECISION else "mitigation"
    return f"{prefix}:{mitigation.id}"


class RiskIndex:
    """A questionnaire with its conditions compiled and its tables built, once.

    Every consumer (the engine, the plan, the checks of answers) asks this index; nobody
    rebuilds a lookup.
    """

    def __init__(self, q: RiskQuestionnaire) -> None:
        """Compile every condition; raise `ConditionError` naming the first invalid one."""
        self.q = q
        named: dict[str, Compiled | None] = dict(compile_named(q.conditions))
        self._named = named
        self.questions: dict[str, Question] = {}
        self.question_order: dict[str, int] = {}
        self._walk: list[tuple[Compiled | None, list[tuple[Question, Compiled | None]]]] = []
        for section in q.sections:
            entries = []
            for question in section.questions:
                self.questions.setdefault(question.id, question)
                self.question_order.setdefault(question.id, len(self.question_order))
                entries.append((question, self._maybe(question.when, f"question `{question.id}`")))
            self._walk.append((self._maybe(section.when, f"section `{section.id}`"), entries))
        self.conditions: dict[str, Compiled] = {}
        for path, text in condition_sites(q):
            if text not in self.conditions:
                self.conditions[text] = self._compile(text, ".".join(map(str, path)))
        self.paths = {p.id: p for p in q.paths}
        self.impacts = {i.id: i for i in q.impacts}
        self.mitigations = {m.id: m for m in q.mitigations}
        self.mitigation_order = {m.id: i for i, m in enumerate(q.mitigations)}
        # An answers file keys plan records by bare mitigation id (`x`): the plan item it means.
        self.item_ids = {m.id: item_id(m) for m in q.mitigations}
        self.band_ids = [b.id for b in q.matrix.bands]
        self.band_rank = {b: i for i, b in enumerate(self.band_ids)}
        self.band_labels = {b.id: b.label for b in q.matrix.bands}
        # matrix[S][L] with S and L 1-based; a row the matrix lacks reads as the lowest band
        # (the checks report it, the engine never crashes on it).
        lowest = self.band_ids[0]
        self.matrix: list[list[str]] = [[lowest] * 6 for _ in range(6)]
        for row in q.matrix.rows:
            for likelihood, band in enumerate(row.likelihood, start=1):
                self.matrix[row.severity][likelihood] = band
        # The questions each path's state reads: in the world it is rated in, and in the
        # favourable world (confirmed-only levels, cause). The engine keys its memo of path
        # states on their answers.
        self.path_reads = {p.id: self._path_reads(p) for p in q.paths}
        self.gap_values = self._gaps(q.gaps)
        # For the favourable world's walk (`_favourable`): built once.
        self._position, self._entry, self._reached = self._reach_table()
        self.people_cutoffs = tuple(q.scope_tiers.people)
        self.staff_cutoffs = tuple(q.scope_tiers.staff)

    def _reach_table(
        self,
    ) -> tuple[
        dict[str, int],
        dict[str, tuple[Compiled | None, Compiled | None, Question]],
        dict[str, tuple[str, ...]] | None,
    ]:
        """Return each question's place in the walk, its conditions, and what a gap reaches.

        A gap question reaches itself and every question whose section or question condition
        reads a question it reaches. None when the favourable world cannot start from the
        riskiest one: a question walked twice, or a condition that reads its own question or
        a later one (the checks refuse both; the engine then walks the questions again).
        """
        position: dict[str, int] = {}
        entry: dict[str, tuple[Compiled | None, Compiled | None, Question]] = {}
        readers: dict[str, set[str]] = {}
        sound = True
        for section_when, entries in self._walk:
            for question, when in entries:
                qid = question.id
                sound = sound and qid not in position
                position[qid] = len(position)
                entry[qid] = (section_when, when, question)
                for condition in (section_when, when):
                    for name in condition.names if condition is not None else ():
                        earlier = position.get(name, len(position)) < position[qid]
                        sound = sound and (earlier or name not in self.questions)
                        readers.setdefault(name, set()).add(qid)
        if not sound:
            return position, entry, None
        reached: dict[str, tuple[str, ...]] = {}
        for qid in self.gap_values:
            found = {qid}
            todo = [qid]
            while todo:
                for reader in readers.get(todo.pop(), ()):
                    if reader not in found:
                        found.add(reader)
                        todo.append(reader)
            reached[qid] = tuple(found)
        return position, entry, reached

    def _maybe(self, text: str | None, where: str) -> Compiled | None:
        return None if text is None else self._compile(text, where)

    def _compile(self, text: str, where: str) -> Compiled:
        try:
            return compile_condition(text, self._named)
        except ConditionError as exc:
            raise ConditionError(
                f"{where}: condition `{text}`: {exc.message}", exc.offset, exc.rule, exc.hint
            ) from None

    def _path_reads(self, path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
        world = [x.when for x in path.interest]
        world += [x.when for x in path.safeguards]
        world += [x.when for x in path.reaches]
        fav: list[str] = []
        (fav if path.confirmed_only else world).extend(lv.when for lv in path.levels)
        for rule in path.involvement:
            (fav if rule.involvement is Involvement.CAUSE else world).append(rule.when)
        if path.context is not None:
            world.append(path.context.when)

        def names(texts: list[str]) -> set[str]:
            found: set[str] = set()
            for text in texts:
                found |= self.conditions[text].names
            return found

        world_names = names(world)
        if path.scope.question is not None:
            world_names.add(path.scope.question)
        return tuple(sorted(world_names)), tuple(sorted(names(fav)))

    def plan_item(self, key: str) -> str:
        """Return the plan-item id a record key names.

        A full plan-item id (`mitigation:x`, `decision:x`, `find_out:q`, `actual:a`) names
        itself; a bare id `x`, as answers files key their records, names `mitigation:x` or
        `decision:x`, whichever the questionnaire has. Anything else is returned unchanged and
        matches no item.
        """
        return self.item_ids.get(key, key)

    def holds(self, text: str, values: Mapping[str, Value]) -> bool:
        """Tell whether the compiled condition ``text`` holds for ``values``."""
        if type(values) is World:
            # Memoised per world: about three evaluations in four are repeats.
            truths = values.truths
            found = truths.get(text)
            if found is None:
                found = truths[text] = self.conditions[text].evaluate(values)
            return found
        return self.conditions[text].evaluate(values)

    def _gaps(self, declared: list[Gap]) -> dict[str, GapValues]:
        table: dict[str, GapValues] = {}
        for question in self.questions.values():
            if question.type is QuestionType.YES_NO:
                table[question.id] = GapValues(YES_NO_VALUES[0], YES_NO_VALUES[1], None)
            elif question.type is QuestionType.MULTI:
                every = frozenset(o.value for o in question.options)
                table[question.id] = GapValues(every, frozenset(), None)
            elif question.type is QuestionType.NUMBER:
                top = question.maximum if question.maximum is not None else NUMBER_RISKIEST
                low = question.minimum if question.minimum is not None else 0
                table[question.id] = GapValues(_number(top), _number(low), None)
        for gap in declared:
            table[gap.question] = GapValues(
                _as_value(gap.riskiest), _as_value(gap.favourable), gap.bound
            )
        return table

    def resolve(
        self, values: Mapping[str, Value], *, riskiest: bool
    ) -> tuple[World, list[str], list[str]]:
        """Return the world of ``values`` with every gap filled, the don't-knows, the unanswered.

        Questions are walked in order, so a question whose condition reads a gap applies or
        not as that gap's filled value says. A gap with no declared value stays unknown.
        """
        world = World()
        dont_know: list[str] = []
        unanswered: list[str] = []
        for section_when, entries in self._walk:
            if section_when is not None and not section_when.evaluate(world):
                continue
            for question, when in entries:
                if when is not None and not when.evaluate(world):
                    continue
                value = values.get(question.id)
                if value is not None and value != DONT_KNOW:
                    world[question.id] = value  # the common case, inline
                else:
                    self._fill(question, values, world, riskiest, dont_know, unanswered)
        return world, dont_know, unanswered

    def resolve_both(
        self, values: Mapping[str, Value]
    ) -> tuple[World, World, list[str], list[str]]:
        """Return the riskiest world, the favourable world, the don't-knows, the unanswered.

        The same worlds as `resolve` gives with ``riskiest`` true and false; without a gap the
        favourable world is the riskiest world itself.
        """
        risky, dont_know, unanswered = self.resolve(values, riskiest=True)
        if not dont_know and not unanswered:
            return risky, risky, dont_know, unanswered
        if self._reached is None:
            return risky, self.resolve(values, riskiest=False)[0], dont_know, unanswered
        return risky, self._favourable(values, risky, dont_know + unanswered), dont_know, unanswered

    def _favourable(self, values: Mapping[str, Value], risky: World, gaps: list[str]) -> World:
        """Return `resolve(values, riskiest=False)`'s world, started from the riskiest world.

        The two differ only at a gap and at the questions whose conditions read such a
        question, directly or through others (`_reached`, built once): only those are walked
        again, in order, each with what the questions before it hold in this world. The
        answers are the same as a full walk's; the order of the keys, which nothing reads,
        may differ. A speed-up: the walk evaluates about 130 conditions, and a gap reaches
        only the questions its answer can gate.
        """
        assert self._reached is not None
        affected: set[str] = set()
        for qid in gaps:
            reached = self._reached.get(qid)
            if reached is not None:
                affected.update(reached)
        fav = World()
        fav.update(risky)
        ignored: list[str] = []
        for qid in sorted(affected, key=self._position.__getitem__):
            section_when, when, question = self._entry[qid]
            fav.pop(qid, None)
            if (section_when is None or section_when.evaluate(fav)) and (
                when is None or when.evaluate(fav)
            ):
                self._fill(question, values, fav, False, ignored, ignored)
        return fav

    def _fill(
        self,
        question: Question,
        values: Mapping[str, Value],
        world: World,
        riskiest: bool,
        dont_know: list[str],
        unanswered: list[str],
    ) -> None:
        """Put a question that applies into ``world``: its answer, or its gap's filled value."""
        qid = question.id
        if question.type is QuestionType.TEXT:
            if qid in values:
                world[qid] = values[qid]
            return
        value = values.get(qid)
        if value is not None and value != DONT_KNOW:
            world[qid] = value
            return
        (dont_know if value is not None else unanswered).append(qid)
        gap = self.gap_values.get(qid)
        if gap is None:
            return
        filled = gap.riskiest if riskiest else gap.favourable
        if riskiest and gap.bound is not None and isinstance(filled, int | float):
            cap = values.get(gap.bound)
            if isinstance(cap, int | float) and not isinstance(cap, bool) and cap < filled:
                filled = cap
        world[qid] = filled

    def tier(self, scope: Scope, world: Mapping[str, Value]) -> int:
        """Return the scope tier 1 to 5 of ``scope`` in ``world``."""
        if scope.fixed is not None:
            return scope.fixed
        value = world.get(scope.question or "")
        if scope.map is not None:
            return scope.map.get(value, 1) if isinstance(value, str) else 1
        if not isinstance(value, int | float):
            return 1
        cutoffs = self.staff_cutoffs if scope.tiers == "staff" else self.people_cutoffs
        tier = 1
        for cutoff in cutoffs:
            if value >= cutoff:
                tier += 1
        return tier


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
