"""Plain text for people: PASS or FAIL per case with the differences, then the coverage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hrdd.output.test.interface import TestFormatter, coverage_kinds

if TYPE_CHECKING:
    from hrdd.output.test.interface import SuiteResult


class TextFormatter(TestFormatter):
    """One line per case (PASS/FAIL), the differences, then a summary per suite."""

    def render(self, suites: Sequence[SuiteResult], *, coverage: bool) -> str:
        """Return one line per case, the differences, then a summary per suite."""
        lines: list[str] = []
        for suite in suites:
            lines.append(f"{suite.questionnaire} ({suite.questionnaire_id})")
            if not suite.cases:
                lines.append(f"  no test cases in {suite.folder}/")
            for case in suite.cases:
                lines.append(f"  {'PASS' if case.passed else 'FAIL'} {case.path}: {case.name}")
                lines += [f"      {m}" for m in case.mismatches]
            passed = len(suite.cases) - suite.failed
            lines.append(f"  {passed} passed, {suite.failed} failed")
            if coverage:
                for kind, reach in coverage_kinds(suite.coverage):
                    lines.append(
                        f"  coverage {kind}: {reach.reached}/{reach.total} ({reach.percent:.1f}%)"
                    )
                    if reach.missed:
                        lines.append(f"    not reached: {', '.join(reach.missed)}")
        return "\n".join(lines) + "\n"
