"""The generic building blocks the risk model takes from the rest of hrdd, imported here once.

When a module these come from moves, this is the one file whose imports change. The format
(``format.py``) is the exception: it extends the questionnaire model and imports its field types
from ``hrdd.questionnaire.model`` directly.
"""

from __future__ import annotations

from hrdd.answers.model import Answers, MitigationRecord, MitigationStatus, to_values
from hrdd.answers.snapshot import (
    Snapshot,
    SnapshotImpact,
    SnapshotItem,
    SnapshotQuestionnaire,
    SnapshotRating,
)
from hrdd.diagnostics import RULES, Diagnostic, FindingLevel, LintRule, RuleKind
from hrdd.questionnaire.checks import check_common
from hrdd.questionnaire.checks.conditions import CheckedCondition, ConditionChecks
from hrdd.questionnaire.checks.context import Context
from hrdd.questionnaire.checks.reachability import satisfiable
from hrdd.questionnaire.conditions import Compiled, ConditionError, compile_condition, compile_named
from hrdd.questionnaire.loading import Document, Mark, Positions, read_document, validate_model
from hrdd.questionnaire.model import Question, QuestionType, text_in
from hrdd.values import DONT_KNOW, YES_NO_VALUES

__all__ = [
    "DONT_KNOW",
    "RULES",
    "YES_NO_VALUES",
    "Answers",
    "CheckedCondition",
    "Compiled",
    "ConditionChecks",
    "ConditionError",
    "Context",
    "Diagnostic",
    "Document",
    "Mark",
    "MitigationRecord",
    "MitigationStatus",
    "Positions",
    "Question",
    "QuestionType",
    "LintRule",
    "RuleKind",
    "FindingLevel",
    "Snapshot",
    "SnapshotImpact",
    "SnapshotItem",
    "SnapshotQuestionnaire",
    "SnapshotRating",
    "check_common",
    "compile_condition",
    "compile_named",
    "read_document",
    "satisfiable",
    "text_in",
    "to_values",
    "validate_model",
]
