"""Findings about a file: the Diagnostic record, the rule catalogue and per-file results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from hrdd.safe_text import printable


class FindingLevel(StrEnum):
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
class LintRule:
    """A stable rule id with its default severity and a one-line description."""

    id: str
    kind: RuleKind
    severity: FindingLevel
    summary: str


def _rules(*rules: LintRule) -> dict[str, LintRule]:
    return {r.id: r for r in rules}


_E, _W = FindingLevel.ERROR, FindingLevel.WARNING
_I, _Y, _S, _M = RuleKind.INPUT, RuleKind.YAML, RuleKind.SCHEMA, RuleKind.SEMANTIC

#: Every rule hrdd can report. Ids are stable: CI configurations and SARIF consumers rely on them.
RULES: dict[str, LintRule] = _rules(
    # input: the file cannot be read as text at all (exit code 2)
    LintRule("file-not-found", _I, _E, "The path does not exist."),
    LintRule(
        "file-unreadable",
        _I,
        _E,
        "The file exists but cannot be read (permissions, a folder, a FIFO or device, a loop "
        "of links).",
    ),
    LintRule("file-too-large", _I, _E, "The file is larger than the size limit."),
    LintRule("binary-file", _I, _E, "The file holds NUL bytes: it is binary, not YAML."),
    LintRule("not-utf8", _I, _E, "The file is not valid UTF-8 text."),
    # yaml: the text is not acceptable YAML
    LintRule("empty-file", _Y, _E, "The file holds no YAML document."),
    LintRule("yaml-syntax", _Y, _E, "The YAML cannot be parsed."),
    LintRule(
        "duplicate-key", _Y, _E, "A mapping repeats a key; YAML would silently keep the last."
    ),
    LintRule(
        "alias-limit",
        _Y,
        _E,
        "Aliases expand beyond 100,000 values or 5 MiB of text, or an alias contains itself.",
    ),
    LintRule("multiple-documents", _Y, _E, "The file holds more than one YAML document."),
    # schema: the document does not match the format
    LintRule("format-version", _S, _E, "The `format:` key is missing or names an unknown version."),
    LintRule(
        "format-retired",
        _S,
        _E,
        "The file is questionnaire format 1 (per-area scoring), retired since format 2.",
    ),
    LintRule("unknown-key", _S, _E, "A key that the format does not define (often a typo)."),
    LintRule("missing-key", _S, _E, "A required key is missing."),
    LintRule("wrong-type", _S, _E, "A value has the wrong type."),
    LintRule("invalid-value", _S, _E, "A value is outside what the format allows."),
    # semantic: the document is well-formed but inconsistent
    LintRule("duplicate-id", _M, _E, "Two items share an id that must be unique."),
    LintRule("condition-syntax", _M, _E, "A `when:` condition is not a valid expression."),
    LintRule(
        "condition-forbidden", _M, _E, "A `when:` condition uses a construct outside the subset."
    ),
    LintRule(
        "condition-unknown-question", _M, _E, "A condition names a question that does not exist."
    ),
    LintRule("condition-forward-reference", _M, _E, "A condition names a later question (cycle)."),
    LintRule("condition-cycle", _M, _E, "Named conditions use each other in a circle."),
    LintRule(
        "condition-unknown-option", _M, _E, "A condition compares with a value no option has."
    ),
    LintRule("condition-type", _M, _E, "A condition compares values of incompatible types."),
    LintRule("condition-never-true", _M, _W, "No answers can make a condition true: unreachable."),
    LintRule("unknown-source", _M, _E, "A reference to a source that is not declared."),
    LintRule("unknown-band", _M, _E, "A reference to a rating band that is not declared."),
    LintRule("unknown-impact", _M, _E, "A test case names an impact the questionnaire lacks."),
    LintRule("unknown-plan-item", _M, _E, "A test case names a plan item the questionnaire lacks."),
    LintRule("options-misused", _M, _E, "Options are missing, wrong for the type, or duplicated."),
    LintRule(
        "missing-translation", _M, _W, "A text lacks a declared language; the default is shown."
    ),
    LintRule(
        "unknown-language", _M, _E, "A text uses a language the questionnaire does not declare."
    ),
    LintRule("unused-source", _M, _W, "A declared source is never referenced."),
    LintRule("unused-condition", _M, _W, "A named condition is never used in a condition."),
    LintRule(
        "source-on-mirror", _M, _W, "A source's `url` is a copy on a document-sharing mirror."
    ),
    # the risk model of format 2 (hrdd.scoring.impacts.checks)
    LintRule(
        "impacts-unknown-reference",
        _M,
        _E,
        "The risk model names a path, impact, question, safeguard, band or option not declared.",
    ),
    LintRule(
        "impacts-duplicate-id",
        _M,
        _E,
        "Two impacts, paths, safeguards, mitigations or other risk-model items share an id.",
    ),
    LintRule(
        "impacts-path-never-opens", _M, _W, "No level of a path can hold: the path never opens."
    ),
    LintRule(
        "impacts-unreachable",
        _M,
        _E,
        "No path of an impact can open, or its `when` never holds: never rated.",
    ),
    LintRule(
        "impacts-floor-unclosable",
        _M,
        _E,
        "A path with a legal floor that no close mitigation or decision option closes.",
    ),
    LintRule(
        "impacts-matrix-coverage",
        _M,
        _E,
        "The matrix lacks a band for some severity and likelihood, or names an unknown band.",
    ),
    LintRule(
        "impacts-matrix-monotone", _M, _E, "A matrix band falls as severity or likelihood rises."
    ),
    LintRule(
        "impacts-lower-no-capacity",
        _M,
        _E,
        "A `lower` mitigation on a path whose `safeguard_cap` is 0.",
    ),
    LintRule(
        "impacts-close-context", _M, _W, "A `close` mitigation on a path that can be context."
    ),
    LintRule(
        "impacts-gap-undeclared",
        _M,
        _E,
        "A single-choice question the risk model reads has no `gaps` entry.",
    ),
    LintRule(
        "impacts-gap-value",
        _M,
        _E,
        "A `gaps` value that is not an option (or a number in range) of its question.",
    ),
    # answers files and test cases checked against their questionnaire
    LintRule("answer-questionnaire-mismatch", _M, _E, "Answers are for another questionnaire id."),
    LintRule("answer-unknown-question", _M, _E, "An answer to a question that does not exist."),
    LintRule("answer-wrong-type", _M, _E, "An answer of the wrong type for its question's type."),
    LintRule(
        "answer-invalid-value", _M, _E, "Not an option, out of range, or don't know not offered."
    ),
    LintRule("answer-stale", _M, _W, "Answers given to another version of the questionnaire."),
    LintRule("answer-unknown-mitigation", _M, _E, "A status for a mitigation that does not exist."),
    LintRule(
        "plan-expired", _M, _E, "A declined plan item past its review date (--fail-on-expired)."
    ),
    LintRule("plan-overdue", _M, _E, "An open plan item past its due date (--fail-on-overdue)."),
    # hrdd merge
    LintRule("merge-disagreement", _M, _E, "Respondents answered a question differently (merge)."),
    LintRule(
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
    severity: FindingLevel = FindingLevel.ERROR
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
    def findings(self) -> list[Diagnostic]:
        """Return the findings in the order every output lists them: by position, then rule."""
        return sorted(self.diagnostics, key=Diagnostic.sort_key)

    @property
    def errors(self) -> int:
        """Count the error findings."""
        return sum(1 for d in self.diagnostics if d.severity is FindingLevel.ERROR)

    @property
    def warnings(self) -> int:
        """Count the warning findings."""
        return sum(1 for d in self.diagnostics if d.severity is FindingLevel.WARNING)

    @property
    def unreadable(self) -> bool:
        """Tell whether the file could not be read at all (exit code 2)."""
        return any(d.kind is RuleKind.INPUT for d in self.diagnostics)

    def failed(self, *, strict: bool) -> bool:
        """Tell whether this file fails validation (warnings count only when strict)."""
        return self.errors > 0 or (strict and self.warnings > 0)
