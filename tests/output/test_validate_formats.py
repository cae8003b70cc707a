"""Every output format of `hrdd validate`, rendered from the same results."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import jsonschema
import pytest

from hrdd import __version__
from hrdd.diagnostics import RULES, Diagnostic, FileCounts, FileResult, FindingLevel
from hrdd.output.validate import FORMATTERS, OutputFormat
from hrdd.output.validate.github import escape_data, escape_property
from hrdd.output.validate.sarif import artifact_uri

TRICKY = "value \"a,b: 100%\" is odd\r\nsecond line <tag> & 'quote'"

FLAWED = FileResult(
    path="questionnaires/flawed.yaml",
    diagnostics=(
        Diagnostic(
            path="questionnaires/flawed.yaml",
            line=40,
            column=7,
            rule="unused-source",
            message="source `tid` is never referenced",
            severity=FindingLevel.WARNING,
            key_path="$.sources[3]",
        ),
        Diagnostic(
            path="questionnaires/flawed.yaml",
            line=12,
            column=5,
            rule="unknown-key",
            message=TRICKY,
            hint="did you mean `legal_entity`?",
            key_path="$.sections[0].questions[2].legal_entiy",
        ),
    ),
    counts=FileCounts(questions=152, areas=10, mitigations=44),
)
WARNED = FileResult(
    path="odd dir,a:b%/warned.yaml",
    diagnostics=(
        Diagnostic(
            path="odd dir,a:b%/warned.yaml",
            line=3,
            column=1,
            rule="missing-translation",
            message="title has no `ru` text",
            severity=FindingLevel.WARNING,
        ),
    ),
    counts=FileCounts(questions=2, areas=1, mitigations=1),
)
CLEAN = FileResult(path="clean.yml", counts=FileCounts(questions=1, areas=1, mitigations=0))
MISSING = FileResult(
    path="missing.yaml",
    diagnostics=(
        Diagnostic(
            path="missing.yaml",
            line=1,
            column=1,
            rule="file-not-found",
            message="missing.yaml: no such file",
            hint="check the path",
        ),
    ),
)
RESULTS = [FLAWED, WARNED, CLEAN, MISSING]


@pytest.mark.parametrize("output_format", list(OutputFormat))
@pytest.mark.parametrize("strict", [False, True])
def test_every_format_renders_every_result(output_format: OutputFormat, strict: bool) -> None:
    rendered = FORMATTERS.formatter(output_format).render(RESULTS, strict=strict)
    assert isinstance(rendered, str)
    assert rendered.endswith("\n")
    # Every finding is reported, whatever the format.
    for rule in ("unknown-key", "unused-source", "missing-translation", "file-not-found"):
        assert rule in rendered


@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_every_format_renders_no_results(output_format: OutputFormat) -> None:
    assert isinstance(FORMATTERS.formatter(output_format).render([], strict=False), str)


def test_output_format_values_are_the_cli_choices() -> None:
    assert [f.value for f in OutputFormat] == ["text", "json", "github", "sarif", "junit"]


# --- text ---------------------------------------------------------------------------------


def test_text_lines_hints_and_summaries() -> None:
    lines = FORMATTERS.formatter(OutputFormat.TEXT).render(RESULTS, strict=False).splitlines()
    assert lines == [
        "questionnaires/flawed.yaml:12:5: error unknown-key "
        "value \"a,b: 100%\" is odd second line <tag> & 'quote'",
        "    hint: did you mean `legal_entity`?",
        "questionnaires/flawed.yaml:40:7: warning unused-source source `tid` is never referenced",
        "questionnaires/flawed.yaml: 152 questions, 10 areas, 44 mitigations: 1 error, 1 warning",
        "odd dir,a:b%/warned.yaml:3:1: warning missing-translation title has no `ru` text",
        "odd dir,a:b%/warned.yaml: 2 questions, 1 area, 1 mitigation: 0 errors, 1 warning",
        "clean.yml: 1 question, 1 area, 0 mitigations: 0 errors, 0 warnings",
        "missing.yaml:1:1: error file-not-found missing.yaml: no such file",
        "    hint: check the path",
        "missing.yaml: 1 error, 0 warnings",
        "4 files checked: 2 failed, 2 errors, 2 warnings",
    ]


def test_text_total_under_strict_counts_warnings_as_failures() -> None:
    last = FORMATTERS.formatter(OutputFormat.TEXT).render(RESULTS, strict=True).splitlines()[-1]
    assert last == "4 files checked: 3 failed, 2 errors, 2 warnings (--strict: warnings fail)"


# --- json ---------------------------------------------------------------------------------


def test_json_round_trips_counts_and_findings() -> None:
    rendered = FORMATTERS.formatter(OutputFormat.JSON).render(RESULTS, strict=False)
    data = json.loads(rendered)
    assert rendered == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert data["version"] == 1
    assert data["tool"] == {"name": "hrdd", "version": __version__}
    assert data["strict"] is False
    assert data["summary"] == {"files": 4, "failed": 2, "errors": 2, "warnings": 2}
    assert [f["path"] for f in data["files"]] == [r.path for r in RESULTS]
    flawed = data["files"][0]
    assert flawed["counts"] == {"questions": 152, "areas": 10, "mitigations": 44}
    assert (flawed["errors"], flawed["warnings"], flawed["failed"]) == (1, 1, True)
    assert flawed["unreadable"] is False
    assert flawed["diagnostics"][0] == {
        "path": "questionnaires/flawed.yaml",
        "line": 12,
        "column": 5,
        "rule": "unknown-key",
        "kind": "schema",
        "severity": "error",
        "message": TRICKY,
        "hint": "did you mean `legal_entity`?",
        "key_path": "$.sections[0].questions[2].legal_entiy",
    }
    assert data["files"][3]["unreadable"] is True


def test_json_strict_fails_files_with_warnings() -> None:
    data = json.loads(FORMATTERS.formatter(OutputFormat.JSON).render(RESULTS, strict=True))
    assert data["strict"] is True
    assert [f["failed"] for f in data["files"]] == [True, True, False, True]
    assert data["summary"]["failed"] == 3


# --- github -------------------------------------------------------------------------------

COMMAND = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,:\r\n]*),line=(?P<line>\d+),"
    r"col=(?P<col>\d+),title=(?P<title>[a-z0-9-]+)::(?P<message>[^\r\n]*)$"
)


def unescape(value: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def test_github_lines_are_workflow_commands_that_round_trip() -> None:
    rendered = FORMATTERS.formatter(OutputFormat.GITHUB).render(RESULTS, strict=False)
    matches = [COMMAND.match(line) for line in rendered.splitlines()]
    assert all(matches), rendered
    parsed = [m.groupdict() for m in matches if m]
    assert [(p["level"], p["title"]) for p in parsed] == [
        ("error", "unknown-key"),
        ("warning", "unused-source"),
        ("warning", "missing-translation"),
        ("error", "file-not-found"),
    ]
    first = parsed[0]
    assert unescape(first["file"]) == "questionnaires/flawed.yaml"
    assert (first["line"], first["col"]) == ("12", "5")
    assert unescape(first["message"]) == TRICKY + "\nhint: did you mean `legal_entity`?"
    assert unescape(parsed[2]["file"]) == "odd dir,a:b%/warned.yaml"


def test_github_escaping_follows_the_toolkit() -> None:
    assert escape_data("100% a,b: c\r\nd") == "100%25 a,b: c%0D%0Ad"
    assert escape_property("100% a,b: c\r\nd") == "100%25 a%2Cb%3A c%0D%0Ad"


def test_github_output_is_empty_without_findings() -> None:
    assert FORMATTERS.formatter(OutputFormat.GITHUB).render([CLEAN], strict=True) == ""


# --- sarif --------------------------------------------------------------------------------

# The parts of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) that hrdd emits, with
# their required properties, types and enumerations. No Python package ships the official
# schema file, so this subset is written out here; objects are closed so that a misspelt
# property fails the test.
_MESSAGE = {
    "type": "object",
    "required": ["text"],
    "properties": {"text": {"type": "string"}},
    "additionalProperties": False,
}
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
_BAG = {"type": "object"}
SARIF_SUBSET: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "runs"],
    "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/run"}},
    },
    "$defs": {
        "run": {
            "type": "object",
            "required": ["tool"],
            "additionalProperties": False,
            "properties": {
                "tool": {
                    "type": "object",
                    "required": ["driver"],
                    "additionalProperties": False,
                    "properties": {"driver": {"$ref": "#/$defs/toolComponent"}},
                },
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "invocations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["executionSuccessful"],
                        "additionalProperties": False,
                        "properties": {
                            "executionSuccessful": {"type": "boolean"},
                            "properties": _BAG,
                        },
                    },
                },
                "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
            },
        },
        "toolComponent": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"},
                "version": {"type": "string"},
                "informationUri": {"type": "string", "pattern": "^https?://"},
                "rules": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {
                        "type": "object",
                        "required": ["id"],
                        "additionalProperties": False,
                        "properties": {
                            "id": {"type": "string"},
                            "name": {"type": "string"},
                            "shortDescription": _MESSAGE,
                            "defaultConfiguration": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {"level": _LEVEL},
                            },
                            "properties": _BAG,
                        },
                    },
                },
            },
        },
        "result": {
            "type": "object",
            "required": ["message"],
            "additionalProperties": False,
            "properties": {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": -1},
                "level": _LEVEL,
                "message": _MESSAGE,
                "locations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "physicalLocation": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {
                                    "artifactLocation": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "properties": {"uri": {"type": "string"}},
                                    },
                                    "region": {
                                        "type": "object",
                                        "additionalProperties": False,
                                        "properties": {
                                            "startLine": {"type": "integer", "minimum": 1},
                                            "startColumn": {"type": "integer", "minimum": 1},
                                        },
                                    },
                                },
                            }
                        },
                    },
                },
                "properties": _BAG,
            },
        },
    },
}


def test_sarif_validates_and_indexes_rules() -> None:
    log = json.loads(FORMATTERS.formatter(OutputFormat.SARIF).render(RESULTS, strict=False))
    jsonschema.Draft202012Validator.check_schema(SARIF_SUBSET)
    jsonschema.Draft202012Validator(SARIF_SUBSET).validate(log)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("hrdd", __version__)
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for rule in rules:
        catalogued = RULES[rule["id"]]
        assert rule["shortDescription"]["text"] == catalogued.summary
        assert rule["defaultConfiguration"]["level"] == catalogued.severity.value
    results = run["results"]
    assert len(results) == 4
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["level"] == "error"
    assert first["message"]["text"] == TRICKY + " (hint: did you mean `legal_entity`?)"
    location = first["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "questionnaires/flawed.yaml"},
        "region": {"startLine": 12, "startColumn": 5},
    }
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_uris_are_relative_and_percent_encoded(tmp_path: Any) -> None:
    assert artifact_uri("odd dir,a:b%/warned.yaml") == "odd%20dir%2Ca%3Ab%25/warned.yaml"
    inside = tmp_path / "q" / "x.yaml"
    assert artifact_uri(str(inside), base=tmp_path) == "q/x.yaml"
    outside = artifact_uri("/elsewhere/x.yaml", base=tmp_path)
    assert outside.startswith("file:///")


# --- junit --------------------------------------------------------------------------------


def test_junit_has_one_suite_and_one_testcase_per_file() -> None:
    root = ET.fromstring(FORMATTERS.formatter(OutputFormat.JUNIT).render(RESULTS, strict=False))
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    suite = suites[0]
    assert (suite.get("tests"), suite.get("failures")) == ("4", "2")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [r.path for r in RESULTS]
    flawed, warned, clean, missing = cases
    failure = flawed.find("failure")
    assert failure is not None
    assert failure.get("message") == "1 error, 1 warning"
    assert failure.text is not None
    assert "error unknown-key value \"a,b: 100%\" is odd second line <tag> & 'quote'" in (
        failure.text
    )
    assert "hint: did you mean `legal_entity`?" in failure.text
    assert warned.find("failure") is None
    system_out = warned.find("system-out")
    assert system_out is not None and "missing-translation" in (system_out.text or "")
    assert list(clean) == []
    missing_failure = missing.find("failure")
    assert missing_failure is not None and missing_failure.get("type") == "input"


def test_junit_strict_fails_files_with_warnings() -> None:
    root = ET.fromstring(FORMATTERS.formatter(OutputFormat.JUNIT).render(RESULTS, strict=True))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "3"
    failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == ["questionnaires/flawed.yaml", "odd dir,a:b%/warned.yaml", "missing.yaml"]


def test_junit_replaces_characters_xml_cannot_hold() -> None:
    binary = FileResult(
        path="blob.yaml",
        diagnostics=(
            Diagnostic("blob.yaml", 1, 1, "binary-file", "NUL byte \x00 at offset 3 \x1b"),
        ),
    )
    root = ET.fromstring(FORMATTERS.formatter(OutputFormat.JUNIT).render([binary], strict=False))
    failure = root.find("testsuite/testcase/failure")
    # Control characters are shown as escapes, as everywhere else hrdd prints file contents.
    assert failure is not None and "NUL byte \\x00 at offset 3 \\x1b" in (failure.text or "")


@pytest.mark.parametrize("fmt", [OutputFormat.TEXT, OutputFormat.GITHUB])
def test_every_format_lists_a_files_findings_by_position_then_rule(fmt: OutputFormat) -> None:
    def at(line: int, column: int, rule: str) -> Diagnostic:
        return Diagnostic("q.yaml", line, column, rule, f"{rule} at {line}:{column}")

    shuffled = (at(9, 1, "unknown-key"), at(2, 5, "wrong-type"), at(2, 5, "missing-key"))
    result = FileResult(path="q.yaml", diagnostics=shuffled)
    assert [(d.line, d.rule) for d in result.findings] == [
        (2, "missing-key"),
        (2, "wrong-type"),
        (9, "unknown-key"),
    ]
    out = FORMATTERS.formatter(fmt).render([result], strict=False)
    places = [out.index(f"{d.rule} at") for d in result.findings]
    assert places == sorted(places)
