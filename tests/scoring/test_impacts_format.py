"""The format-2 models: the documented example loads; each type's fields are enforced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from hrdd.questionnaire.loading import read_document, validate_model
from hrdd.scoring.impacts.format import Mitigation, RiskQuestionnaire, Scope

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "data" / "impacts" / "example.yaml"
SPEC = ROOT / "docs" / "risk-model-format.md"


def test_the_example_in_the_spec_is_the_fixture_and_loads(tmp_path: Path) -> None:
    text = SPEC.read_text(encoding="utf-8")
    match = re.search(r"## A complete example\n.*?```yaml\n(.*?)```", text, re.S)
    assert match, "docs/risk-model-format.md lost its complete example"
    assert match.group(1) == EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "example.yaml"
    path.write_text(match.group(1), encoding="utf-8")
    doc, problems = read_document(path)
    assert doc is not None and problems == []
    model, found = validate_model(RiskQuestionnaire, doc)
    assert found == []
    assert model is not None
    assert [i.id for i in model.impacts] == ["disclosure", "chilling", "staff_coercion"]


def test_every_field_has_a_description() -> None:
    def walk(model: type, seen: set[type]) -> None:
        if model in seen or not hasattr(model, "model_fields"):
            return
        seen.add(model)
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
            for arg in getattr(field.annotation, "__args__", ()) + (field.annotation,):
                walk(arg, seen)
                for inner in getattr(arg, "__args__", ()):
                    walk(inner, seen)

    walk(RiskQuestionnaire, set())


def _mitigation(**fields: object) -> dict[str, object]:
    return {"id": "m", "title": "T", "action": "A", "horizon": "90_days", "effort": "low", **fields}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "close"}, "needs `closes"),
        ({"type": "narrow", "paths": ["p"]}, "needs `paths` and one of"),
        ({"type": "lower", "paths": ["p"]}, "needs `paths` and `likelihood`"),
        ({"type": "assess", "likelihood": -1}, "only for `lower`"),
        ({"type": "remedy", "paths": ["p"]}, "changes no path"),
        ({"type": "decision", "paths": ["p"], "options": []}, "at least two `options`"),
        ({"type": "lower", "paths": ["p"], "likelihood": -1, "scale_to": 3}, "only for `narrow`"),
    ],
)
def test_a_mitigation_declares_what_its_type_changes(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Mitigation.model_validate(_mitigation(**fields))


def test_a_scope_names_exactly_one_source() -> None:
    assert Scope.model_validate({"fixed": 5}).fixed == 5
    with pytest.raises(ValidationError, match="exactly one of"):
        Scope.model_validate({"question": "users"})
    with pytest.raises(ValidationError, match="takes no"):
        Scope.model_validate({"fixed": 5, "question": "users"})
