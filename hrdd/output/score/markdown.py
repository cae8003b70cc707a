"""`--format markdown`: GitHub-flavoured Markdown, for pull requests and wikis."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from hrdd.output.score.interface import ScoreRenderer

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile


class MarkdownRenderer(ScoreRenderer):
    """The same results view as `table`, in Markdown."""

    def stream_rated(
        self, files: Iterable[RatedFile], count: int, *, explain: bool
    ) -> Iterator[str]:
        """Yield the shared results view in Markdown, a file at a time."""
        from hrdd.output.results import markdown_chunks

        return markdown_chunks(files, count, explain=explain)
