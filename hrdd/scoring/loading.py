"""Read a questionnaire file of either format: the one loader every command uses.

The `format:` key picks the model: `format: 1` is read as format 1 (`Questionnaire`), anything
else as format 2 (`RiskQuestionnaire`), so that a missing or unknown version is reported
against the current format. Schema errors keep their positions, rule ids and hints either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hrdd.diagnostics import Diagnostic, format_finding
from hrdd.errors import InputError
from hrdd.questionnaire.loading import Document, read_document, validate_model
from hrdd.questionnaire.model import Questionnaire
from hrdd.scoring.impacts.format import RiskQuestionnaire

AnyQuestionnaire = Questionnaire | RiskQuestionnaire
"""A questionnaire of format 1 or format 2."""

CURRENT_FORMAT = 2


def model_for(data: Any) -> type[Questionnaire] | type[RiskQuestionnaire]:
    """Return the model that reads ``data``: format 1 only when it says `format: 1`."""
    version = data.get("format") if isinstance(data, dict) else None
    if (version == 1 and not isinstance(version, bool)) or version == "1":
        return Questionnaire
    return RiskQuestionnaire


def load_questionnaire(
    path: Path, display: str | None = None
) -> tuple[AnyQuestionnaire | None, Document | None, list[Diagnostic]]:
    """Read and schema-check a questionnaire of either format.

    Returns the model (None when the file is unusable), the document and every finding
    sorted by position. Semantic checks: `hrdd.questionnaire.checks` (format 1) and
    `hrdd.scoring.impacts.checks` (format 2).
    """
    doc, diagnostics = read_document(path, display)
    if doc is None:
        return None, None, diagnostics
    model = model_for(doc.data)
    questionnaire: AnyQuestionnaire | None
    questionnaire, found = validate_model(model, doc)
    version = doc.data.get("format") if isinstance(doc.data, dict) else None
    if type(version) is not int or version not in (1, CURRENT_FORMAT):
        # Without a known version the other keys cannot be judged: say only that.
        found = [d for d in found if d.rule == "format-version"] or found
    if diagnostics:
        questionnaire = None
    return questionnaire, doc, sorted([*diagnostics, *found], key=Diagnostic.sort_key)


def load_questionnaire_or_raise(path: Path) -> tuple[AnyQuestionnaire, Document]:
    """Read a questionnaire for a command that cannot go on without it.

    Raises InputError listing every finding, one per line, when the file is unusable.
    """
    questionnaire, doc, diagnostics = load_questionnaire(path)
    if questionnaire is None or doc is None or diagnostics:
        raise InputError("\n".join(format_finding(d) for d in diagnostics))
    return questionnaire, doc
