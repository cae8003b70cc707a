"""The exported JSON Schemas: valid 2020-12 schemas that accept real files and stay in sync."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hrdd.catalog import default_questionnaire
from hrdd.commands.schema import JSON_SCHEMA_DIALECT, SchemaKind, json_schema, render_schema
from hrdd.questionnaire.loading import read_document
from tests.conftest import REPO as ROOT

MINIMAL = ROOT / "tests" / "data" / "valid" / "minimal.yaml"
COMMITTED = ROOT / "docs" / "schema" / "questionnaire.schema.json"
REGENERATE = "hrdd schema questionnaire --output docs/schema/questionnaire.schema.json"


def yaml_data(path: Path) -> Any:
    document, diagnostics = read_document(path)
    assert document is not None, diagnostics
    return document.data


def questionnaire_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema(SchemaKind.QUESTIONNAIRE))


@pytest.mark.parametrize("kind", list(SchemaKind))
def test_every_schema_is_a_valid_2020_12_schema(kind: SchemaKind) -> None:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == JSON_SCHEMA_DIALECT
    assert schema["$id"] == f"urn:hrdd:schema:{kind.value}:1"
    assert schema["title"]
    assert list(schema)[:3] == ["$schema", "$id", "title"]
    assert json.loads(render_schema(kind)) == schema


def test_schema_accepts_the_minimal_questionnaire() -> None:
    questionnaire_validator().validate(yaml_data(MINIMAL))


def test_schema_accepts_the_bundled_questionnaire() -> None:
    bundled = default_questionnaire()
    assert bundled.is_file(), f"the bundled questionnaire {bundled} is missing"
    questionnaire_validator().validate(yaml_data(bundled))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": 2}, "1 was expected"),
        ({"colour": "red"}, "Additional properties are not allowed"),
        ({"areas": []}, "should be non-empty"),
        ({"id": "Not An Id"}, "does not match"),
    ],
)
def test_schema_rejects_what_the_format_forbids(change: dict[str, Any], message: str) -> None:
    data = {**yaml_data(MINIMAL), **change}
    errors = [e.message for e in questionnaire_validator().iter_errors(data)]
    assert any(message in e for e in errors), errors


def test_schema_flags_a_misspelt_question_key() -> None:
    data = yaml_data(MINIMAL)
    data["sections"][0]["questions"][0]["dont_knw"] = True
    assert not questionnaire_validator().is_valid(data)


def test_schema_rejects_a_text_keyed_by_something_not_a_language() -> None:
    data = yaml_data(MINIMAL)
    data["title"] = {"en": "Title", "English": "Title"}
    assert not questionnaire_validator().is_valid(data)
    data["title"] = {"en": "Title", "be": "Назва"}
    assert questionnaire_validator().is_valid(data)


def test_committed_schema_is_up_to_date() -> None:
    # The file editors point at must match the models. After changing hrdd/models.py on
    # purpose, regenerate it from the repository root with:
    #     hrdd schema questionnaire --output docs/schema/questionnaire.schema.json
    assert COMMITTED.read_text(encoding="utf-8") == render_schema(SchemaKind.QUESTIONNAIRE), (
        f"{COMMITTED.relative_to(ROOT)} is out of date; regenerate it with `{REGENERATE}`"
    )
