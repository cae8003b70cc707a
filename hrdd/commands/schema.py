"""JSON Schema export of the file formats users write, for editors and CI (`hrdd schema`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _questionnaire_model() -> type[BaseModel]:
    from hrdd.scoring.impacts.format import RiskQuestionnaire

    return RiskQuestionnaire


def _answers_model() -> type[BaseModel]:
    from hrdd.answers.model import Answers

    return Answers


class SchemaKind(StrEnum):
    """The formats `hrdd schema` can export; each member maps to one pydantic model."""

    QUESTIONNAIRE = "questionnaire"
    ANSWERS = "answers"


# Each kind: (model factory, $id, title). Adding a format is one member above and one row here.
_SCHEMAS: dict[SchemaKind, tuple[Callable[[], type[BaseModel]], str, str]] = {
    SchemaKind.QUESTIONNAIRE: (
        _questionnaire_model,
        "urn:hrdd:schema:questionnaire:2",
        "hrdd questionnaire, format 2",
    ),
    SchemaKind.ANSWERS: (
        _answers_model,
        "urn:hrdd:schema:answers:1",
        "hrdd answers file, format 1",
    ),
}


def _close_pattern_objects(node: Any) -> None:
    """Forbid keys outside ``patternProperties``, as the models do for id-keyed mappings.

    pydantic describes ``dict[LangCode, str]`` with ``patternProperties`` alone, which lets
    any other key through; the model rejects such keys, so the schema should too.
    """
    if isinstance(node, dict):
        if "patternProperties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _close_pattern_objects(value)
    elif isinstance(node, list):
        for item in node:
            _close_pattern_objects(item)


def json_schema(kind: SchemaKind) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of ``kind`` as plain data."""
    model_factory, schema_id, title = _SCHEMAS[kind]
    generated = model_factory().model_json_schema()
    _close_pattern_objects(generated)
    generated.pop("title", None)
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": schema_id, "title": title, **generated}


def render_schema(kind: SchemaKind) -> str:
    """Return the JSON Schema of ``kind`` as indented JSON text ending in a newline."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def run(kind: SchemaKind, output: str) -> int:
    """Run `hrdd schema`: write the schema of ``kind`` to ``output``; 0."""
    from hrdd.output.writer import write_output

    write_output(render_schema(kind), output)
    return 0
