"""JSON for tools: every case's result and the coverage, in a stable shape."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hrdd.output.test.interface import TestFormatter, coverage_kinds

if TYPE_CHECKING:
    from hrdd.output.test.interface import Reach, SuiteResult


def _reach_data(reach: Reach) -> dict[str, Any]:
    return {
        "total": reach.total,
        "reached": reach.reached,
        "percent": round(reach.percent, 1),
        "missed": list(reach.missed),
    }


class JsonFormatter(TestFormatter):
    """Every case's result and the coverage as stable JSON (coverage is always included)."""

    def render(self, suites: Sequence[SuiteResult], *, coverage: bool) -> str:
        """Return every case's result and the coverage as stable JSON."""
        data = {
            "format": 1,
            "suites": [
                {
                    "questionnaire": s.questionnaire,
                    "id": s.questionnaire_id,
                    "folder": s.folder,
                    "passed": len(s.cases) - s.failed,
                    "failed": s.failed,
                    "cases": [
                        {
                            "path": c.path,
                            "name": c.name,
                            "passed": c.passed,
                            "mismatches": list(c.mismatches),
                        }
                        for c in s.cases
                    ],
                    "coverage": {kind: _reach_data(r) for kind, r in coverage_kinds(s.coverage)},
                }
                for s in suites
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
