"""Checks that ids are unique and that every reference names something declared."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from hrdd.questionnaire.checks.context import Context, Path
from hrdd.suggest import did_you_mean_hint


def check_ids(ctx: Context) -> None:
    """Report ids used twice within one kind, and named conditions named like a question."""
    q = ctx.q
    unique(ctx, "question", [(qq.id, (*a.path, "id")) for qq, a in ctx.all_questions()])
    unique(ctx, "area", [(a.id, ("areas", i, "id")) for i, a in enumerate(q.areas)])
    unique(ctx, "source", [(s.id, ("sources", i, "id")) for i, s in enumerate(q.sources)])
    unique(
        ctx,
        "mitigation",
        [(m.id, ("mitigations", i, "id")) for i, m in enumerate(q.mitigations)],
    )
    unique(ctx, "rule", [(r.id, ("rules", i, "id")) for i, r in enumerate(q.rules)])
    unique(ctx, "section", [(s.id, ("sections", i, "id")) for i, s in enumerate(q.sections)])
    named: list[tuple[str, Path]] = [
        (c.id, ("conditions", i, "id")) for i, c in enumerate(q.conditions)
    ]
    unique(ctx, "named condition", named)
    for ident, path in named:
        asked = ctx.asked.get(ident)
        if asked is not None:
            ctx.report(
                path,
                "duplicate-id",
                f"the named condition `{ident}` has the id of the question on line "
                f"{ctx.line_of(asked.path)}",
                "rename one of them: in a condition, a name must mean one thing",
            )
    bands = q.scoring.bands
    unique(ctx, "band", [(b.id, ("scoring", "bands", i, "id")) for i, b in enumerate(bands)])
    for question, asked in ctx.all_questions():
        unique(
            ctx,
            "option value",
            [
                (o.value, (*asked.path, "options", i, "value"))
                for i, o in enumerate(question.options)
            ],
            f" in question `{question.id}`",
        )


def unique(ctx: Context, what: str, items: list[tuple[str, Path]], within: str = "") -> None:
    """Report each item whose id an earlier item already has."""
    first: dict[str, Path] = {}
    for ident, path in items:
        if ident in first:
            line = ctx.line_of(first[ident])
            ctx.report(
                path,
                "duplicate-id",
                f"the {what} `{ident}` is already used{within} on line {line}",
                f"give each {what} its own {'value' if within else 'id'}",
            )
        else:
            first[ident] = path


def check_references(ctx: Context) -> None:
    """Report references to areas, sources and bands that are not declared."""
    q = ctx.q
    for question, asked in ctx.all_questions():
        for i, option in enumerate(question.options):
            for area in option.points:
                area_ref(ctx, (*asked.path, "options", i, "points", area), area, key=True)
        for area in question.cap:
            area_ref(ctx, (*asked.path, "cap", area), area, key=True)
    for i, rule in enumerate(q.rules):
        for j, area in enumerate(rule.areas):
            if area != "*":
                area_ref(ctx, ("rules", i, "areas", j), area)
    for i, mitigation in enumerate(q.mitigations):
        for j, area in enumerate(mitigation.areas):
            area_ref(ctx, ("mitigations", i, "areas", j), area)
    sources = [s.id for s in q.sources]
    for path, source in _references(ctx):
        if source not in sources:
            ctx.report(
                path,
                "unknown-source",
                f"no source has the id `{source}`",
                did_you_mean_hint(source, sources) or "declare it under `sources`",
            )
    bands = [b.id for b in q.scoring.bands]
    defaults = ctx.doc.positions.get(("scoring", "overrides")) is None
    for i, override in enumerate(q.scoring.overrides):
        if override.band in bands:
            continue
        if defaults:
            message = f"the default overrides raise areas to band `{override.band}`, "
            hint = "name the bands low, medium, high and critical, or set `overrides`"
        else:
            message = ""
            hint = did_you_mean_hint(override.band, bands) or f"use one of: {', '.join(bands)}"
        ctx.report(
            ("scoring", "overrides", i, "band"),
            "unknown-band",
            f"{message}{'but ' if message else ''}no rating band has the id `{override.band}`",
            hint,
        )


def area_ref(ctx: Context, path: Path, area: str, *, key: bool = False) -> None:
    """Report ``area`` at ``path`` unless it is a declared area."""
    if area in ctx.area_ids:
        return
    ctx.report(
        path,
        "unknown-area",
        f"no risk area has the id `{area}`",
        did_you_mean_hint(area, ctx.area_ids) or "declare it under `areas`",
        mark=ctx.key_mark(path) if key else None,
    )


def _references(ctx: Context) -> Iterator[tuple[Path, str]]:
    q = ctx.q
    holders: list[tuple[Path, BaseModel]] = [(("areas", i), a) for i, a in enumerate(q.areas)]
    holders += [(asked.path, question) for question, asked in ctx.all_questions()]
    holders += [(("rules", i), r) for i, r in enumerate(q.rules)]
    holders += [(("mitigations", i), m) for i, m in enumerate(q.mitigations)]
    for path, holder in holders:
        for j, reference in enumerate(getattr(holder, "references", [])):
            yield (*path, "references", j, "source"), reference.source


def check_areas(ctx: Context) -> None:
    """Report areas that no answer raises and areas that no mitigation addresses."""
    raised: set[str] = set()
    for question in ctx.q.questions():
        for option in question.options:
            raised.update(area for area, points in option.points.items() if points > 0)
    for rule in ctx.q.rules:
        if rule.floor is not None:
            raised.update(ctx.area_ids if "*" in rule.areas else rule.areas)
    addressed = {area for m in ctx.q.mitigations for area in m.areas}
    for i, area in enumerate(ctx.q.areas):
        path: Path = ("areas", i, "id")
        if area.id not in raised:
            ctx.report(
                path,
                "area-unreachable",
                f"no answer raises the likelihood of area `{area.id}`",
                f"give `{area.id}` points on the options that expose people to it, "
                "or a rule with a `floor`",
            )
        if area.id not in addressed:
            ctx.report(
                path,
                "area-no-mitigation",
                f"no mitigation addresses area `{area.id}`",
                f"add a mitigation with `areas: [{area.id}]`",
            )


def check_unused_sources(ctx: Context) -> None:
    """Warn about declared sources that nothing references."""
    used = {source for _, source in _references(ctx)}
    for i, source in enumerate(ctx.q.sources):
        if source.id not in used:
            ctx.report(
                ("sources", i, "id"),
                "unused-source",
                f"the source `{source.id}` is never referenced",
                "cite it in a `references` list, or remove it",
            )
