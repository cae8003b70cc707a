"""`--format json`: the assessments as stable JSON (documented in docs/scoring.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from hrdd.answers.signing import signoff_state
from hrdd.output.score.interface import ScoredFile, ScoreRenderer
from hrdd.safe_text import json_safe

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile

JSON_FORMAT_VERSION = 1


def file_data(scored: ScoredFile) -> dict[str, Any]:
    """Return one scored file as plain data."""
    return {
        "path": scored.path,
        "organisation": scored.answers.organisation,
        "answered": scored.answers.questionnaire.model_dump(mode="json"),
        "assessment": scored.assessment.model_dump(mode="json"),
        "signoff": signoff_state(scored.answers).value,
    }


class JsonRenderer(ScoreRenderer):
    """Every figure and driver; keys in a fixed order, so equal input gives equal bytes."""

    def render(self, files: Sequence[ScoredFile], *, explain: bool) -> str:
        """Return the JSON text; drivers are always included, so ``explain`` changes nothing."""
        data = {"format": JSON_FORMAT_VERSION, "files": [file_data(f) for f in files]}
        return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"

    def stream_rated(
        self, files: Iterable[RatedFile], count: int, *, explain: bool
    ) -> Iterator[str]:
        """Yield the results as JSON (format 2) a file at a time; ``explain`` changes nothing."""
        from hrdd.output.results import json_chunks

        return json_chunks(files)
