"""Output formats of `hrdd test`: text for people, JSON for tools, JUnit XML for CI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hrdd.commands.test import Coverage, Reach, SuiteResult


class TestFormat(StrEnum):
    """The ``--format`` choices of `hrdd test`."""

    __test__ = False  # not a pytest test class

    TEXT = "text"
    JSON = "json"
    JUNIT = "junit"


def render(suites: Sequence[SuiteResult], fmt: TestFormat, *, coverage: bool) -> str:
    """Return the report in ``fmt``; ``coverage`` adds what no case reaches."""
    if fmt is TestFormat.JSON:
        return render_json(suites)
    if fmt is TestFormat.JUNIT:
        return render_junit(suites)
    return render_text(suites, coverage=coverage)


def _kinds(cov: Coverage) -> list[tuple[str, Reach]]:
    return [
        ("options", cov.options),
        ("questions", cov.questions),
        ("rules", cov.rules),
        ("mitigations", cov.mitigations),
    ]


def render_text(suites: Sequence[SuiteResult], *, coverage: bool) -> str:
    """Return one line per case (PASS/FAIL), the differences, then a summary per suite."""
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
            for kind, reach in _kinds(suite.coverage):
                lines.append(
                    f"  coverage {kind}: {reach.reached}/{reach.total} ({reach.percent:.1f}%)"
                )
                if reach.missed:
                    lines.append(f"    not reached: {', '.join(reach.missed)}")
    return "\n".join(lines) + "\n"


def _reach_data(reach: Reach) -> dict[str, Any]:
    return {
        "total": reach.total,
        "reached": reach.reached,
        "percent": round(reach.percent, 1),
        "missed": list(reach.missed),
    }


def render_json(suites: Sequence[SuiteResult]) -> str:
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
                "coverage": {kind: _reach_data(r) for kind, r in _kinds(s.coverage)},
            }
            for s in suites
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_junit(suites: Sequence[SuiteResult]) -> str:
    """Return JUnit XML: one testsuite per questionnaire, one testcase per case."""
    import xml.etree.ElementTree as ET

    root = ET.Element(
        "testsuites",
        name="hrdd test",
        tests=str(sum(len(s.cases) for s in suites)),
        failures=str(sum(s.failed for s in suites)),
    )
    for suite in suites:
        element = ET.SubElement(
            root,
            "testsuite",
            name=suite.questionnaire,
            tests=str(len(suite.cases)),
            failures=str(suite.failed),
        )
        for case in suite.cases:
            item = ET.SubElement(
                element, "testcase", classname=suite.questionnaire_id, name=case.name
            )
            item.set("file", case.path)
            if case.mismatches:
                failure = ET.SubElement(item, "failure", message=case.mismatches[0])
                failure.text = "\n".join(case.mismatches)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
