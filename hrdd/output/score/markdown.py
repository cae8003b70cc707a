"""`--format markdown`: GitHub-flavoured Markdown, for pull requests and wikis."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hrdd.output.score.interface import ScoreRenderer

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile


class MarkdownRenderer(ScoreRenderer):
    """The same results view as `table`, in Markdown."""

    def render_rated(self, files: Sequence[RatedFile], *, explain: bool) -> str:
        """Return the shared results view in Markdown."""
        from hrdd.output.results import markdown_text

        return markdown_text(files, explain=explain)
