"""The risk-model engine: pure and generic; every number comes from the questionnaire.

Same answers in, same result out. Two worlds are read: every data gap at its riskiest value
(the rating) and every gap at its favourable value (the best case). What a gap must never
do (open a confirmed-only path, create an actual impact, set cause, trigger a decision) is
read in the favourable world only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TypedDict, Unpack

from hrdd.scoring.impacts._base import (
    Answers,
    MitigationRecord,
    text_in,
    to_values,
)
from hrdd.scoring.impacts.format import (
    Area,
    DerivedLikelihood,
    Impact,
    Involvement,
    Mitigation,
    MitigationType,
    Path,
    Reach,
    Safeguard,
)
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.memo import Memo
from hrdd.scoring.impacts.plan import PlanInputs, build_plan
from hrdd.scoring.impacts.ranking import rank_impacts, scenario_key
from hrdd.scoring.impacts.result import (
    ActualEntry,
    AreaLevels,
    ImpactRating,
    PlanItem,
    Rating,
    Result,
    Scenario,
)
from hrdd.values import Value


class RateOptions(TypedDict, total=False):
    """The keyword options of `RiskEngine.rate` and `RiskEngine.score`."""

    as_of: date | None
    rank_gaps: bool


STRENGTH = {
    Involvement.CAUSE: 3,
    Involvement.CONTRIBUTE: 2,
    Involvement.LINKED: 1,
    Involvement.NONE: 0,
}


@dataclass(frozen=True, slots=True, eq=False)
class PathState:
    """An open path in one world: its level, likelihood and what it reaches.

    Never changed once built, and shared between files that read the same answers on the
    path, so it compares and hashes by identity.
    """

    path: Path
    label: str
    base: int
    interest: str | None
    floor: int
    in_place: tuple[Safeguard, ...]
    drop: int
    likelihood: int
    reaches: tuple[Reach, ...]
    scale: int
    data: str
    metadata: bool
    scope: int
    context: bool
    involvement: Involvement
    reason: str

    @property
    def l0(self) -> int:
        """Return the base likelihood with interest, never above 5."""
        return min(5, self.base + (1 if self.interest is not None else 0))


@dataclass(slots=True)
class CreditDraft:
    """What the credited mitigations do to one path, while they are being counted."""

    closed: bool = False
    scale_to: int = 5
    scale_by: int = 0
    scope_by: int = 0
    metadata: bool = False
    lower: int = 0
    safeguards: set[str] = field(default_factory=set)

    def done(self) -> Credit:
        """Return the counted credit, frozen."""
        return Credit(
            self.closed,
            self.scale_to,
            self.scale_by,
            self.scope_by,
            self.metadata,
            self.lower,
            frozenset(self.safeguards),
        )


@dataclass(frozen=True, slots=True)
class Credit:
    """What the credited mitigations do to one path, each effect counted once.

    Frozen and compared by value, so that it can key the memo of scenarios.
    """

    closed: bool
    scale_to: int
    scale_by: int
    scope_by: int
    metadata: bool
    lower: int
    safeguards: frozenset[str]


def severity_of(index: RiskIndex, scale: int, scope: int, irremediability: int) -> int:
    """Return S = round_half_up(weighted mean), escalated when a dimension reaches the level."""
    method = index.q.severity
    w = method.weights
    total = w.scale * scale + w.scope * scope + w.irremediability * irremediability
    weights = w.scale + w.scope + w.irremediability
    severity = (2 * total + weights) // (2 * weights) if weights else 1
    if max(scale, scope, irremediability) >= method.escalate_at:
        severity = max(severity, method.escalate_to)
    return min(5, max(1, severity))


class RiskEngine:
    """Scores answers against one indexed questionnaire."""

    def __init__(self, index: RiskIndex) -> None:
        """Keep the index; every table the engine reads is built there once."""
        self.index = index
        self.q = index.q
        self._lang = index.q.default_language
        # Which questions can move each impact: read from the conditions once.
        self._reads_table = {i.id: reads_of(index, i.id) for i in index.q.impacts}
        # All 125 severities computed once: a lookup instead of the arithmetic per scenario.
        levels = range(6)
        self._severity = [
            [[severity_of(index, a, b, c) if a and b and c else 0 for c in levels] for b in levels]
            for a in levels
        ]
        # A rating is a handful of small numbers: each one met is built once (vector string
        # included) and shared, as a Rating is frozen. Fewer than 5**4 * 5**4 keys in all.
        # Path states by the answers they read (see `_path`), bounded by MEMO_SIZE.
        self._path_memo: Memo[tuple[object, ...], PathState | None] = Memo(GENERATION)
        # Drivers in words, once per distinct numbers and words they are made from (`_drivers`).
        self._drivers_memo: Memo[tuple[object, ...], tuple[str, ...]] = Memo(GENERATION)
        # Scenario ids, written once: `impact/path` and `impact/path/at_risk`.
        self._scenario_ids = {
            (i.id, p, at_risk): f"{i.id}/{p}" + ("/at_risk" if at_risk else "")
            for i in index.q.impacts
            for p in i.paths
            for at_risk in (False, True)
        }
        self._rated = lru_cache(maxsize=8192)(self._rate)
        # Triggered mitigations by the answers their conditions read and by which decision
        # paths are confirmed open; credits by the mitigations credited and the declines.
        self._trigger_reads = _trigger_reads(index)
        self._trigger_memo: Memo[tuple[object, ...], tuple[Mitigation, ...]] = Memo(GENERATION)
        self._credit_memo: Memo[object, Mapping[str, Credit]] = Memo(GENERATION)
        # Impact facts by the answers their rules read; scenarios (raw and written up) by the
        # shared records they are made from.
        self._fact_reads = {i.id: _fact_reads(index, i) for i in index.q.impacts}
        self._fact_memo: Memo[tuple[object, ...], ImpactFacts] = Memo(GENERATION)
        self._raw_memo: Memo[RawKey, Raw] = Memo(GENERATION)
        self._scenario_memo: Memo[tuple[object, ...], Scenario] = Memo(GENERATION)
        self._plan_made: Memo[tuple[object, ...], PlanItem] = Memo(GENERATION)
        # Area levels by the states of the area's paths and the answers its practices read.
        self._safeguard_owner = {s.id: p.id for p in index.q.paths for s in p.safeguards}
        self._area_reads = [
            (area, *_area_reads(index, area, self._safeguard_owner)) for area in index.q.areas
        ]
        self._area_memo: Memo[tuple[object, ...], AreaLevels] = Memo(GENERATION)

    def _t(self, text: object) -> str:
        return text_in(text, self._lang, self._lang)  # type: ignore[arg-type]

    # --- entry points --------------------------------------------------------------------

    def score_answers(
        self, answers: Answers, records: Mapping[str, MitigationRecord] | None = None
    ) -> Result:
        """Score an answers file; its `mitigations` records, keyed by bare ids, are used too.

        ``records`` (keyed by plan-item id or bare id) replace the file's own when given.
        """
        as_of = date.fromisoformat(answers.updated[:10])
        chosen = answers.mitigations if records is None else records
        return self.score(to_values(answers), chosen, as_of=as_of)

    def score(
        self,
        values: Mapping[str, Value],
        records: Mapping[str, MitigationRecord] | None = None,
        **options: Unpack[RateOptions],
    ) -> Result:
        """Score answer values: `rate`'s whole result, plan and areas included."""
        return self.rate(values, records, **options).result()

    def rate(
        self,
        values: Mapping[str, Value],
        records: Mapping[str, MitigationRecord] | None = None,
        *,
        as_of: date | None = None,
        rank_gaps: bool = False,
    ) -> Draft:
        """Rate the impacts of answer values; the plan and the areas follow on first use.

        ``as_of`` is the day plan records are judged by (declines expire); ``rank_gaps``
        ranks the find-out items by how far each gap moves a headline (a single file only).

        ``Draft.result()`` is exactly what `score` returns. A portfolio's table row reads only
        the impacts, so it never pays for a plan or areas it does not show.
        """
        index = self.index
        # Without a gap both worlds are the same world: the best case is read, not rebuilt.
        risky, fav, dont_know, unanswered = index.resolve_both(values)
        gaps = set(dont_know) | set(unanswered)
        declined = {index.plan_item(key) for key in _declined(records or {}, as_of)}
        register = self._register(fav)
        raised = {p for entry in register for p in entry.raises}
        memo = self._path_memo if _memo_safe(risky) and _memo_safe(fav) else None
        paths = self._paths(risky, fav, raised, memo)
        fav_paths = self._paths(fav, fav, raised, memo) if gaps else paths
        triggered = self._triggered(risky, fav, fav_paths, memo is not None)
        credited = self._credited(triggered, declined)
        memoised = memo is not None
        scenarios = self._scenarios(risky, paths, credited, gaps, memoised)
        if gaps:
            fav_triggered = self._triggered(fav, fav, fav_paths, memoised)
            fav_credited = self._credited(fav_triggered, declined)
            fav_raws = self._scenarios(fav, fav_paths, fav_credited, set(), memoised)
            best = {s.id: s for s in fav_raws}
        else:
            best = {s.id: s for s in scenarios}
        ordered_gaps = [q for q in index.questions if q in gaps]
        impacts = self._impacts(scenarios, best, ordered_gaps, memoised)
        headline, provisional = self._headline([u.rating for u in impacts])
        return Draft(
            self,
            _Rated(
                values=values,
                records=records,
                as_of=as_of,
                rank_gaps=rank_gaps,
                risky=risky,
                fav=fav,
                paths=paths,
                fav_paths=fav_paths,
                register=register,
                triggered=triggered,
                declined=declined,
                scenarios=scenarios,
                gaps=ordered_gaps,
                impacts=impacts,
                headline=headline,
                provisional=provisional,
                dont_know=tuple(dont_know),
                unanswered=tuple(unanswered),
                memoised=memoised,
            ),
        )

    def _finish(self, r: _Rated, written: tuple[ImpactRating, ...]) -> Result:
        """Return the whole result of a rating: its plan, areas and flags added."""
        ranked = sorted(r.scenarios, key=_ranked)
        paths = r.paths
        flags = tuple(self._t(p.path.flag) for p in paths.values() if p.path.flag is not None)
        impacts = list(written)
        plan = build_plan(
            PlanInputs(
                index=self.index,
                world=r.risky,
                fav=r.fav,
                paths=paths,
                fav_paths=r.fav_paths,
                impacts=impacts,
                headline=r.headline,
                register=r.register,
                triggered=r.triggered,
                declined=r.declined,
                gaps=r.gaps,
                moves=self._moves(r.values, r.headline, impacts, r.records, r.as_of)
                if r.rank_gaps
                else None,
                option_residual=self._option_residuals(r.scenarios),
                ranked=[(s.state.path.id, s.id, s.inherent.band) for s in ranked],
                made=self._plan_made,
            )
        )
        return Result(
            questionnaire=self.q.id,
            version=self.q.version,
            rated=bool(paths),
            would_open=() if paths else self._would_open(),
            impacts=written,
            headline=r.headline,
            provisional_headline=r.provisional,
            register=r.register,
            plan=plan,
            areas=self._areas(r.risky, paths, r.memoised),
            flags=flags,
            dont_know=r.dont_know,
            unanswered=r.unanswered,
            open_paths=tuple(paths),
            find_out_ranked=r.rank_gaps,
        )

    # --- paths ---------------------------------------------------------------------------

    def _register(self, fav: Mapping[str, Value]) -> tuple[ActualEntry, ...]:
        holds = self.index.holds
        return tuple(
            ActualEntry(a.id, tuple(a.impacts), tuple(a.raises), a.presumed)
            for a in self.q.actual_impacts
            if holds(a.when, fav)
        )

    def _paths(
        self,
        world: Mapping[str, Value],
        fav: Mapping[str, Value],
        raised: set[str],
        memo: Memo[tuple[object, ...], PathState | None] | None = None,
    ) -> dict[str, PathState]:
        states: dict[str, PathState] = {}
        for path in self.q.paths:
            state = self._path(path, world, fav, raised, memo)
            if state is not None:
                states[path.id] = state
        return states

    def _path(
        self,
        path: Path,
        world: Mapping[str, Value],
        fav: Mapping[str, Value],
        raised: set[str],
        memo: Memo[tuple[object, ...], PathState | None] | None,
    ) -> PathState | None:
        """Return the path's state in ``world``, or None when it is closed.

        A path's state depends only on the answers its own conditions and scope read: files
        that give the same answers there share one state (memoised in ``memo``), which saves
        nearly all of the path work of a portfolio and of the favourable world of a file.
        """
        if memo is None:
            return self._open_path(path, world, fav, raised)
        world_reads, fav_reads = self.index.path_reads[path.id]
        key = (
            path.id,
            path.id in raised,
            *[world.get(n) for n in world_reads],
            *[fav.get(n) for n in fav_reads],
        )
        return memo.get(key, self._open_path, path, world, fav, raised)

    def _open_path(
        self, path: Path, world: Mapping[str, Value], fav: Mapping[str, Value], raised: set[str]
    ) -> PathState | None:
        holds = self.index.holds
        opener = fav if path.confirmed_only else world
        level = next((lv for lv in path.levels if holds(lv.when, opener)), None)
        if level is None:
            return None
        interest = next((i for i in path.interest if holds(i.when, world)), None)
        interest_label = self._t(interest.label) if interest is not None else None
        if interest_label is None and path.id in raised:
            interest_label = "harm has already happened on this path"
        in_place = tuple(s for s in path.safeguards if holds(s.when, world))
        drop = min(path.safeguard_cap, sum(-s.likelihood for s in in_place))
        floor = level.floor or 1
        base = level.likelihood
        l0 = min(5, base + (1 if interest_label is not None else 0))
        reaches = tuple(r for r in path.reaches if holds(r.when, world))
        gravest = max(reaches, key=lambda r: r.scale, default=None)
        context = path.context is not None and holds(path.context.when, world)
        scale = gravest.scale if gravest is not None else 1
        if context and path.context is not None:
            scale = min(scale, path.context.scale_max)
        involvement, reason = self._involvement(path, world, fav, context)
        return PathState(
            path=path,
            label=self._t(level.label),
            base=base,
            interest=interest_label,
            floor=floor,
            in_place=in_place,
            drop=drop,
            likelihood=max(floor, l0 - drop, 1),
            reaches=reaches,
            scale=scale,
            data=self._t(gravest.data) if gravest is not None else "nothing stated",
            metadata=gravest is not None and all(r.metadata for r in reaches),
            scope=self.index.tier(path.scope, world),
            context=context,
            involvement=involvement,
            reason=reason,
        )

    def _involvement(
        self,
        path: Path,
        world: Mapping[str, Value],
        fav: Mapping[str, Value],
        context: bool,
    ) -> tuple[Involvement, str]:
        if context and path.context is not None:
            return Involvement.NONE, self._t(path.context.reason)
        best, reason = path.default_involvement.involvement, path.default_involvement.reason
        for rule in path.involvement:
            # A gap never sets cause: cause is read in the favourable world.
            reading = fav if rule.involvement is Involvement.CAUSE else world
            if STRENGTH[rule.involvement] > STRENGTH[best] and self.index.holds(rule.when, reading):
                best, reason = rule.involvement, rule.reason
        return best, self._t(reason)

    # --- mitigations ---------------------------------------------------------------------

    def _triggered(
        self,
        world: Mapping[str, Value],
        fav: Mapping[str, Value],
        fav_paths: Mapping[str, PathState],
        memo: bool,
    ) -> tuple[Mitigation, ...]:
        """Return the mitigations whose conditions hold, in questionnaire order.

        They depend only on the answers their conditions read and on which of the decisions'
        paths are confirmed open: files alike there share one tuple (memoised when ``memo``).
        """
        if not memo:
            return self._find_triggered(world, fav, fav_paths)
        world_reads, fav_reads, decided = self._trigger_reads
        key = (
            tuple([world.get(n) for n in world_reads]),
            tuple([fav.get(n) for n in fav_reads]),
            tuple([p in fav_paths for p in decided]),
        )
        return self._trigger_memo.get(key, self._find_triggered, world, fav, fav_paths)

    def _find_triggered(
        self,
        world: Mapping[str, Value],
        fav: Mapping[str, Value],
        fav_paths: Mapping[str, PathState],
    ) -> tuple[Mitigation, ...]:
        found = []
        for m in self.q.mitigations:
            if m.type is MitigationType.DECISION:
                # A gap never triggers a decision: its condition and its paths are confirmed.
                if (m.when is None or self.index.holds(m.when, fav)) and any(
                    p in fav_paths for p in m.paths
                ):
                    found.append(m)
            elif m.when is None or self.index.holds(m.when, world):
                found.append(m)
        return tuple(found)

    def _credited(
        self, triggered: tuple[Mitigation, ...], declined: set[str]
    ) -> Mapping[str, Credit]:
        """Return the credit of each path; memoised on the mitigations' ids and the declines."""
        ids = tuple([m.id for m in triggered])
        key = (ids, frozenset(declined)) if declined else ids
        return self._credit_memo.get(key, self._count_credits, triggered, declined)

    def _count_credits(
        self, triggered: tuple[Mitigation, ...], declined: set[str]
    ) -> dict[str, Credit]:
        credits: dict[str, CreditDraft] = {}
        groups: set[str] = set()
        for m in triggered:
            if m.type not in (MitigationType.CLOSE, MitigationType.NARROW, MitigationType.LOWER):
                continue
            if f"mitigation:{m.id}" in declined:
                continue
            if m.group is not None:
                if m.group in groups:
                    continue
                groups.add(m.group)
            if m.type is MitigationType.CLOSE:
                for p in m.closes:
                    credits.setdefault(p, CreditDraft()).closed = True
            elif m.type is MitigationType.NARROW:
                for p in m.paths:
                    credit = credits.setdefault(p, CreditDraft())
                    if m.scale_to is not None:
                        credit.scale_to = min(credit.scale_to, m.scale_to)
                    if m.scale_by is not None:
                        credit.scale_by = min(credit.scale_by, m.scale_by)
                    if m.scope_tiers is not None:
                        credit.scope_by = min(credit.scope_by, m.scope_tiers)
                    credit.metadata = credit.metadata or m.metadata
            else:
                for p in m.paths:
                    credit = credits.setdefault(p, CreditDraft())
                    if m.safeguard is not None:
                        if m.safeguard in credit.safeguards:
                            continue
                        credit.safeguards.add(m.safeguard)
                    credit.lower += -(m.likelihood or 0)
        return {p: draft.done() for p, draft in credits.items()}

    # --- scenarios -----------------------------------------------------------------------

    def _scenarios(
        self,
        world: Mapping[str, Value],
        paths: Mapping[str, PathState],
        credits: Mapping[str, Credit],
        gaps: set[str],
        memo: bool,
    ) -> list[Raw]:
        q, index = self.q, self.index
        at_risk = q.at_risk
        at_risk_here = at_risk is not None and index.holds(at_risk.when, world)
        at_risk_gap = (
            at_risk is not None
            and at_risk.scope.question is not None
            and at_risk.scope.question in gaps
        )
        at_risk_tier = index.tier(at_risk.scope, world) if at_risk is not None else 1
        raw_of = self._raw_memoised if memo else self._raw
        raws: list[Raw] = []
        for impact in q.impacts:
            if impact.when is not None and not index.holds(impact.when, world):
                continue
            # What the impact itself says is read once per world, not once per scenario.
            facts = self._facts(impact, world, memo)
            for path_id in impact.paths:
                state = paths.get(path_id)
                if state is None:
                    continue
                credit = credits.get(path_id)
                raws.append(raw_of((facts, state, credit, None)))
                if impact.at_risk and at_risk_here and not state.context and at_risk is not None:
                    tier = max(1, state.scope - 1) if at_risk_gap else at_risk_tier
                    raws.append(raw_of((facts, state, credit, (at_risk.scale, tier))))
        return raws

    def _facts(self, impact: Impact, world: Mapping[str, Value], memo: bool) -> ImpactFacts:
        """Return the impact's own scale, scope and irremediability rule in ``world``.

        With ``memo``, files that answer the questions these read alike share one record.
        """
        if not memo:
            return self._read_facts(impact, world)
        key = (impact.id, *[world.get(n) for n in self._fact_reads[impact.id]])
        return self._fact_memo.get(key, self._read_facts, impact, world)

    def _read_facts(self, impact: Impact, world: Mapping[str, Value]) -> ImpactFacts:
        holds = self.index.holds
        scale = (
            next((r.level for r in impact.scale.rules if holds(r.when, world)), impact.scale.level)
            if impact.scale is not None
            else None
        )
        scope = self.index.tier(impact.scope, world) if impact.scope is not None else None
        irr_rule = next(
            (r.level for r in impact.irremediability.rules if holds(r.when, world)), None
        )
        return ImpactFacts(impact, scale, scope, irr_rule)

    def _raw_memoised(self, key: RawKey) -> Raw:
        """Return `_raw`, shared by every file with the same facts, path state and credit.

        Facts and path states are memoised records compared by identity; the key holds them,
        so an identity is never reused while its entry lives.
        """
        return self._raw_memo.get(key, self._raw, key)

    def _raw(self, parts: RawKey) -> Raw:
        """Return the scenario of an impact's facts on a path state, with its credit.

        ``parts``: facts, path state, credit, and the at-risk scale and tier or None.
        """
        facts, state, credit, at_risk = parts
        impact, irr_rule = facts.impact, facts.irr_rule
        impact_id = impact.id
        if facts.scale is not None:
            scale, metadata = facts.scale, False
        else:
            scale, metadata = state.scale, state.metadata
        scope = facts.scope if facts.scope is not None else state.scope
        if at_risk is not None:
            scale, scope = at_risk

        def irremediability(meta: bool) -> int:
            if irr_rule is not None:
                return irr_rule
            if meta and impact.irremediability.metadata_only is not None:
                return impact.irremediability.metadata_only
            return impact.irremediability.level

        derived = impact.likelihood
        inherent = self._rating(
            state, scale, scope, irremediability(metadata), state.likelihood, derived, state.drop
        )
        residual: Rating | None = None
        if credit is None:
            residual = inherent
        elif not credit.closed:
            r_scale, r_meta = scale, metadata
            if impact.scale is None or at_risk is not None:
                r_scale = self._narrowed_scale(state, credit, at_risk)
                r_meta = metadata or credit.metadata
            r_scope = max(1, scope + credit.scope_by)
            already = {s.id for s in state.in_place}
            extra = 0 if credit.safeguards & already else credit.lower
            drop = min(state.path.safeguard_cap, state.drop + extra)
            likelihood = max(state.floor, state.l0 - drop, 1)
            residual = self._rating(
                state, r_scale, r_scope, irremediability(r_meta), likelihood, derived, drop
            )
        sid = self._scenario_ids[impact_id, state.path.id, at_risk is not None]
        key = scenario_key(inherent, self.index.band_rank, sid)
        return Raw(sid, impact_id, state, at_risk is not None, inherent, residual, key)

    def _narrowed_scale(
        self, state: PathState, credit: Credit, at_risk: tuple[int, int] | None
    ) -> int:
        def narrow(scale: int) -> int:
            return max(1, min(scale, credit.scale_to) + credit.scale_by)

        if at_risk is not None:
            return narrow(at_risk[0])
        scale = max(
            (narrow(r.scale) if r.narrowable else r.scale for r in state.reaches), default=1
        )
        context = state.path.context
        if state.context and context is not None:
            scale = min(scale, context.scale_max)
        return scale

    def _rating(
        self,
        state: PathState,
        scale: int,
        scope: int,
        irr: int,
        likelihood: int,
        derived: DerivedLikelihood | None,
        drop: int,
    ) -> Rating:
        context = state.path.context
        return self._rated(
            scale,
            scope,
            irr,
            likelihood,
            derived.offset if derived is not None else None,
            derived.minimum if derived is not None else 1,
            state.base,
            state.interest is not None,
            drop,
            state.floor,
            context.band_max if state.context and context is not None else None,
        )

    def _rate(
        self,
        scale: int,
        scope: int,
        irr: int,
        likelihood: int,
        offset: int | None,
        minimum: int,
        base: int,
        interest: bool,
        drop: int,
        floor: int,
        band_max: str | None,
    ) -> Rating:
        """Return the rating of these numbers; ``band_max`` caps a context path's band."""
        index = self.index
        shown = ""
        if offset is not None:
            likelihood = max(minimum, likelihood + offset)
            shown = f"{offset:+d}"
        severity = self._severity[scale][scope][irr]
        band = index.matrix[severity][likelihood]
        if band_max is not None and index.band_rank[band] > index.band_rank[band_max]:
            band = band_max
        vector = (
            f"SC{scale}/SP{scope}/IR{irr}=S{severity} "
            f"L0:{base}+{1 if interest else 0}-{drop}"
            f" F{floor}{shown}=L{likelihood} {band}"
        )
        return Rating(scale, scope, irr, severity, likelihood, band, vector)

    # --- impacts, headline ---------------------------------------------------------------

    def _impacts(
        self, raws: list[Raw], best: Mapping[str, Raw], gaps: list[str], memo: bool
    ) -> list[_Unwritten]:
        """Rate each impact from its scenarios; ``gaps`` are the file's, in question order.

        The scenarios are written up in words later (`_written`), only for an output that
        shows them: a portfolio row reads the bands alone.
        """
        rank = self.index.band_rank
        grouped: dict[str, list[Raw]] = {}
        for raw in raws:
            grouped.setdefault(raw.impact, []).append(raw)
        best_grouped: dict[str, list[Raw]] = {}
        for raw in best.values():
            best_grouped.setdefault(raw.impact, []).append(raw)
        ratings = []
        for impact_id, group in grouped.items():
            ordered = sorted(group, key=_ranked)
            worst = ordered[0].inherent
            band = worst.band
            residual = _worst_band([r.residual for r in group], rank)
            others = best_grouped.get(impact_id, [])
            best_band = _worst_band([r.inherent for r in others], rank)
            best_residual = _worst_band([r.residual for r in others], rank)
            provisional = best_band != band or best_residual != residual
            strongest = max(ordered, key=lambda r: STRENGTH[r.state.involvement])
            rating = ImpactRating(
                id=impact_id,
                band=band,
                severity=worst.severity,
                likelihood=worst.likelihood,
                irremediability=worst.irremediability,
                scope=worst.scope,
                at_band=sum(1 for r in group if r.inherent.band == band),
                worst=ordered[0].id,
                residual=residual,
                best=best_band,
                best_residual=best_residual,
                provisional=provisional,
                gaps=tuple([q for q in gaps if q in self._reads(impact_id)]) if provisional else (),
                involvement=strongest.state.involvement.value,
                involvement_reason=strongest.state.reason,
                context_only=all(r.state.context for r in group),
                scenarios=(),
            )
            ratings.append(
                _Unwritten(rating, tuple(ordered), tuple([best.get(r.id) for r in ordered]))
            )
        by_id = {u.rating.id: u for u in ratings}
        return [by_id[r.id] for r in rank_impacts([u.rating for u in ratings], rank)]

    def _written(self, impacts: list[_Unwritten], memo: bool) -> tuple[ImpactRating, ...]:
        """Return the impacts with their scenarios written up in words, in the same order."""
        write = self._scenario_memoised if memo else self._scenario
        return tuple(
            [replace(u.rating, scenarios=tuple(map(write, u.raws, u.bests))) for u in impacts]
        )

    def _reads(self, impact_id: str) -> frozenset[str]:
        return self._reads_table[impact_id]

    def _scenario_memoised(self, raw: Raw, best: Raw | None) -> Scenario:
        """Return `_scenario`, shared by every file with the same raw scenario (by identity).

        Of its best case only the ratings are read: files whose favourable worlds differ
        elsewhere still share the written-up scenario.
        """
        key = (raw,) if best is None else (raw, best.inherent, best.residual)
        return self._scenario_memo.get(key, self._scenario, raw, best)

    def _scenario(self, raw: Raw, best: Raw | None) -> Scenario:
        provisional = best is None or (
            best.inherent.band != raw.inherent.band
            or (best.residual.band if best.residual else None)
            != (raw.residual.band if raw.residual else None)
        )
        return Scenario(
            id=raw.id,
            impact=raw.impact,
            path=raw.state.path.id,
            at_risk=raw.at_risk,
            context=raw.state.context,
            reaches=self._reach_words(raw),
            inherent=raw.inherent,
            residual=raw.residual,
            best=best.inherent if best is not None else None,
            best_residual=best.residual if best is not None else None,
            involvement=raw.state.involvement.value,
            involvement_reason=raw.state.reason,
            drivers=self._drivers(raw),
            provisional=provisional,
        )

    def _reach_words(self, raw: Raw) -> str:
        if raw.at_risk and self.q.at_risk is not None:
            return f"{self._t(self.q.at_risk.label)} ({raw.state.data})"
        return raw.state.data

    def _drivers(self, raw: Raw) -> tuple[str, ...]:
        """Return the drivers in words, shared by every scenario that reads the same numbers.

        Keyed on what `_drivers_in_words` reads of the path state, not on the state itself:
        about one driver list in six is new over files with varied answers, against nearly
        every one keyed by state. Safeguards are the questionnaire's own, kept by identity.
        """
        r, st = raw.inherent, raw.state
        key = (
            raw.impact,
            raw.at_risk,
            id(st.path),
            st.label,
            st.base,
            st.data,
            st.floor,
            st.l0 - st.drop,
            st.interest,
            tuple([id(s) for s in st.in_place]),
            r.scale,
            r.scope,
            r.irremediability,
        )
        return self._drivers_memo.get(
            key,
            self._drivers_in_words,
            raw.impact,
            raw.at_risk,
            st,
            r.scale,
            r.scope,
            r.irremediability,
        )

    def _drivers_in_words(
        self, impact_id: str, at_risk: bool, st: PathState, scale: int, scope_tier: int, irr: int
    ) -> tuple[str, ...]:
        """Return the drivers of the inherent rating in words, the biggest first.

        A driver's weight is its share of the rating: a severity dimension weighs its weight
        times its level; the likelihood side weighs as much as the whole severity side, so a
        likelihood step weighs half the sum of the weights. Ties keep the order below.
        """
        weights = self.q.severity.weights
        half = (weights.scale + weights.scope + weights.irremediability) / 2
        impact = self.index.impacts[impact_id]
        if at_risk and self.q.at_risk is not None:
            what = self._t(self.q.at_risk.label)
        elif impact.scale is not None:
            what = "the harm itself"
        else:
            what = st.data
        scope = impact.scope if impact.scope is not None and not at_risk else st.path.scope
        if at_risk and self.q.at_risk is not None:
            scope = self.q.at_risk.scope
        who = self._t(scope.label) if scope.label is not None else "people reached"
        found: list[tuple[float, str]] = [
            (half * st.base, f"{st.label} (likelihood {st.base})"),
            (weights.scale * scale, f"{what} (scale {scale})"),
            (weights.irremediability * irr, f"irremediability {irr}"),
            (weights.scope * scope_tier, f"{who} (scope tier {scope_tier})"),
        ]
        if st.floor > 1 and st.floor >= st.l0 - st.drop:
            found.append((half * st.floor, f"legal floor {st.floor} while the path is open"))
        if st.interest is not None:
            found.append((half, f"{st.interest} (+1)"))
        found.extend(
            (half * -s.likelihood, f"{self._t(s.title)} ({s.likelihood:+d})") for s in st.in_place
        )
        ordered = sorted(enumerate(found), key=lambda p: (-p[1][0], p[0]))
        return tuple(text for _, (_, text) in ordered)

    def _headline(self, impacts: list[ImpactRating]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        rank = self.index.band_rank
        threshold = rank[self.q.matrix.headline_from]
        eligible = [i for i in impacts if not i.context_only and rank[i.band] >= threshold]
        headline = eligible[: self.q.matrix.headline_max]
        rising = [i for i in eligible[self.q.matrix.headline_max :] if i.provisional]
        return tuple(i.id for i in headline), tuple(i.id for i in rising)

    # --- what-ifs: find-out ranking, decision options ------------------------------------

    def _moves(
        self,
        values: Mapping[str, Value],
        headline: tuple[str, ...],
        impacts: list[ImpactRating],
        records: Mapping[str, MitigationRecord] | None,
        as_of: date | None,
    ) -> dict[str, int]:
        rank = self.index.band_rank
        bands = {i.id: i.band for i in impacts if i.id in headline}
        _, dont_know, unanswered = self.index.resolve(values, riskiest=True)
        moves: dict[str, int] = {}
        for question in [*dont_know, *unanswered]:
            gap = self.index.gap_values.get(question)
            if gap is None:
                continue
            changed = dict(values)
            changed[question] = gap.favourable
            # The bands alone: no plan, areas or scenarios in words for a what-if.
            after = {b.id: b.band for b in self.rate(changed, records, as_of=as_of).bands}
            moved = 0
            for impact_id, band in bands.items():
                after_rank = rank[after[impact_id]] if impact_id in after else -1
                moved = max(moved, rank[band] - after_rank)
            moves[question] = moved
        return moves

    def _option_residuals(
        self, raws: list[Raw]
    ) -> Callable[[list[str]], tuple[tuple[str, str | None], ...]]:
        """Return the residual per impact if a decision option closes the paths it is given.

        Closing a path removes the residual of its scenarios and changes no other scenario
        (credits act per path), so the plan's own scenarios are read again, not rebuilt;
        they are grouped by impact once, when the first option asks.
        """
        rank = self.index.band_rank
        grouped: dict[str, list[tuple[str, Rating | None]]] = {}

        def residual(closes: list[str]) -> tuple[tuple[str, str | None], ...]:
            if not grouped:
                for raw in raws:
                    grouped.setdefault(raw.impact, []).append((raw.state.path.id, raw.residual))
            shut = set(closes)
            return tuple(
                (i, _worst_band([r for p, r in pairs if p not in shut], rank))
                for i, pairs in grouped.items()
            )

        return residual

    # --- not rated, areas ----------------------------------------------------------------

    def _would_open(self) -> tuple[str, ...]:
        return tuple(
            f"{self._t(p.title)}: " + "; ".join(self._t(lv.label) for lv in p.levels)
            for p in self.q.paths
        )

    def _areas(
        self, world: Mapping[str, Value], paths: Mapping[str, PathState], memo: bool
    ) -> tuple[AreaLevels, ...]:
        """Return every area's levels; with ``memo``, shared by files alike on the area.

        An area reads only the states of its own paths (shared records, compared by identity)
        and the answers its practices read.
        """
        if not memo:
            return tuple(self._area(area, world, paths) for area in self.q.areas)
        found = []
        for area, area_paths, reads in self._area_reads:
            key = (
                area.id,
                *[paths.get(p) for p in area_paths],
                *[world.get(n) for n in reads],
            )
            levels = self._area_memo.get(key, self._area, area, world, paths)
            found.append(levels)
        return tuple(found)

    def _area(
        self, area: Area, world: Mapping[str, Value], paths: Mapping[str, PathState]
    ) -> AreaLevels:
        levels = self.q.levels
        owner = self._safeguard_owner
        open_paths = sorted(
            (p for p in area.exposure if p in paths), key=lambda p: -paths[p].likelihood
        )
        top = paths[open_paths[0]].likelihood if open_paths else 0
        exposure = levels.exposure[0].id
        for level in levels.exposure:
            if top >= level.min_likelihood:
                exposure = level.id
        applicable: list[str] = []
        in_place: list[str] = []
        for sid in area.safeguards:
            state = paths.get(owner.get(sid, ""))
            if state is None:
                continue
            applicable.append(sid)
            if any(s.id == sid for s in state.in_place):
                in_place.append(sid)
        for practice in area.practices:
            if practice.applies is not None and not self.index.holds(practice.applies, world):
                continue
            applicable.append(practice.id)
            if self.index.holds(practice.when, world):
                in_place.append(practice.id)
        preparedness: str | None = None
        if applicable:
            share = len(in_place) / len(applicable)
            for prep in levels.preparedness:
                if share >= prep.min_share and (not prep.above_zero or in_place):
                    preparedness = prep.id
        return AreaLevels(
            area.id,
            exposure,
            tuple(open_paths),
            preparedness,
            tuple(in_place),
            tuple(applicable),
        )


@dataclass(frozen=True, slots=True, eq=False)
class _Unwritten:
    """An impact rated, its scenarios not yet written up: the raw ones and their best cases."""

    rating: ImpactRating
    """The rating, its ``scenarios`` still empty."""
    raws: tuple[Raw, ...]
    bests: tuple[Raw | None, ...]


@dataclass(frozen=True, slots=True)
class ImpactBands:
    """What a summary row reads of an impact's rating: the bands and whether it may move."""

    id: str
    band: str
    residual: str | None
    best: str | None
    best_residual: str | None
    provisional: bool
    context_only: bool

    @classmethod
    def of(cls, rating: ImpactRating) -> ImpactBands:
        """Return the bands of ``rating``."""
        return cls(
            rating.id,
            rating.band,
            rating.residual,
            rating.best,
            rating.best_residual,
            rating.provisional,
            rating.context_only,
        )


@dataclass(frozen=True, slots=True, eq=False)
class _Rated:
    """What `RiskEngine.rate` found, kept to make the rest of the result when asked."""

    values: Mapping[str, Value]
    records: Mapping[str, MitigationRecord] | None
    as_of: date | None
    rank_gaps: bool
    risky: Mapping[str, Value]
    fav: Mapping[str, Value]
    paths: dict[str, PathState]
    fav_paths: dict[str, PathState]
    register: tuple[ActualEntry, ...]
    triggered: tuple[Mitigation, ...]
    declined: set[str]
    scenarios: list[Raw]
    gaps: list[str]
    impacts: list[_Unwritten]
    headline: tuple[str, ...]
    provisional: tuple[str, ...]
    dont_know: tuple[str, ...]
    unanswered: tuple[str, ...]
    memoised: bool


class Draft:
    """One file's impacts rated; the rest of its `Result` (plan, areas) is made on first use.

    Its fields are the `Result`'s of the same name; ``result()`` makes the whole result once.
    """

    __slots__ = ("_bands", "_engine", "_impacts", "_rated", "_result")

    def __init__(self, engine: RiskEngine, rated: _Rated) -> None:
        self._engine = engine
        self._rated = rated
        self._bands: tuple[ImpactBands, ...] | None = None
        self._impacts: tuple[ImpactRating, ...] | None = None
        self._result: Result | None = None

    @property
    def rated(self) -> bool:
        """False: no path is open (see `Result.rated`)."""
        return bool(self._rated.paths)

    @property
    def impacts(self) -> tuple[ImpactRating, ...]:
        """The impacts, ranked by the one impact ranking, their scenarios written up once."""
        if self._impacts is None:
            rated = self._rated
            self._impacts = self._engine._written(rated.impacts, rated.memoised)
        return self._impacts

    @property
    def bands(self) -> tuple[ImpactBands, ...]:
        """The impacts' bands in the same order, without writing up their scenarios."""
        if self._bands is None:
            self._bands = tuple([ImpactBands.of(u.rating) for u in self._rated.impacts])
        return self._bands

    @property
    def headline(self) -> tuple[str, ...]:
        """The headline impacts."""
        return self._rated.headline

    @property
    def dont_know(self) -> tuple[str, ...]:
        """The questions answered "don't know"."""
        return self._rated.dont_know

    @property
    def unanswered(self) -> tuple[str, ...]:
        """The applicable questions left unanswered."""
        return self._rated.unanswered

    def result(self) -> Result:
        """Return the whole result, the same as `RiskEngine.score` gives; made once."""
        if self._result is None:
            self._result = self._engine._finish(self._rated, self.impacts)
        return self._result


@dataclass(frozen=True, slots=True, eq=False)
class ImpactFacts:
    """What an impact itself says in one world: own scale, own scope, irremediability rule.

    Each is None where the impact has none (or no rule of it holds). Shared between files
    that read the same answers there, so it compares and hashes by identity.
    """

    impact: Impact
    scale: int | None
    scope: int | None
    irr_rule: int | None


RawKey = tuple[ImpactFacts, PathState, Credit | None, tuple[int, int] | None]
"""What a raw scenario is made from: facts, path state, credit, at-risk scale and tier."""


@dataclass(frozen=True, slots=True, eq=False)
class Raw:
    """A scenario before it is written up: the numbers and the path state behind them.

    Shared between files (see `RiskEngine._raw_memoised`): compared by identity.
    """

    id: str
    impact: str
    state: PathState
    at_risk: bool
    inherent: Rating
    residual: Rating | None
    key: tuple[int, int, int, int, int, str]
    """Its place in the one ranking of scenarios (`scenario_key`), worked out once."""


def _ranked(raw: Raw) -> tuple[int, int, int, int, int, str]:
    return raw.key


MEMO_SIZE = 3_072
"""The most entries each memo keeps for reuse: two generations of half as many (`Memo`).

It bounds the memos of path states, triggered mitigations, credits, impact facts, raw and
written-up scenarios, drivers, area levels and plan items. A trade between speed and memory:
over 10,000 varied files `hrdd score DIR` peaked 113 MB higher with 50,000 entries than with
4,096 when a full memo started again. Two generations stay fuller than a memo that starts
again (between half and all of the bound, not between none and all), so the bound is 3,072:
over 3,000 `bench.portfolio` files the peak is 100.5 MB, against 102.1 MB with 4,096 entries
started again and 105.6 MB with 4,096 in two generations (docs/performance.md).
"""
GENERATION = MEMO_SIZE // 2


def _memo_safe(values: Mapping[str, Value]) -> bool:
    """Tell whether answers can key a memo without two of them colliding.

    A key must be hashable, and no answer may equal an answer of another type: a bool would
    pass for 1, and 2.0 for 2 (such files are scored without the memos, as exactly).
    """
    for v in values.values():
        kind = type(v)
        if kind not in _KEYABLE or (kind is float and v.is_integer()):  # type: ignore[union-attr]
            return False
    return True


_KEYABLE = frozenset({str, int, float, frozenset})


def _worst_band(ratings: list[Rating | None], rank: Mapping[str, int]) -> str | None:
    worst: str | None = None
    for rating in ratings:
        if rating is not None and (worst is None or rank[rating.band] > rank[worst]):
            worst = rating.band
    return worst


def _declined(records: Mapping[str, MitigationRecord], as_of: date | None) -> set[str]:
    """Return the record keys declined on ``as_of``: declined, before the review date."""
    found = set()
    for item_id, record in records.items():
        review = record.review_date
        if not record.is_declined or review is None:
            continue
        if as_of is None or date.fromisoformat(review) >= as_of:
            found.add(item_id)
    return found


def _area_reads(
    index: RiskIndex, area: Area, owner: Mapping[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the paths whose states an area reads and the questions its practices read."""
    paths = set(area.exposure) | {owner.get(sid, "") for sid in area.safeguards}
    names: set[str] = set()
    for practice in area.practices:
        names |= index.conditions[practice.when].names
        if practice.applies is not None:
            names |= index.conditions[practice.applies].names
    return tuple(sorted(paths)), tuple(sorted(names))


def _fact_reads(index: RiskIndex, impact: Impact) -> tuple[str, ...]:
    """Return the questions an impact's own scale, scope and irremediability rules read."""
    names: set[str] = set()
    for block in (impact.scale, impact.irremediability):
        if block is not None:
            for rule in block.rules:
                names |= index.conditions[rule.when].names
    if impact.scope is not None and impact.scope.question is not None:
        names.add(impact.scope.question)
    return tuple(sorted(names))


def _trigger_reads(index: RiskIndex) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Return what triggering reads: questions in the rated and favourable worlds, and paths.

    Decisions read their condition in the favourable world and their paths among the paths
    confirmed open; every other mitigation reads its condition in the rated world.
    """
    world: set[str] = set()
    fav: set[str] = set()
    paths: set[str] = set()
    for m in index.q.mitigations:
        decision = m.type is MitigationType.DECISION
        if m.when is not None:
            (fav if decision else world).update(index.conditions[m.when].names)
        if decision:
            paths.update(m.paths)
    return tuple(sorted(world)), tuple(sorted(fav)), tuple(sorted(paths))


def reads_of(index: RiskIndex, impact_id: str) -> frozenset[str]:
    """Return the questions whose answers can move an impact's rating."""
    impact = index.impacts[impact_id]
    texts: list[str] = []
    scopes = [impact.scope] if impact.scope is not None else []
    if impact.when is not None:
        texts.append(impact.when)
    for block in (impact.scale, impact.irremediability):
        if block is not None:
            texts.extend(r.when for r in block.rules)
    for path_id in impact.paths:
        path = index.paths.get(path_id)
        if path is None:
            continue
        scopes.append(path.scope)
        for items in (path.levels, path.reaches, path.interest, path.safeguards, path.involvement):
            texts.extend(item.when for item in items)
        if path.context is not None:
            texts.append(path.context.when)
    if impact.at_risk and index.q.at_risk is not None:
        texts.append(index.q.at_risk.when)
        scopes.append(index.q.at_risk.scope)
    texts.extend(m.when for m in index.q.mitigations if m.when is not None)
    texts.extend(a.when for a in index.q.actual_impacts)
    names: set[str] = set()
    for text in texts:
        names |= index.conditions[text].names
    names.update(s.question for s in scopes if s.question is not None)
    return frozenset(names)
