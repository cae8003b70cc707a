"""The scoring engine: answers in, an Assessment with every driver out. No I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from itertools import product

from hrdd.answers.model import Answers, MitigationRecord, to_values
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.hashing import questionnaire_hash
from hrdd.questionnaire.model import (
    Mitigation,
    Question,
    Questionnaire,
    QuestionType,
)
from hrdd.scoring.method import band_for, likelihood, weighted_severity
from hrdd.scoring.model import (
    AreaResult,
    Assessment,
    DimensionDriver,
    JsonValue,
    Likelihood,
    MitigationDriver,
    Overall,
    PointDriver,
    Residual,
    Severity,
)
from hrdd.scoring.plan import plan_mitigations
from hrdd.scoring.vector import format_vector
from hrdd.values import (
    DONT_KNOW,
    YES_NO_VALUES,
    Value,
)

DIMENSIONS: tuple[str, str, str] = ("scale", "scope", "irremediability")
FIGURES: tuple[str, ...] = ("likelihood", *DIMENSIONS)
_INVOLVEMENT_STRENGTH = {"linked": 1, "contribute": 2, "cause": 3}

_SHARED_LIMIT = 10_000
"""How many distinct likelihood results a scorer keeps to share between assessments."""

Resolved = tuple[list[str], dict[str, Value]]
"""What ``CompiledQuestionnaire.resolve`` returns: applicable ids and the active answers."""

PointTable = dict[str, dict[str, int]]
"""Option value -> area id -> points."""


@dataclass(frozen=True)
class _QuestionTable:
    """What scoring needs to know about one question, computed once."""

    question: Question
    options: PointTable
    cap: dict[str, int]
    riskiest: dict[str, int]


def _option_table(question: Question) -> PointTable:
    table = {o.value: dict(o.points) for o in question.options}
    if question.type is QuestionType.YES_NO and not table:
        table = {v: {} for v in YES_NO_VALUES}
    return table


def _capped(points: dict[str, int], cap: Mapping[str, int]) -> dict[str, int]:
    return {a: min(p, cap[a]) if a in cap else p for a, p in points.items()}


def _riskiest(question: Question, options: PointTable) -> dict[str, int]:
    """Points of the riskiest answer, per area: what don't know scores."""
    result: dict[str, int] = {}
    if question.type is QuestionType.MULTI:
        for points in options.values():
            for area, p in points.items():
                result[area] = result.get(area, 0) + p
        return _capped(result, question.cap)
    for points in options.values():
        for area, p in points.items():
            result[area] = max(result.get(area, 0), p)
    return _capped(result, question.cap)


class Scorer:
    """Scores any number of answer sets against one questionnaire compiled once."""

    def __init__(
        self, questionnaire: Questionnaire, compiled: CompiledQuestionnaire | None = None
    ) -> None:
        """Prepare the point tables, denominators and compiled conditions."""
        q = questionnaire
        self.questionnaire = q
        self.compiled = compiled if compiled is not None else CompiledQuestionnaire(q)
        self.hash = questionnaire_hash(q)
        self.tables: dict[str, _QuestionTable] = {}
        for question in q.questions():
            options = _option_table(question)
            self.tables[question.id] = _QuestionTable(
                question, options, dict(question.cap), _riskiest(question, options)
            )
        self.max_points: dict[str, int] = {a.id: 0 for a in q.areas}
        for table in self.tables.values():
            for area, p in table.riskiest.items():
                if area in self.max_points:
                    self.max_points[area] += p
        # Every combination of three levels: severity is a table look-up when scoring.
        self.severity_table: dict[tuple[int, int, int], tuple[int, int, bool]] = {
            (a, b, c): weighted_severity({"scale": a, "scope": b, "irremediability": c}, q.scoring)
            for a, b, c in product(range(1, 6), repeat=3)
        }
        self._severities: dict[tuple[int, int, int], Severity] = {}
        self._bands: dict[tuple[int, int, int], tuple[str, str | None]] = {}
        self._likelihoods: dict[tuple[int, int, int, str | None, int], Likelihood] = {}
        # At most (mitigations x 5 x 5 x 5 x 5) entries.
        self._reductions: dict[tuple[str, int, int, int, int], int] = {}
        self._drivers: dict[tuple[str, Value], tuple[tuple[str, PointDriver], ...]] = {}
        self._dimension_drivers: dict[tuple[str, int, str], DimensionDriver] = {}
        # The dimensions each rule sets, in the order of DIMENSIONS.
        self._rule_levels: dict[str, tuple[tuple[str, int], ...]] = {
            r.id: tuple(
                (dim, level) for dim in DIMENSIONS if (level := getattr(r, dim)) is not None
            )
            for r in q.rules
        }
        self._effects: dict[str, tuple[int, ...]] = {
            m.id: tuple(getattr(m.effect, fig) for fig in FIGURES) for m in q.mitigations
        }
        self._mitigation_drivers = {
            m.id: MitigationDriver(
                mitigation=m.id,
                likelihood=m.effect.likelihood,
                scale=m.effect.scale,
                scope=m.effect.scope,
                irremediability=m.effect.irremediability,
            )
            for m in q.mitigations
        }
        self.band_ids = [b.id for b in q.scoring.bands]
        self.band_rank = {b: i for i, b in enumerate(self.band_ids)}

    # -- entry points ----------------------------------------------------------------------

    def assess(
        self, answers: Answers, as_of: date | None = None, *, resolved: Resolved | None = None
    ) -> Assessment:
        """Score an answers file.

        ``as_of`` is the reference date for risk acceptances (one that expired before it no
        longer holds); by default the date of the file's ``updated`` timestamp, so the same
        file always scores the same. ``resolved`` is ``compiled.resolve(to_values(answers))``
        when the caller has it already.
        """
        when = as_of if as_of is not None else reference_date(answers)
        return self.assess_values(
            to_values(answers), answers.mitigations, as_of=when, resolved=resolved
        )

    def assess_values(
        self,
        values: Mapping[str, Value],
        mitigations: Mapping[str, MitigationRecord] | None = None,
        *,
        as_of: date | None = None,
        resolved: Resolved | None = None,
    ) -> Assessment:
        """Score in-memory answer values with optional mitigation statuses.

        An `accepted` mitigation is left out of the residual while its acceptance holds;
        from the day after its `expires` date (compared with ``as_of``) it counts like a
        planned one and is marked ``acceptance_expired`` in the plan. Without ``as_of`` no
        acceptance expires. ``resolved`` is ``compiled.resolve(values)`` when the caller has
        it already (it must be for these values).
        """
        q = self.questionnaire
        records = mitigations or {}
        applicable, active = resolved if resolved is not None else self.compiled.resolve(values)
        unanswered = [qid for qid in applicable if qid not in active]
        gaps = [qid for qid, v in active.items() if isinstance(v, str) and v == DONT_KNOW]
        rules = [r for r in q.rules if self.compiled.rule_applies(r.id, active)]
        triggered = [m for m in q.mitigations if self.compiled.mitigation_applies(m.id, active)]
        expired = expired_acceptances(records, as_of)
        counted = [
            m
            for m in triggered
            if m.id in expired or not (m.id in records and records[m.id].is_declined)
        ]
        points = self._points(active)

        areas: list[AreaResult] = []
        for area in q.areas:
            dims: dict[str, int] = {
                "scale": area.severity.scale,
                "scope": area.severity.scope,
                "irremediability": area.severity.irremediability,
            }
            sources = dict.fromkeys(DIMENSIONS, "default")
            floor, floor_rule = 1, None
            involvement: str | None = None
            for rule in rules:
                if area.id not in rule.areas and "*" not in rule.areas:
                    continue
                for dim, level in self._rule_levels[rule.id]:
                    # The highest triggered value wins, even when it is below the default.
                    if sources[dim] == "default" or level > dims[dim]:
                        dims[dim], sources[dim] = level, rule.id
                if rule.floor is not None and rule.floor > floor:
                    floor, floor_rule = rule.floor, rule.id
                if rule.involvement is not None and (
                    involvement is None
                    or _INVOLVEMENT_STRENGTH[rule.involvement] > _INVOLVEMENT_STRENGTH[involvement]
                ):
                    involvement = rule.involvement
            drivers = points.get(area.id, [])
            total = sum(d.points for d in drivers)
            areas.append(
                self._area(
                    area.id,
                    area.priority,
                    dims,
                    sources,
                    total,
                    floor,
                    floor_rule,
                    involvement,
                    drivers,
                    [d.question for d in drivers if d.dont_know],
                    [m for m in counted if area.id in m.areas],
                )
            )
        overall = Overall(
            inherent=self._highest(a.band for a in areas),
            residual=self._highest(a.residual.band for a in areas),
            inherent_counts=self._counts(a.band for a in areas),
            residual_counts=self._counts(a.residual.band for a in areas),
        )
        return Assessment(
            questionnaire=q.id,
            version=q.version,
            hash=self.hash,
            complete=not unanswered,
            unanswered=unanswered,
            data_gaps=gaps,
            applicable=applicable,
            triggered_rules=[r.id for r in rules],
            triggered_mitigations=[m.id for m in triggered],
            bands=list(self.band_ids),
            areas=areas,
            overall=overall,
            plan=plan_mitigations(
                q,
                areas,
                triggered,
                records,
                self.band_rank,
                self.severity_table,
                expired,
                self._reductions,
            ),
        )

    # -- parts -----------------------------------------------------------------------------

    def _points(self, active: Mapping[str, Value]) -> dict[str, list[PointDriver]]:
        """Return, per area, every answer that adds points, in questionnaire order."""
        result: dict[str, list[PointDriver]] = {}
        for qid, value in active.items():
            for area, driver in self._earned(qid, value):
                result.setdefault(area, []).append(driver)
        return result

    def _earned(self, qid: str, value: Value) -> tuple[tuple[str, PointDriver], ...]:
        """Return (area, driver) for each area one answer gives points to (or is a gap in).

        The drivers of an option or don't know are built once per scorer and shared: they
        are frozen and hold no list, and there are only as many as the questionnaire has
        options. Those of a multi selection hold the list of choices and are built afresh.
        """
        key = (qid, value)
        cached = self._drivers.get(key)
        if cached is not None:
            return cached
        table = self.tables.get(qid)
        if table is None or not table.options:
            return ()
        unknown = isinstance(value, str) and value == DONT_KNOW
        if unknown:
            earned = table.riskiest
        elif isinstance(value, str):
            earned = _capped(table.options.get(value, {}), table.cap)
        elif isinstance(value, frozenset):
            summed: dict[str, int] = {}
            for choice in value:
                for area, p in table.options.get(choice, {}).items():
                    summed[area] = summed.get(area, 0) + p
            earned = _capped(summed, table.cap)
        else:
            return ()
        shown: JsonValue = sorted(value) if isinstance(value, frozenset) else value
        found = tuple(
            (area, PointDriver(question=qid, answer=shown, points=p, dont_know=unknown))
            for area, p in earned.items()
            if p > 0 or unknown
        )
        if unknown or (isinstance(value, str) and value in table.options):
            self._drivers[key] = found
        return found

    def _area(
        self,
        area_id: str,
        priority: bool,
        dims: dict[str, int],
        sources: dict[str, str],
        points: int,
        floor: int,
        floor_rule: str | None,
        involvement: str | None,
        drivers: list[PointDriver],
        gaps: list[str],
        mitigations: list[Mitigation],
    ) -> AreaResult:
        max_points = self.max_points[area_id]
        severity = self._severity(dims)
        lik = likelihood(points, max_points, floor)
        rating = severity.severity * lik
        band, override = self._band(rating, severity.severity, lik)
        vector = format_vector(
            dims,
            severity.severity,
            lik,
            rating,
            band,
            points=points,
            max_points=max_points,
            floor=floor,
        )
        return AreaResult(
            area=area_id,
            priority=priority,
            severity=severity,
            severity_drivers=[self._dimension_driver(d, dims[d], sources[d]) for d in DIMENSIONS],
            likelihood=self._likelihood(points, max_points, floor, floor_rule, lik),
            point_drivers=drivers,
            rating=rating,
            band=band,
            override=override,
            involvement=involvement,  # type: ignore[arg-type]
            data_gaps=gaps,
            vector=vector,
            residual=self.residual(dims, lik, mitigations),
        )

    def _severity(self, dims: Mapping[str, int]) -> Severity:
        key = (dims["scale"], dims["scope"], dims["irremediability"])
        cached = self._severities.get(key)
        if cached is None:
            weighted, severity, escalated = self.severity_table[key]
            cached = Severity(
                scale=key[0],
                scope=key[1],
                irremediability=key[2],
                weighted=weighted,
                escalated=escalated,
                severity=severity,
            )
            self._severities[key] = cached  # frozen, so one instance can be shared
        return cached

    def _band(self, rating: int, severity: int, lik: int) -> tuple[str, str | None]:
        key = (rating, severity, lik)
        cached = self._bands.get(key)
        if cached is None:  # at most 25 x 5 x 5 keys
            cached = self._bands[key] = band_for(rating, severity, lik, self.questionnaire.scoring)
        return cached

    def _likelihood(
        self, points: int, max_points: int, floor: int, floor_rule: str | None, lik: int
    ) -> Likelihood:
        key = (points, max_points, floor, floor_rule, lik)
        cached = self._likelihoods.get(key)
        if cached is None:
            cached = Likelihood(
                points=points,
                max_points=max_points,
                floor=floor,
                floor_rule=floor_rule,
                likelihood=lik,
            )
            if len(self._likelihoods) < _SHARED_LIMIT:
                self._likelihoods[key] = cached  # frozen and flat, so it can be shared
        return cached

    def _dimension_driver(self, dimension: str, value: int, source: str) -> DimensionDriver:
        key = (dimension, value, source)
        cached = self._dimension_drivers.get(key)
        if cached is None:
            cached = DimensionDriver.model_validate(
                {"dimension": dimension, "value": value, "source": source}
            )
            self._dimension_drivers[key] = cached
        return cached

    def residual(
        self, dims: Mapping[str, int], inherent_likelihood: int, mitigations: list[Mitigation]
    ) -> Residual:
        """Return an area's figures once ``mitigations`` are in place, within the caps."""
        caps = self.questionnaire.scoring.residual_caps
        promised = [0, 0, 0, 0]  # in the order of FIGURES
        drivers: list[MitigationDriver] = []
        for mid in sorted(m.id for m in mitigations):
            for i, change in enumerate(self._effects[mid]):
                promised[i] -= change
            drivers.append(self._mitigation_drivers[mid])
        drops = {fig: min(promised[i], getattr(caps, fig)) for i, fig in enumerate(FIGURES)}
        new_dims = {d: max(1, dims[d] - drops[d]) for d in DIMENSIONS}
        severity = self._severity(new_dims)
        lik = max(1, inherent_likelihood - drops["likelihood"])
        rating = severity.severity * lik
        band, override = self._band(rating, severity.severity, lik)
        return Residual(
            severity=severity,
            likelihood=lik,
            rating=rating,
            band=band,
            override=override,
            drops=drops,
            drivers=drivers,
            vector=format_vector(new_dims, severity.severity, lik, rating, band),
        )

    def _highest(self, bands: Iterable[str]) -> str:
        return max(bands, key=self.band_rank.__getitem__, default=self.band_ids[0])

    def _counts(self, bands: Iterable[str]) -> dict[str, int]:
        counts = dict.fromkeys(self.band_ids, 0)
        for band in bands:
            counts[band] += 1
        return counts


def reference_date(answers: Answers) -> date:
    """Return the default reference date of an answers file: the day it was last updated.

    That is the calendar date of the ``updated`` timestamp in its own time zone, the same
    date `hrdd report` prints when no ``--date`` is given.
    """
    return datetime.fromisoformat(answers.updated).date()


def expired_acceptances(
    records: Mapping[str, MitigationRecord], as_of: date | None
) -> frozenset[str]:
    """Return the ids of declined items whose review date passed before ``as_of``.

    A decline (or an older acceptance) holds up to and including its review date. Without
    ``as_of`` none has expired.
    """
    if as_of is None:
        return frozenset()
    return frozenset(
        mid
        for mid, record in records.items()
        if record.is_declined
        and record.review_date is not None
        and date.fromisoformat(record.review_date) < as_of
    )


_CACHE: dict[int, tuple[Questionnaire, Scorer]] = {}


def scorer_for(
    questionnaire: Questionnaire, compiled: CompiledQuestionnaire | None = None
) -> Scorer:
    """Return a Scorer for ``questionnaire``, reusing the last few built."""
    hit = _CACHE.get(id(questionnaire))
    if (
        hit is not None
        and hit[0] is questionnaire
        and (compiled is None or hit[1].compiled is compiled)
    ):
        return hit[1]
    scorer = Scorer(questionnaire, compiled)
    if len(_CACHE) >= 8:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(questionnaire)] = (questionnaire, scorer)
    return scorer


def assess(
    questionnaire: Questionnaire,
    answers: Answers,
    compiled: CompiledQuestionnaire | None = None,
    as_of: date | None = None,
) -> Assessment:
    """Score ``answers`` against ``questionnaire``; see docs/scoring.md for the method.

    ``as_of`` is the reference date for risk acceptances; by default the date of the
    answers file's ``updated`` timestamp (see :meth:`Scorer.assess`).
    """
    return scorer_for(questionnaire, compiled).assess(answers, as_of)
