"""Read YAML files into plain data that remembers where every value came from.

`read_document` reads a file (limits, decoding, YAML 1.2 typing, alias and depth guards) into
a `Document` whose `Positions` find any value's line and column on demand; `validate_model`
checks it against a format model and maps every pydantic error back to its position.
"""

from __future__ import annotations

from hrdd.questionnaire.loading.batch import few_collections
from hrdd.questionnaire.loading.building import ALIAS_NODE_LIMIT
from hrdd.questionnaire.loading.compose import MAX_DEPTH
from hrdd.questionnaire.loading.load import load_model_or_raise
from hrdd.questionnaire.loading.positions import Document, Mark, NodeInfo, Positions
from hrdd.questionnaire.loading.reading import read_document
from hrdd.questionnaire.loading.schema_errors import validate_model

__all__ = [
    "ALIAS_NODE_LIMIT",
    "MAX_DEPTH",
    "Document",
    "Mark",
    "NodeInfo",
    "Positions",
    "few_collections",
    "load_model_or_raise",
    "read_document",
    "validate_model",
]
