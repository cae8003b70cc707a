"""The one small interface every `hrdd validate` output format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from hrdd.diagnostics import FileResult


class Formatter(ABC):
    """Turn validation results into the text of one output format; never write it anywhere."""

    @abstractmethod
    def render(self, results: Sequence[FileResult], *, strict: bool) -> str:
        """Return the whole output for ``results``; ``strict`` makes warnings count as failures."""
