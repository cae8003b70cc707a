"""The one interface every `hrdd test` output format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrdd.scoring.impacts.result import Result


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case: the differences between expected and actual."""

    path: str
    name: str
    mismatches: tuple[str, ...]
    assessment: Result

    @property
    def passed(self) -> bool:
        """Tell whether every expectation held."""
        return not self.mismatches


@dataclass(frozen=True)
class Reach:
    """How many items of one kind some case reaches, and which ones none does."""

    total: int
    reached: int
    missed: tuple[str, ...]

    @property
    def percent(self) -> float:
        """Return the share reached, in percent (100 when there is nothing to reach)."""
        return 100.0 if self.total == 0 else 100.0 * self.reached / self.total


@dataclass(frozen=True)
class Coverage:
    """What the cases of one questionnaire reach.

    Options and questions, then paths opened, mitigations recommended and impacts rated.
    """

    options: Reach
    questions: Reach
    parts: tuple[tuple[str, Reach], ...]


@dataclass(frozen=True)
class SuiteResult:
    """All cases of one questionnaire."""

    questionnaire: str
    questionnaire_id: str
    folder: str
    cases: tuple[CaseResult, ...]
    coverage: Coverage

    @property
    def failed(self) -> int:
        """Count the failed cases."""
        return sum(1 for c in self.cases if not c.passed)


class TestFormatter(ABC):
    """Turn test-case results into the text of one output format; never write it anywhere."""

    __test__ = False  # not a pytest test class

    @abstractmethod
    def render(self, suites: Sequence[SuiteResult], *, coverage: bool) -> str:
        """Return the whole output; ``coverage`` adds what no case reaches (where shown)."""


def coverage_kinds(cov: Coverage) -> list[tuple[str, Reach]]:
    """Return each kind of item the coverage counts, with its reach, in report order."""
    return [("options", cov.options), ("questions", cov.questions), *cov.parts]
