"""The exported JSON Schemas: valid 2020-12 schemas that accept real files and stay in sync."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hrdd.commands.schema import JSON_SCHEMA_DIALECT, SchemaKind, json_schema, render_schema
from hrdd.questionnaire.loading import read_document
from tests.conftest import REPO as ROOT

MINIMAL = ROOT / "tests" / "data" / "impacts" / "example.yaml"
DECREE_368_V2 = ROOT / "questionnaires" / "decree-368.yaml"
FORMAT_1 = ROOT / "tests" / "data" / "invalid" / "format-retired.yaml"
VERSION = {SchemaKind.QUESTIONNAIRE: 2, SchemaKind.ANSWERS: 1}
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
    assert schema["$id"] == f"urn:hrdd:schema:{kind.value}:{VERSION[kind]}"
    assert schema["title"]
    assert list(schema)[:3] == ["$schema", "$id", "title"]
    assert json.loads(render_schema(kind)) == schema


def test_schema_accepts_a_small_format_2_questionnaire() -> None:
    questionnaire_validator().validate(yaml_data(MINIMAL))


def test_schema_accepts_the_bundled_decree_368_questionnaire() -> None:
    data = yaml_data(DECREE_368_V2)
    assert data["format"] == 2 and data["version"] == "2.1.0"
    questionnaire_validator().validate(data)


def test_schema_describes_format_2_not_format_1() -> None:
    # Format 1 is retired: an editor flags a format-1 file as hrdd validate does.
    data = yaml_data(FORMAT_1)
    assert data["format"] == 1
    errors = [e.message for e in questionnaire_validator().iter_errors(data)]
    assert any("2 was expected" in e for e in errors), errors


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": 1}, "2 was expected"),
        ({"colour": "red"}, "Additional properties are not allowed"),
        ({"impacts": []}, "should be non-empty"),
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
