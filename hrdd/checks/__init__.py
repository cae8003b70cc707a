"""Semantic checks of a questionnaire that passed the schema: ids, references, conditions, bands.

Each module checks one concern and reports into a shared `Context`; `check_questionnaire`
runs them all.
"""

from __future__ import annotations

from pathlib import Path

from hrdd.checks.bands import check_bands
from hrdd.checks.conditions import check_conditions
from hrdd.checks.context import Context
from hrdd.checks.ids_and_references import (
    check_areas,
    check_ids,
    check_references,
    check_unused_sources,
)
from hrdd.checks.options import check_options
from hrdd.checks.texts import check_texts
from hrdd.diagnostics import Diagnostic, Severity
from hrdd.errors import InputError
from hrdd.loading import Document, format_diagnostic, load_model_or_raise
from hrdd.models import Questionnaire

__all__ = ["check_questionnaire", "load_checked_questionnaire"]


def check_questionnaire(q: Questionnaire, doc: Document) -> list[Diagnostic]:
    """Return every semantic finding in ``q``, sorted by position."""
    ctx = Context(q, doc)
    check_ids(ctx)
    check_options(ctx)
    check_references(ctx)
    check_areas(ctx)
    check_bands(ctx)
    check_conditions(ctx)
    check_texts(ctx, q)
    check_unused_sources(ctx)
    return sorted(ctx.found, key=Diagnostic.sort_key)


def load_checked_questionnaire(path: Path) -> tuple[Questionnaire, Document]:
    """Load a questionnaire for a command that runs it: the schema and every check must pass.

    `score`, `report`, `assess` and `test` run only what `hrdd validate` accepts, so a broken
    condition never quietly makes every rating "low". Warnings do not stop it. Raises
    InputError listing every error as ``file:line:col: rule message``.
    """
    questionnaire, doc = load_model_or_raise(Questionnaire, path)
    errors = [
        format_diagnostic(d)
        for d in check_questionnaire(questionnaire, doc)
        if d.severity is Severity.ERROR
    ]
    if errors:
        raise InputError("\n".join(errors))
    return questionnaire, doc
