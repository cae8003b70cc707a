"""Content hashes: of a questionnaire, of one question's meaning, and of raw file bytes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from hrdd.questionnaire.model import Question, QuestionSource

FINGERPRINT_LENGTH = 16
"""Hex digits kept in a question fingerprint: short enough to read, long enough not to clash."""


def canonical_json(data: Any) -> bytes:
    """Return the canonical JSON bytes of ``data``: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def questionnaire_hash(questionnaire: QuestionSource) -> str:
    """Return ``sha256:<hex>`` over the canonical JSON of the whole questionnaire model.

    Formatting, comments and key order in the YAML do not change it; any change of content
    (a text, a point, a default made explicit or not) does.
    """
    data = questionnaire.model_dump(mode="json")
    # Keys added to the format later are hashed only when set, so that a new hrdd does not
    # make every answers file given to an unchanged questionnaire stale.
    for section in data.get("sections", []):
        for question in section.get("questions", []):
            for key in LATER_QUESTION_KEYS:
                if question.get(key) is False:
                    del question[key]
            # Format 1's likelihood points left the format with it; hashes taken before hold
            # them empty, and an unchanged questionnaire keeps its hash.
            question["cap"] = {}
            for option in question.get("options", []):
                option["points"] = {}
    digest = hashlib.sha256(canonical_json(data)).hexdigest()
    return f"sha256:{digest}"


LATER_QUESTION_KEYS = ("sensitive",)
"""Question keys added to the format after its first release, all false by default."""


def question_fingerprint(question: Question) -> str:
    """Return a short hash of what a question asks: text, type, option values and labels, unit.

    Help text, references and conditions are left out on purpose: editing them does
    not change what the respondent answered, so it must not flag the answer for review.
    """
    payload = {
        "text": question.text,
        "type": question.type.value,
        "options": [{"value": o.value, "label": o.label} for o in question.options],
        "unit": question.unit,
    }
    return hashlib.sha256(canonical_json(payload)).hexdigest()[:FINGERPRINT_LENGTH]


def file_hash(data: bytes) -> str:
    """Return ``sha256:<hex>`` of raw bytes."""
    return f"sha256:{hashlib.sha256(data).hexdigest()}"
