"""Findings about a file: the Diagnostic record, the rule catalogue and per-file results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from hrdd.safe_text import printable


class Severity(StrEnum):
    """How bad a finding is: errors always fail, warnings fail only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


class RuleKind(StrEnum):
    """Which stage found the problem; ``input`` findings make the CLI exit 2."""

    INPUT = "input"
    YAML = "yaml"
    SCHEMA = "schema"
    SEMANTIC = "semantic"


@dataclass(frozen=True)
class Rule:
    """A stable rule id with its default severity and a one-line description."""

    id: str
    kind: RuleKind
    severity: Severity
    summary: str


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {r.id: r for r in rules}


_E, _W = Severity.ERROR, Severity.WARNING
_I, _Y, _S, _M = RuleKind.INPUT, RuleKind.YAML, RuleKind.SCHEMA, RuleKind.SEMANTIC

#: Every rule hrdd can report. Ids are stable: CI configurations and SARIF consumers rely on them.
RULES: dict[str, Rule] = _rules(
    # input: the file cannot be read as text at all (exit code 2)
    Rule("file-not-found", _I, _E, "The path does not exist."),
    Rule(
        "file-unreadable",
        _I,
        _E,
        "The file exists but cannot be read (permissions, a folder, a FIFO or device, a loop "
        "of links).",
    ),
    Rule("file-too-large", _I, _E, "The file is larger than the size limit."),
    Rule("binary-file", _I, _E, "The file holds NUL bytes: it is binary, not YAML."),
    Rule("not-utf8", _I, _E, "The file is not valid UTF-8 text."),
    # yaml: the text is not acceptable YAML
    Rule("empty-file", _Y, _E, "The file holds no YAML document."),
    Rule("yaml-syntax", _Y, _E, "The YAML cannot be parsed."),
    Rule("duplicate-key", _Y, _E, "A mapping repeats a key; YAML would silently keep the last."),
    Rule(
        "alias-limit",
        _Y,
        _E,
        "Aliases expand beyond 100,000 values or 5 MiB of text, or an alias contains itself.",
    ),
    Rule("multiple-documents", _Y, _E, "The file holds more than one YAML document."),
    # schema: the document does not match the format
    Rule("format-version", _S, _E, "The `format:` key is missing or names an unknown version."),
    Rule("unknown-key", _S, _E, "A key that the format does not define (often a typo)."),
    Rule("missing-key", _S, _E, "A required key is missing."),
    Rule("wrong-type", _S, _E, "A value has the wrong type."),
    Rule("invalid-value", _S, _E, "A value is outside what the format allows."),
    # semantic: the document is well-formed but inconsistent
    Rule("duplicate-id", _M, _E, "Two items share an id that must be unique."),
    Rule("condition-syntax", _M, _E, "A `when:` condition is not a valid expression."),
    Rule("condition-forbidden", _M, _E, "A `when:` condition uses a construct outside the subset."),
    Rule("condition-unknown-question", _M, _E, "A condition names a question that does not exist."),
    Rule("condition-forward-reference", _M, _E, "A condition names a later question (cycle)."),
    Rule("condition-cycle", _M, _E, "Named conditions use each other in a circle."),
    Rule("condition-unknown-option", _M, _E, "A condition compares with a value no option has."),
    Rule("condition-type", _M, _E, "A condition compares values of incompatible types."),
    Rule("condition-never-true", _M, _W, "No answers can make a condition true: unreachable."),
    Rule("unknown-area", _M, _E, "A reference to a risk area that is not declared."),
    Rule("unknown-source", _M, _E, "A reference to a source that is not declared."),
    Rule("unknown-band", _M, _E, "A reference to a rating band that is not declared."),
    Rule("unknown-impact", _M, _E, "A test case names an impact the questionnaire lacks."),
    Rule("unknown-plan-item", _M, _E, "A test case names a plan item the questionnaire lacks."),
    Rule("options-misused", _M, _E, "Options are missing, wrong for the type, or duplicated."),
    Rule("area-unreachable", _M, _E, "No answer raises this area's likelihood."),
    Rule("area-no-mitigation", _M, _E, "No mitigation addresses this area."),
    Rule("bands-gap", _M, _E, "The rating bands leave part of the rating range uncovered."),
    Rule("bands-overlap", _M, _E, "Two rating bands cover the same rating."),
    Rule("bands-order", _M, _E, "The rating bands are not listed lowest first, or min > max."),
    Rule("missing-translation", _M, _W, "A text lacks a declared language; the default is shown."),
    Rule("unknown-language", _M, _E, "A text uses a language the questionnaire does not declare."),
    Rule("unused-source", _M, _W, "A declared source is never referenced."),
    Rule("unused-condition", _M, _W, "A named condition is never used in a condition."),
    Rule("source-on-mirror", _M, _W, "A source's `url` is a copy on a document-sharing mirror."),
    # the risk model of format 2 (hrdd.scoring.impacts.checks)
    Rule(
        "impacts-unknown-reference",
        _M,
        _E,
        "The risk model names a path, impact, question, safeguard, band or option not declared.",
    ),
    Rule(
        "impacts-duplicate-id",
        _M,
        _E,
        "Two impacts, paths, safeguards, mitigations or other risk-model items share an id.",
    ),
    Rule("impacts-path-never-opens", _M, _W, "No level of a path can hold: the path never opens."),
    Rule(
        "impacts-unreachable",
        _M,
        _E,
        "No path of an impact can open, or its `when` never holds: never rated.",
    ),
    Rule(
        "impacts-floor-unclosable",
        _M,
        _E,
        "A path with a legal floor that no close mitigation or decision option closes.",
    ),
    Rule(
        "impacts-matrix-coverage",
        _M,
        _E,
        "The matrix lacks a band for some severity and likelihood, or names an unknown band.",
    ),
    Rule("impacts-matrix-monotone", _M, _E, "A matrix band falls as severity or likelihood rises."),
    Rule(
        "impacts-lower-no-capacity",
        _M,
        _E,
        "A `lower` mitigation on a path whose `safeguard_cap` is 0.",
    ),
    Rule("impacts-close-context", _M, _W, "A `close` mitigation on a path that can be context."),
    Rule(
        "impacts-gap-undeclared",
        _M,
        _E,
        "A single-choice question the risk model reads has no `gaps` entry.",
    ),
    Rule(
        "impacts-gap-value",
        _M,
        _E,
        "A `gaps` value that is not an option (or a number in range) of its question.",
    ),
    # answers files and test cases checked against their questionnaire
    Rule("answer-questionnaire-mismatch", _M, _E, "Answers are for another questionnaire id."),
    Rule("answer-unknown-question", _M, _E, "An answer to a question that does not exist."),
    Rule("answer-wrong-type", _M, _E, "An answer of the wrong type for its question's type."),
    Rule("answer-invalid-value", _M, _E, "Not an option, out of range, or don't know not offered."),
    Rule("answer-inactive", _M, _W, "An active answer to a question that does not apply."),
    Rule("answer-stale", _M, _W, "Answers given to another version of the questionnaire."),
    Rule("answer-unknown-mitigation", _M, _E, "A status for a mitigation that does not exist."),
    Rule("plan-expired", _M, _E, "A declined plan item past its review date (--fail-on-expired)."),
    Rule("plan-overdue", _M, _E, "An open plan item past its due date (--fail-on-overdue)."),
    # hrdd merge
    Rule("merge-disagreement", _M, _E, "Respondents answered a question differently (merge)."),
    Rule(
        "merge-plan-conflict",
        _M,
        _W,
        "Two merged files hold different records of one plan item; the later one is kept.",
    ),
)


@dataclass(frozen=True)
class Diagnostic:
    """One finding at a position in a file. Line and column are 1-based."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None
    key_path: str = "$"

    @property
    def kind(self) -> RuleKind:
        """Return the stage the rule belongs to."""
        return RULES[self.rule].kind

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order findings by file, position, then rule."""
        return (self.path, self.line, self.column, self.rule)


HINT_INDENT = "    "


def format_finding(diagnostic: Diagnostic) -> str:
    """Return a finding as every command prints it.

    ``path:line:col: severity rule-id message`` on one line, then ``hint: ...`` indented on
    the next line when the finding has one.
    """
    message = " ".join(diagnostic.message.split())
    line = (
        f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.severity.value} {diagnostic.rule} {message}"
    )
    if diagnostic.hint:
        line += f"\n{HINT_INDENT}hint: {' '.join(diagnostic.hint.split())}"
    return printable(line, newlines=True)


@dataclass(frozen=True)
class FileCounts:
    """What a questionnaire holds, for the per-file summary line."""

    questions: int = 0
    areas: int = 0
    mitigations: int = 0


@dataclass(frozen=True)
class FileResult:
    """All findings for one file plus its counts; the unit every output format reports."""

    path: str
    diagnostics: tuple[Diagnostic, ...] = ()
    counts: FileCounts = field(default_factory=FileCounts)

    @property
    def errors(self) -> int:
        """Count the error findings."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Count the warning findings."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def unreadable(self) -> bool:
        """Tell whether the file could not be read at all (exit code 2)."""
        return any(d.kind is RuleKind.INPUT for d in self.diagnostics)

    def failed(self, *, strict: bool) -> bool:
        """Tell whether this file fails validation (warnings count only when strict)."""
        return self.errors > 0 or (strict and self.warnings > 0)
