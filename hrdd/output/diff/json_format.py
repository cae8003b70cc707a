"""`--format json`: the changes as stable JSON for tools (keys documented in docs/cli.md)."""

from __future__ import annotations

import json
from typing import Any

from hrdd.output.diff.interface import (
    DiffRenderer,
    DiffRun,
    SideInfo,
)
from hrdd.safe_text import json_safe

JSON_FORMAT_VERSION = 1


def _side(side: SideInfo) -> dict[str, Any]:
    a = side.answers
    return {
        "path": side.path,
        "organisation": a.organisation,
        "questionnaire": a.questionnaire.model_dump(mode="json"),
        "updated": a.updated,
        "signoff": a.signoff.date if a.signoff is not None else None,
        "snapshot": a.signoff is not None and a.signoff.snapshot is not None,
    }


def diff_data(run: DiffRun) -> dict[str, Any]:
    """Return the comparison as plain data, keys in a fixed order."""
    c = run.comparison
    q = run.questionnaire
    return {
        "format": JSON_FORMAT_VERSION,
        "old": _side(run.old),
        "new": _side(run.new),
        "rated_with": {
            "questionnaire": {"id": q.id, "version": q.version, "hash": run.questionnaire_hash},
            "method": run.method,
        },
        "as_of": c.day,
        "baseline": c.baseline,
        "notes": list(run.notes),
        "ratings": [
            {
                "kind": m.kind,
                "id": m.id,
                "impact": m.impact,
                "title": run.move_title(m),
                "rating": m.measure,
                "old": m.old,
                "new": m.new,
                "direction": m.direction,
                "source": m.source,
            }
            for m in c.moves
        ],
        "answers": [
            {
                "question": a.question,
                "title": run.question_title(a.question),
                "change": a.change,
                "old": a.old,
                "new": a.new,
                "by": a.by,
                "at": a.at,
                "between": a.between,
            }
            for a in c.answers
        ],
        "plan": [
            {
                "item": p.item,
                "title": run.item_title(p.item),
                "change": p.change,
                "old_status": p.old_status,
                "new_status": p.new_status,
                "due": p.due,
                "review": p.review,
                "by": p.by,
                "at": p.at,
                "source": p.source,
            }
            for p in c.plan
        ],
    }


class JsonRenderer(DiffRenderer):
    """Every change with ids and titles; equal inputs give equal bytes."""

    def render(self, run: DiffRun) -> str:
        """Return the JSON text."""
        text = json.dumps(diff_data(run), indent=2, ensure_ascii=False)
        return json_safe(text) + "\n"
