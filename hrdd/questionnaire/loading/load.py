"""Read and validate a file in one step, for the commands that need a valid model."""

from __future__ import annotations

from pathlib import Path

from hrdd.diagnostics import Diagnostic, format_finding
from hrdd.errors import InputError
from hrdd.questionnaire.loading.positions import Document
from hrdd.questionnaire.loading.reading import read_document
from hrdd.questionnaire.loading.schema_errors import M, validate_model


def load_model_or_raise(model: type[M], path: Path) -> tuple[M, Document]:
    """Read and validate a file for a command that cannot go on without it.

    Raises InputError listing every finding, one per line, when the file is unusable.
    """
    doc, diagnostics = read_document(path)
    instance: M | None = None
    if doc is not None:
        instance, found = validate_model(model, doc)
        diagnostics = sorted([*diagnostics, *found], key=Diagnostic.sort_key)
    if doc is None or instance is None or diagnostics:
        lines = [format_finding(d) for d in diagnostics]
        raise InputError("\n".join(lines))
    return instance, doc
