"""JUnit XML for CI: one testsuite per questionnaire, one testcase per case."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hrdd.output.test.interface import TestFormatter

if TYPE_CHECKING:
    from hrdd.output.test.interface import SuiteResult


class JUnitFormatter(TestFormatter):
    """One testsuite per questionnaire, one testcase per case (coverage is not shown)."""

    def render(self, suites: Sequence[SuiteResult], *, coverage: bool) -> str:
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
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode")
            + "\n"
        )
