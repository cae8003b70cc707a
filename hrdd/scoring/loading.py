"""Read a questionnaire file: the one loader every command uses.

hrdd reads questionnaire format 2, the risk model. A file that says `format: 1` (per-area
scoring, retired) gets one finding, `format-retired`, and nothing else: its other keys are
format 1's and would only cascade. A missing or unknown version is reported against format 2.
"""

from __future__ import annotations

from pathlib import Path

from hrdd.diagnostics import RULES, Diagnostic, FindingLevel, format_finding
from hrdd.errors import InputError
from hrdd.questionnaire.loading import Document, Positions, read_document, validate_model
from hrdd.scoring.impacts.checks import check_impacts
from hrdd.scoring.impacts.format import RiskQuestionnaire

AnyQuestionnaire = RiskQuestionnaire
"""The questionnaire every command reads: format 2, the only format since format 1 retired."""

CURRENT_FORMAT = 2
MIGRATION_GUIDE = "docs/migrating-to-format-2.md"


def retired_format(doc: Document) -> Diagnostic | None:
    """Return the `format-retired` finding when ``doc`` says `format: 1`, else None."""
    version = doc.data.get("format") if isinstance(doc.data, dict) else None
    if type(version) is not int or version != 1:
        return None
    where = doc.positions.locate(("format",))
    return Diagnostic(
        path=doc.path,
        line=where.line,
        column=where.column,
        rule="format-retired",
        message=(
            "questionnaire format 1 (per-area scoring) is retired since hrdd's questionnaire "
            "format 2 (the risk model: impacts on people, paths, typed mitigations)"
        ),
        severity=RULES["format-retired"].severity,
        hint=f"move the file to `format: 2` as {MIGRATION_GUIDE} shows",
        key_path=Positions.key_path(("format",)),
    )


def load_questionnaire(
    path: Path, display: str | None = None
) -> tuple[RiskQuestionnaire | None, Document | None, list[Diagnostic]]:
    """Read and schema-check a questionnaire.

    Returns the model (None when the file is unusable), the document and every finding
    sorted by position. Semantic checks: `hrdd.scoring.impacts.checks`.
    """
    doc, diagnostics = read_document(path, display)
    if doc is None:
        return None, None, diagnostics
    retired = retired_format(doc)
    if retired is not None:
        return None, doc, sorted([*diagnostics, retired], key=Diagnostic.sort_key)
    questionnaire, found = validate_model(RiskQuestionnaire, doc)
    version = doc.data.get("format") if isinstance(doc.data, dict) else None
    if type(version) is not int or version != CURRENT_FORMAT:
        # Without a known version the other keys cannot be judged: say only that.
        found = [d for d in found if d.rule == "format-version"] or found
    if diagnostics:
        questionnaire = None
    return questionnaire, doc, sorted([*diagnostics, *found], key=Diagnostic.sort_key)


def load_questionnaire_or_raise(path: Path) -> tuple[RiskQuestionnaire, Document]:
    """Read a questionnaire for a command that runs it: the schema and every check must pass.

    `score`, `report`, `assess`, `test`, `plan`, `signoff` and `answers` run only what
    `hrdd validate` accepts, so that a broken condition never quietly rates everything low;
    warnings do not stop them. Raises InputError listing every error, one per line, when the
    file is unusable.
    """
    questionnaire, doc, diagnostics = load_questionnaire(path)
    if questionnaire is None or doc is None or diagnostics:
        raise InputError("\n".join(format_finding(d) for d in diagnostics))
    found = check_impacts(questionnaire, doc)
    errors = [format_finding(d) for d in found if d.severity is FindingLevel.ERROR]
    if errors:
        raise InputError("\n".join(errors))
    return questionnaire, doc
