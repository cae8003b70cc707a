"""JSON for scripts: every finding and count under stable, documented, sorted keys."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from hrdd import __version__
from hrdd.diagnostics import Diagnostic, FileResult
from hrdd.output.validate.interface import Formatter
from hrdd.safe_text import json_safe

#: Version of the JSON output layout; raised only when a key changes meaning or disappears.
JSON_OUTPUT_VERSION = 1


def diagnostic_data(diagnostic: Diagnostic) -> dict[str, Any]:
    """Return one finding as plain data."""
    return {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "rule": diagnostic.rule,
        "kind": diagnostic.kind.value,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "key_path": diagnostic.key_path,
    }


def file_data(result: FileResult, *, strict: bool) -> dict[str, Any]:
    """Return one file's findings, counts and outcome as plain data."""
    return {
        "path": result.path,
        "counts": {
            "questions": result.counts.questions,
            "areas": result.counts.areas,
            "mitigations": result.counts.mitigations,
        },
        "errors": result.errors,
        "warnings": result.warnings,
        "failed": result.failed(strict=strict),
        "unreadable": result.unreadable,
        "diagnostics": [diagnostic_data(d) for d in result.findings],
    }


class JsonFormatter(Formatter):
    """One JSON object: tool, strictness, per-file results and a summary."""

    def render(self, results: Sequence[FileResult], *, strict: bool) -> str:
        """Return the JSON document, keys sorted, indented by two spaces."""
        document = {
            "version": JSON_OUTPUT_VERSION,
            "tool": {"name": "hrdd", "version": __version__},
            "strict": strict,
            "files": [file_data(r, strict=strict) for r in results],
            "summary": {
                "files": len(results),
                "failed": sum(1 for r in results if r.failed(strict=strict)),
                "errors": sum(r.errors for r in results),
                "warnings": sum(r.warnings for r in results),
            },
        }
        return json_safe(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
