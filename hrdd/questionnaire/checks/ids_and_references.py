"""Checks that ids of the questions part are unique and that every cited source is declared."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from hrdd.questionnaire.checks.context import Context, Path
from hrdd.questionnaire.model import Reference
from hrdd.suggest import did_you_mean_hint


def check_ids(ctx: Context) -> None:
    """Report ids used twice within one kind, and named conditions named like a question.

    The questions part only: sections, questions, option values, sources, named conditions.
    The risk model checks its own ids (`impacts-duplicate-id`).
    """
    q = ctx.q
    unique(ctx, "question", [(qq.id, (*a.path, "id")) for qq, a in ctx.all_questions()])
    unique(ctx, "source", [(s.id, ("sources", i, "id")) for i, s in enumerate(q.sources)])
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


def check_references(ctx: Context, model: BaseModel) -> None:
    """Report citations, anywhere under ``model``, of sources that are not declared."""
    sources = [s.id for s in ctx.q.sources]
    for path, source in references(model):
        if source not in sources:
            ctx.report(
                path,
                "unknown-source",
                f"no source has the id `{source}`",
                did_you_mean_hint(source, sources) or "declare it under `sources`",
            )


def references(model: BaseModel, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Yield the data path and source id of every citation under ``model``, in file order."""
    for name, value in model.__dict__.items():
        if not isinstance(value, BaseModel | list):
            continue
        here: Path = (*path, name)
        if isinstance(value, BaseModel):
            yield from references(value, here)
            continue
        for i, item in enumerate(value):
            if isinstance(item, Reference):
                yield (*here, i, "source"), item.source
            elif isinstance(item, BaseModel):
                yield from references(item, (*here, i))


def check_unused_sources(ctx: Context, model: BaseModel) -> None:
    """Warn about declared sources that nothing under ``model`` cites."""
    used = {source for _, source in references(model)}
    for i, source in enumerate(ctx.q.sources):
        if source.id not in used:
            ctx.report(
                ("sources", i, "id"),
                "unused-source",
                f"the source `{source.id}` is never referenced",
                "cite it in a `references` list, or remove it",
            )
