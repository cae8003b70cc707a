"""Semantic checks of a questionnaire that passed the schema: ids, references, conditions, bands.

Each module checks one concern and reports into a shared `Context`; `check_questionnaire`
runs them all.
"""

from __future__ import annotations

from hrdd.diagnostics import Diagnostic
from hrdd.questionnaire.checks.bands import check_bands
from hrdd.questionnaire.checks.conditions import check_conditions
from hrdd.questionnaire.checks.context import Context
from hrdd.questionnaire.checks.ids_and_references import (
    check_areas,
    check_ids,
    check_references,
    check_unused_sources,
)
from hrdd.questionnaire.checks.options import check_options
from hrdd.questionnaire.checks.sources import check_sources
from hrdd.questionnaire.checks.texts import check_texts
from hrdd.questionnaire.loading import Document
from hrdd.questionnaire.model import Questionnaire

__all__ = ["check_questionnaire"]


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
    check_sources(ctx)
    check_unused_sources(ctx)
    return sorted(ctx.found, key=Diagnostic.sort_key)
