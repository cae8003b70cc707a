"""The one interface every `hrdd score` output format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile


class ScoreRenderer(ABC):
    """Turn rated files into the text of one output format; never write it anywhere."""

    def render_rated(self, files: Sequence[RatedFile], *, explain: bool) -> str:
        """Return the whole output; ``explain`` adds every scenario."""
        return "".join(self.stream_rated(files, len(files), explain=explain))

    @abstractmethod
    def stream_rated(
        self, files: Iterable[RatedFile], count: int, *, explain: bool
    ) -> Iterator[str]:
        """Yield the output for ``count`` files in pieces, as the files come.

        The pieces add up to `render_rated`. No file is kept: only what a layout needs from
        every file before it can print (a table's cells) is held. With ``explain`` a
        portfolio iterates ``files`` twice.
        """
