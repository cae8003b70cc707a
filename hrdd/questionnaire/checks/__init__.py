"""Semantic checks of the questions part of a questionnaire that passed the schema.

Each module checks one concern and reports into a shared `Context`: ids, options, texts,
sources and their citations here (`check_common`), conditions through `ConditionChecks`. The
risk model's checks (`hrdd.scoring.impacts.checks`) run them and add their own.
"""

from __future__ import annotations

from pydantic import BaseModel

from hrdd.questionnaire.checks.context import Context
from hrdd.questionnaire.checks.ids_and_references import (
    check_ids,
    check_references,
    check_unused_sources,
)
from hrdd.questionnaire.checks.options import check_options
from hrdd.questionnaire.checks.sources import check_sources
from hrdd.questionnaire.checks.texts import check_texts

__all__ = ["check_common"]


def check_common(ctx: Context, model: BaseModel) -> None:
    """Report, into ``ctx``, the findings of the checks every questionnaire gets.

    ``model`` is the whole questionnaire: texts and citations are checked wherever they are.
    """
    check_ids(ctx)
    check_options(ctx)
    check_references(ctx, model)
    check_texts(ctx, model)
    check_sources(ctx)
    check_unused_sources(ctx, model)
