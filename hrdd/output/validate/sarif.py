"""SARIF 2.1.0 for code-scanning services: the rule catalogue plus one result per finding."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from hrdd import __version__
from hrdd.atomic import real_path
from hrdd.diagnostics import RULES, Diagnostic, FileResult
from hrdd.output.validate.interface import Formatter
from hrdd.safe_text import json_safe

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/hrdd/"

_RULE_IDS = list(RULES)
_RULE_INDEX = {rule_id: index for index, rule_id in enumerate(_RULE_IDS)}


def artifact_uri(path: str, base: Path | None = None) -> str:
    """Return a URI for ``path``: relative with ``/`` separators, or ``file://`` if outside base.

    ``base`` defaults to the working folder, which is the repository root in CI.
    """
    pure = PurePath(path)
    if pure.is_absolute():
        root = real_path(base or Path.cwd())
        try:
            pure = real_path(Path(path)).relative_to(root)
        except ValueError:
            return real_path(Path(path)).as_uri()
    return quote(pure.as_posix(), safe="/-._~")


def rule_data(rule_id: str) -> dict[str, Any]:
    """Return the ``reportingDescriptor`` of one rule."""
    rule = RULES[rule_id]
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": rule.severity.value},
        "properties": {"kind": rule.kind.value},
    }


def result_data(diagnostic: Diagnostic) -> dict[str, Any]:
    """Return the SARIF ``result`` of one finding."""
    message = diagnostic.message
    if diagnostic.hint:
        message = f"{message} (hint: {diagnostic.hint})"
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(diagnostic.path)}}
    if diagnostic.line >= 1:
        location["region"] = {
            "startLine": diagnostic.line,
            "startColumn": max(diagnostic.column, 1),
        }
    return {
        "ruleId": diagnostic.rule,
        "ruleIndex": _RULE_INDEX[diagnostic.rule],
        "level": diagnostic.severity.value,
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "properties": {"keyPath": diagnostic.key_path},
    }


class SarifFormatter(Formatter):
    """A SARIF 2.1.0 log with one run; every rule is listed so rule indexes stay stable."""

    def render(self, results: Sequence[FileResult], *, strict: bool) -> str:
        """Return the SARIF log as indented JSON."""
        findings = [result_data(d) for result in results for d in result.findings]
        log = {
            "$schema": SARIF_SCHEMA,
            "version": SARIF_VERSION,
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "hrdd",
                            "version": __version__,
                            "informationUri": INFORMATION_URI,
                            "rules": [rule_data(rule_id) for rule_id in _RULE_IDS],
                        }
                    },
                    # Columns count characters, as YAML marks do, not UTF-16 code units.
                    "columnKind": "unicodeCodePoints",
                    "invocations": [
                        {
                            "executionSuccessful": not any(r.unreadable for r in results),
                            "properties": {"strict": strict},
                        }
                    ],
                    "results": findings,
                }
            ],
        }
        return json_safe(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"
