"""JUnit XML for CI test reports: one test suite, one test case per questionnaire file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from hrdd.diagnostics import Diagnostic, FileResult, format_finding
from hrdd.output.validate.interface import Formatter
from hrdd.output.validate.text import tally

SUITE_NAME = "hrdd validate"

# Characters XML 1.0 cannot carry at all, even escaped (a binary file's message may hold some).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """Replace characters that XML 1.0 forbids with U+FFFD; escaping is ElementTree's job."""
    return _NOT_XML.sub("\ufffd", value)


def findings_text(diagnostics: Sequence[Diagnostic]) -> str:
    """Return the findings as text lines, each hint on the line after its finding."""
    lines = [format_finding(d) for d in sorted(diagnostics, key=Diagnostic.sort_key)]
    return "\n".join(lines) + "\n"


def testcase(result: FileResult, *, strict: bool) -> ET.Element:
    """Return the ``<testcase>`` of one file, with a ``<failure>`` when the file fails."""
    case = ET.Element(
        "testcase",
        {
            "classname": "hrdd.commands.validate",
            "name": xml_text(result.path),
            "file": xml_text(result.path),
        },
    )
    if result.failed(strict=strict):
        failure = ET.SubElement(
            case,
            "failure",
            {
                "type": "input" if result.unreadable else "findings",
                "message": xml_text(tally(result)),
            },
        )
        failure.text = xml_text(findings_text(result.diagnostics))
    elif result.diagnostics:
        output = ET.SubElement(case, "system-out")
        output.text = xml_text(findings_text(result.diagnostics))
    return case


class JUnitFormatter(Formatter):
    """A ``<testsuites>`` root holding one ``<testsuite>``; warnings alone go to system-out."""

    def render(self, results: Sequence[FileResult], *, strict: bool) -> str:
        """Return the XML document with its declaration, UTF-8."""
        failures = str(sum(1 for r in results if r.failed(strict=strict)))
        counts = {"tests": str(len(results)), "failures": failures, "errors": "0"}
        root = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
        suite = ET.SubElement(root, "testsuite", {"name": SUITE_NAME, **counts, "skipped": "0"})
        suite.extend(testcase(r, strict=strict) for r in results)
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
