"""Semantic checks of a format-2 questionnaire's risk model, each at the line of its cause.

`check_impacts` runs the condition checks of format 1 (names, types, named conditions, never
true) over the questions part and every `when:` of the risk model, then the rules of
docs/risk-model-format.md, "What the checks report": references, ids, paths that never open,
impacts no path reaches, floors nothing closes, the matrix, mitigations against their paths,
and data gaps. Findings are sorted by position; positions come from the loader.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hrdd.scoring.impacts._base import (
    CheckedCondition,
    ConditionChecks,
    Context,
    Diagnostic,
    Document,
    Questionnaire,
    QuestionType,
    satisfiable,
)
from hrdd.scoring.impacts.format import MitigationType, RiskQuestionnaire, Scope
from hrdd.scoring.impacts.index import condition_sites, scope_sites
from hrdd.suggest import did_you_mean_hint

DataPath = tuple[str | int, ...]

NEVER = {
    "areas": "the practice never counts",
    "impacts": "this rule of the impact never applies",
    "reaches": "the path never reaches this",
    "interest": "this evidence of interest never counts",
    "safeguards": "the safeguard is never in place",
    "involvement": "this involvement is never set",
    "context": "the path is never context",
    "at_risk": "at-risk people never get their own scenarios",
    "actual_impacts": "this actual impact is never recorded",
    "mitigations": "the mitigation is never recommended",
}
"""What a never-true condition means, by the part of the risk model that holds it."""


def check_impacts(q: RiskQuestionnaire, doc: Document) -> list[Diagnostic]:
    """Return every semantic finding in a format-2 questionnaire, sorted by position."""
    ctx = Context(question_part(q), doc)
    conditions = ConditionChecks(ctx)
    conditions.check_named()
    conditions.check_question_whens()
    sound: dict[DataPath, CheckedCondition] = {}
    all_ids = set(ctx.asked)
    for path, text in condition_sites(q):
        checked = conditions.condition(path, text, all_ids, "risk model")
        if checked is None:
            continue
        sound[path] = checked
        part = (
            "impacts" if path[0] == "impacts" else str(path[2] if path[0] == "paths" else path[0])
        )
        if path[0] == "impacts" and path[-1] == "when" and len(path) == 3:
            continue  # an impact's own `when`: impacts-unreachable says what follows
        if path[0] == "paths" and path[2] == "levels":
            continue  # a path's levels: impacts-path-never-opens says what follows
        conditions.never_true([checked], NEVER[part], path)
    conditions.check_unused()
    checks = _RiskChecks(ctx, q, sound)
    checks.ids()
    checks.references()
    checks.reachability()
    checks.floors()
    checks.matrix()
    checks.mitigations()
    checks.gaps()
    return sorted(ctx.found, key=Diagnostic.sort_key)


def question_part(q: RiskQuestionnaire) -> Questionnaire:
    """Return the questions part of ``q`` as format 1 models it, for format 1's checks.

    The questions part of format 2 is format 1's (the same section, question and named
    condition models); the risk model has no format-1 areas, rules or mitigations.
    """
    return Questionnaire.model_construct(
        format=1,
        id=q.id,
        version=q.version,
        title=q.title,
        languages=q.languages,
        disclaimer=q.disclaimer,
        sources=q.sources,
        conditions=q.conditions,
        sections=q.sections,
        areas=[],
        rules=[],
        mitigations=[],
    )


class _RiskChecks:
    """The checks of one risk model that need more than one condition at a time."""

    def __init__(
        self, ctx: Context, q: RiskQuestionnaire, sound: Mapping[DataPath, CheckedCondition]
    ) -> None:
        self.ctx = ctx
        self.q = q
        self.sound = sound
        self.questions = {name: asked.question for name, asked in ctx.asked.items()}
        self.path_ids = [p.id for p in q.paths]
        self.impact_ids = [i.id for i in q.impacts]
        self.band_ids = [b.id for b in q.matrix.bands]
        self.safeguard_ids = [s.id for p in q.paths for s in p.safeguards]
        self.opens = {p.id for p in q.paths}  # narrowed by reachability()

    # --- helpers -------------------------------------------------------------------------

    def unknown(self, path: DataPath, what: str, name: str, known: Iterable[str]) -> bool:
        """Report ``name`` when it is not among ``known``; return whether it was unknown."""
        known = list(known)
        if name in known:
            return False
        self.ctx.report(
            path,
            "impacts-unknown-reference",
            f"no {what} has the id `{name}`",
            did_you_mean_hint(name, known) or f"declare the {what}, or name one that exists",
        )
        return True

    def can_hold(self, path: DataPath) -> bool | None:
        """Tell whether the condition at ``path`` can hold; None when unknown or unsound."""
        checked = self.sound.get(path)
        if checked is None:
            return None
        return satisfiable([checked.compiled], self.questions) is not False

    # --- ids and references --------------------------------------------------------------

    def ids(self) -> None:
        """Report ids used twice within one kind."""
        q = self.q
        self.unique("area", [(a.id, ("areas", i, "id")) for i, a in enumerate(q.areas)])
        self.unique("impact", [(x.id, ("impacts", i, "id")) for i, x in enumerate(q.impacts)])
        self.unique("path", [(p.id, ("paths", i, "id")) for i, p in enumerate(q.paths)])
        self.unique(
            "safeguard",
            [
                (s.id, ("paths", pi, "safeguards", si, "id"))
                for pi, p in enumerate(q.paths)
                for si, s in enumerate(p.safeguards)
            ],
        )
        self.unique(
            "mitigation", [(m.id, ("mitigations", i, "id")) for i, m in enumerate(q.mitigations)]
        )
        self.unique(
            "actual impact",
            [(a.id, ("actual_impacts", i, "id")) for i, a in enumerate(q.actual_impacts)],
        )
        self.unique(
            "band", [(b.id, ("matrix", "bands", i, "id")) for i, b in enumerate(q.matrix.bands)]
        )
        self.unique(
            "gaps entry", [(g.question, ("gaps", i, "question")) for i, g in enumerate(q.gaps)]
        )
        for mi, m in enumerate(q.mitigations):
            self.unique(
                "decision option",
                [
                    (o.id, ("mitigations", mi, "options", oi, "id"))
                    for oi, o in enumerate(m.options)
                ],
            )

    def unique(self, what: str, items: list[tuple[str, DataPath]]) -> None:
        """Report each item whose id an earlier item of the same kind already has."""
        first: dict[str, DataPath] = {}
        for ident, path in items:
            if ident not in first:
                first[ident] = path
                continue
            self.ctx.report(
                path,
                "impacts-duplicate-id",
                f"the {what} `{ident}` is already declared on line "
                f"{self.ctx.line_of(first[ident])}",
                f"give each {what} its own id",
            )

    def references(self) -> None:
        """Report every reference to a path, impact, question, safeguard, band or option."""
        q = self.q
        for i, impact in enumerate(q.impacts):
            for j, path_id in enumerate(impact.paths):
                self.unknown(("impacts", i, "paths", j), "path", path_id, self.path_ids)
        for i, path in enumerate(q.paths):
            if path.context is not None:
                self.unknown(
                    ("paths", i, "context", "band_max"),
                    "band",
                    path.context.band_max,
                    self.band_ids,
                )
        for where, scope in scope_sites(q):
            self.scope(where, scope)
        for i, actual in enumerate(q.actual_impacts):
            for j, impact_id in enumerate(actual.impacts):
                self.unknown(
                    ("actual_impacts", i, "impacts", j), "impact", impact_id, self.impact_ids
                )
            for j, path_id in enumerate(actual.raises):
                self.unknown(("actual_impacts", i, "raises", j), "path", path_id, self.path_ids)
        for i, area in enumerate(q.areas):
            for j, path_id in enumerate(area.exposure):
                self.unknown(("areas", i, "exposure", j), "path", path_id, self.path_ids)
            for j, sid in enumerate(area.safeguards):
                self.unknown(("areas", i, "safeguards", j), "safeguard", sid, self.safeguard_ids)
        self.unknown(("matrix", "headline_from"), "band", q.matrix.headline_from, self.band_ids)
        for i, m in enumerate(q.mitigations):
            base: DataPath = ("mitigations", i)
            for key, ids in (("closes", m.closes), ("paths", m.paths)):
                for j, path_id in enumerate(ids):
                    self.unknown((*base, key, j), "path", path_id, self.path_ids)
            for j, impact_id in enumerate(m.impacts):
                self.unknown((*base, "impacts", j), "impact", impact_id, self.impact_ids)
            if m.safeguard is not None:
                self.unknown((*base, "safeguard"), "safeguard", m.safeguard, self.safeguard_ids)
            for oi, option in enumerate(m.options):
                for j, path_id in enumerate(option.closes):
                    self.unknown(
                        (*base, "options", oi, "closes", j), "path", path_id, self.path_ids
                    )
        priority = q.plan.priority
        if priority is not None:
            at: DataPath = ("plan", "priority")
            self.unknown((*at, "impact"), "impact", priority.impact, self.impact_ids)
            self.unknown((*at, "band"), "band", priority.band, self.band_ids)

    def scope(self, where: DataPath, scope: Scope) -> None:
        """Report a scope's unknown question, and map keys that are not its options."""
        if scope.question is None:
            return
        if self.unknown((*where, "question"), "question", scope.question, self.questions):
            return
        if scope.map is None:
            return
        values = self.ctx.values_of(scope.question)
        for option in scope.map:
            if option not in values:
                self.ctx.report(
                    (*where, "map", option),
                    "impacts-unknown-reference",
                    f"`{option}` is not an option of question `{scope.question}`",
                    did_you_mean_hint(option, values) or f"use one of: {', '.join(values)}",
                    mark=self.ctx.key_mark((*where, "map", option)),
                )

    # --- reachability --------------------------------------------------------------------

    def reachability(self) -> None:
        """Report paths no level of which can hold, and impacts no open path creates."""
        for i, path in enumerate(self.q.paths):
            verdicts = [
                self.can_hold(("paths", i, "levels", j, "when")) for j in range(len(path.levels))
            ]
            if all(v is False for v in verdicts):
                self.opens.discard(path.id)
                self.ctx.report(
                    ("paths", i, "levels"),
                    "impacts-path-never-opens",
                    f"no answers can make any level of path `{path.id}` hold: it never opens, "
                    "and its scenarios, safeguards and mitigations never count",
                    "check each level's condition against the options of the questions it names",
                    mark=self.ctx.key_mark(("paths", i, "levels")),
                )
        known = set(self.path_ids)
        for i, impact in enumerate(self.q.impacts):
            if impact.when is not None and self.can_hold(("impacts", i, "when")) is False:
                self.ctx.report(
                    ("impacts", i, "when"),
                    "impacts-unreachable",
                    f"no answers can make the `when` of impact `{impact.id}` hold: "
                    "it never has a scenario",
                    "check the condition against the options of the questions it names",
                )
                continue
            if any(p not in known for p in impact.paths):
                continue  # impacts-unknown-reference already says what is wrong
            if not any(p in self.opens for p in impact.paths):
                self.ctx.report(
                    ("impacts", i, "paths"),
                    "impacts-unreachable",
                    f"impact `{impact.id}` is never rated: none of its paths "
                    f"({', '.join(impact.paths)}) can open",
                    "name a path that can open, or fix the levels of those paths",
                    mark=self.ctx.key_mark(("impacts", i, "paths")),
                )

    def floors(self) -> None:
        """Report a floored path that no close mitigation and no decision option closes."""
        closers: set[str] = set()
        for m in self.q.mitigations:
            closers.update(m.closes)
            for option in m.options:
                closers.update(option.closes)
        for i, path in enumerate(self.q.paths):
            if path.id in closers or path.id not in self.opens:
                continue
            floored = next((j for j, lv in enumerate(path.levels) if lv.floor is not None), None)
            if floored is None:
                continue
            where: DataPath = ("paths", i, "levels", floored, "floor")
            self.ctx.report(
                where,
                "impacts-floor-unclosable",
                f"path `{path.id}` has a legal floor that nothing closes: its likelihood can "
                "never go below the floor, whatever the company does",
                f"add a `close` mitigation or a decision option with `closes: [{path.id}]` "
                "(e.g. exiting the market)",
                mark=self.ctx.key_mark(where),
            )

    # --- the matrix ----------------------------------------------------------------------

    def matrix(self) -> None:
        """Report rows missing or repeated, unknown bands, and bands that fall as S or L rise."""
        matrix = self.q.matrix
        rank = {b: n for n, b in reversed(list(enumerate(self.band_ids)))}
        grid: dict[int, list[int]] = {}
        row_at: dict[int, int] = {}
        complete = True
        for ri, row in enumerate(matrix.rows):
            if row.severity in grid:
                complete = False
                self.ctx.report(
                    ("matrix", "rows", ri, "severity"),
                    "impacts-matrix-coverage",
                    f"severity {row.severity} already has a row on line "
                    f"{self.ctx.line_of(('matrix', 'rows', row_at[row.severity]))}",
                    "give each severity 1 to 5 exactly one row",
                )
                continue
            cells = []
            for li, band in enumerate(row.likelihood):
                if band not in rank:
                    complete = False
                    self.ctx.report(
                        ("matrix", "rows", ri, "likelihood", li),
                        "impacts-matrix-coverage",
                        f"the band `{band}` is not among the matrix's `bands`",
                        did_you_mean_hint(band, self.band_ids)
                        or f"use one of: {', '.join(self.band_ids)}",
                    )
                cells.append(rank.get(band, -1))
            grid[row.severity] = cells
            row_at[row.severity] = ri
        missing = [s for s in range(1, 6) if s not in grid]
        if missing:
            self.ctx.report(
                ("matrix", "rows"),
                "impacts-matrix-coverage",
                f"no row for severity {', '.join(map(str, missing))}: "
                "those ratings would have no band",
                "give each severity 1 to 5 exactly one row",
                mark=self.ctx.key_mark(("matrix", "rows")),
            )
        if not complete or missing:
            return
        names = self.band_ids
        for severity in range(1, 6):
            for likelihood in range(1, 6):
                here = grid[severity][likelihood - 1]
                left = grid[severity][likelihood - 2] if likelihood > 1 else -1
                below = grid[severity - 1][likelihood - 1] if severity > 1 else -1
                if here >= left and here >= below:
                    continue
                if here < left:
                    why = f"than at likelihood {likelihood - 1} (`{names[left]}`)"
                else:
                    why = f"than at severity {severity - 1} (`{names[below]}`)"
                self.ctx.report(
                    ("matrix", "rows", row_at[severity], "likelihood", likelihood - 1),
                    "impacts-matrix-monotone",
                    f"severity {severity}, likelihood {likelihood} is rated `{names[here]}`, "
                    f"lower {why}: a graver or likelier scenario would rank below a lesser one",
                    "raise this cell, or lower the one it falls below",
                )

    # --- mitigations against paths -------------------------------------------------------

    def mitigations(self) -> None:
        """Report lower mitigations with no capacity and close mitigations on context paths."""
        paths = {p.id: (i, p) for i, p in reversed(list(enumerate(self.q.paths)))}
        for i, m in enumerate(self.q.mitigations):
            if m.type is MitigationType.LOWER:
                for j, path_id in enumerate(m.paths):
                    found = paths.get(path_id)
                    if found is None or found[1].safeguard_cap != 0:
                        continue
                    self.ctx.report(
                        ("mitigations", i, "paths", j),
                        "impacts-lower-no-capacity",
                        f"path `{path_id}` has `safeguard_cap: 0`: lowering it changes nothing",
                        "only close or narrow act on this path; retype the mitigation, or "
                        "raise the path's safeguard_cap if safeguards can really act on it",
                    )
            if m.type is MitigationType.CLOSE:
                for j, path_id in enumerate(m.closes):
                    found = paths.get(path_id)
                    if found is None or found[1].context is None:
                        continue
                    if self.can_hold(("paths", found[0], "context", "when")) is False:
                        continue
                    self.ctx.report(
                        ("mitigations", i, "closes", j),
                        "impacts-close-context",
                        f"path `{path_id}` can be context (not the company's involvement): "
                        "a `close` mitigation on it claims to remove what the company does "
                        "not control",
                        "narrow the path instead, or act on the paths that are involvement",
                    )

    # --- data gaps -----------------------------------------------------------------------

    def gaps(self) -> None:
        """Report gaps entries with values that do not fit, and choice questions without one."""
        declared = {g.question for g in self.q.gaps}
        for i, gap in enumerate(self.q.gaps):
            where: DataPath = ("gaps", i)
            if self.unknown((*where, "question"), "question", gap.question, self.questions):
                continue
            for key in ("riskiest", "favourable"):
                problem = self.gap_value(gap.question, getattr(gap, key))
                if problem is not None:
                    self.ctx.report((*where, key), "impacts-gap-value", *problem)
            if gap.bound is not None and not self.unknown(
                (*where, "bound"), "question", gap.bound, self.questions
            ):
                if self.questions[gap.bound].type is not QuestionType.NUMBER:
                    self.ctx.report(
                        (*where, "bound"),
                        "impacts-gap-value",
                        f"`bound` must name a number question; `{gap.bound}` is not one",
                        "name the number question whose answer caps this one (e.g. total users)",
                    )
        read: dict[str, None] = {}
        for checked in self.sound.values():
            read.update(dict.fromkeys(sorted(checked.compiled.names)))
        for _, scope in scope_sites(self.q):
            if scope.question is not None:
                read[scope.question] = None
        for name in read:
            asked = self.ctx.asked.get(name)
            if asked is None or name in declared or asked.question.type is not QuestionType.SINGLE:
                continue
            self.ctx.report(
                (*asked.path, "id"),
                "impacts-gap-undeclared",
                f"the risk model reads single-choice question `{name}`, but `gaps` does not "
                "say what a don't-know or missing answer to it counts as",
                f"add `- {{question: {name}, riskiest: ..., favourable: ...}}` to `gaps`",
            )

    def gap_value(self, name: str, value: object) -> tuple[str, str] | None:
        """Return what is wrong with ``value`` as a gap value of question ``name``, and a hint."""
        question = self.questions[name]
        kind = question.type
        values = list(question.choices)
        listing = f"use one of: {', '.join(values)}"
        if kind in (QuestionType.YES_NO, QuestionType.SINGLE):
            if isinstance(value, str) and value in values:
                return None
            hint = did_you_mean_hint(value, values) if isinstance(value, str) else None
            return f"`{value}` is not an option of question `{name}`", hint or listing
        if kind is QuestionType.MULTI:
            if isinstance(value, list):
                wrong = [v for v in value if v not in values]
                if not wrong:
                    return None
                return f"`{wrong[0]}` is not an option of question `{name}`", listing
            return f"question `{name}` is multi-choice: give a list of options", listing
        if kind is QuestionType.NUMBER:
            if not isinstance(value, int | float) or isinstance(value, bool):
                return f"question `{name}` is a number question: give a number", "e.g. 0"
            low, high = question.minimum, question.maximum
            if (low is not None and value < low) or (high is not None and value > high):
                return (
                    f"{value} is outside the range of question `{name}`",
                    "give a number "
                    + " and ".join(
                        part
                        for part in (
                            f"at least {low:g}" if low is not None else "",
                            f"at most {high:g}" if high is not None else "",
                        )
                        if part
                    ),
                )
            return None
        return f"question `{name}` is a text question: a gap on it has no value", (
            "remove this entry"
        )
