"""Checks of texts: every language used is declared, every declared one is given."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from hrdd.questionnaire.checks.context import Context, Path
from hrdd.suggest import did_you_mean_hint


def check_texts(ctx: Context, model: BaseModel, path: Path = ()) -> None:
    """Report texts in undeclared languages or lacking a declared one, under ``model``."""
    declared = ctx.q.languages
    # A model's __dict__ holds its field values in field order. Strings, numbers and None
    # are most of them and hold no text mapping: skipping them first keeps this walk over
    # every model of the file cheap (isinstance against BaseModel is an ABC check).
    for name, value in model.__dict__.items():
        if value is None or isinstance(value, (str, int, float)):
            continue
        here: Path = (*path, name)
        if isinstance(value, BaseModel):
            check_texts(ctx, value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    check_texts(ctx, item, (*here, i))
        elif isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            translations(ctx, value, here, declared)


def translations(ctx: Context, text: Mapping[str, str], path: Path, declared: list[str]) -> None:
    """Report the languages of one text mapping: undeclared ones, and missing ones."""
    for language in text:
        if language not in declared:
            ctx.report(
                (*path, language),
                "unknown-language",
                f"the language `{language}` is not declared in `languages`",
                did_you_mean_hint(language, declared)
                or f"add `{language}` to `languages` or remove it",
                mark=ctx.key_mark((*path, language)),
            )
    missing = [language for language in declared if language not in text]
    if missing:
        names = "`, `".join(missing)
        ctx.report(
            path,
            "missing-translation",
            f"this text has no `{names}` translation",
            f"add {', '.join(f'`{m}:`' for m in missing)}; until then another is shown",
        )
