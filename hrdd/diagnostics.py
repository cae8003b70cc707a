"""Findings about a file: the Diagnostic record, the rule catalogue and per-file results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

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


def read_rules(text: str) -> dict[str, LintRule]:
    """Return the rules of a catalogue table, by id, in table order.

    One rule a line: id, stage, severity, then the summary to the end of the line; blank
    lines and lines starting with ``#`` are skipped. A malformed row raises ValueError.
    """
    rules: dict[str, LintRule] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split(None, 3)
        if len(fields) != 4 or fields[0] in rules:
            raise ValueError(f"rule table line {number}: not a new `id stage severity summary`")
        rule_id, kind, severity, summary = fields
        rules[rule_id] = LintRule(rule_id, RuleKind(kind), FindingLevel(severity), summary)
    return rules


RULES_TABLE = Path(__file__).with_name("rules.txt")
"""The rule catalogue as data (``hrdd/rules.txt``), one row a rule."""

#: Every rule hrdd can report. Ids are stable: CI configurations and SARIF consumers rely on them.
RULES: dict[str, LintRule] = read_rules(RULES_TABLE.read_text(encoding="utf-8"))


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
