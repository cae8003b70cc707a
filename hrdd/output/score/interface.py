"""The one interface every `hrdd score` output format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile


class ScoreRenderer(ABC):
    """Turn rated files into the text of one output format; never write it anywhere."""

    @abstractmethod
    def render_rated(self, files: Sequence[RatedFile], *, explain: bool) -> str:
        """Return the whole output; ``explain`` adds every scenario."""
