"""The `when:` condition language: parsed with ``ast`` into a whitelisted subset, compiled.

A condition is never evaluated by Python: the parsed tree is checked node by node against the
subset below and then turned into plain closures over an answers mapping.

- names: ids of questions (lower-case letters, digits, underscores), and, alone in a true or
  false position, ids of the questionnaire's named conditions;
- literals: strings, integers, floats (with an optional unary minus), and lists or tuples of
  them after ``in`` / ``not in``;
- comparisons ``== != < <= > >= in not in``, chained as in Python;
- ``and``, ``or``, ``not`` and parentheses;
- functions ``answered(q)``, ``dont_know(q)``, ``count(q)`` and ``any_of(q, 'a', ...)``.

A missing (unanswered or inactive) or don't-know value equals no literal: ``==`` and ``in`` are
false, ``!=`` and ``not in`` are true, and ordering comparisons are false.

``compiled`` holds what a checked condition is, ``parse`` the subset and the compiler,
``evaluate`` the run-time meaning, and ``questionnaire`` the conditions of a whole file.
"""

from __future__ import annotations

from hrdd.questionnaire.conditions.compiled import Compiled, ConditionError, NameRef, Operand
from hrdd.questionnaire.conditions.parse import MAX_DEPTH, MAX_LENGTH, compile_condition
from hrdd.questionnaire.conditions.questionnaire import (
    CompiledQuestionnaire,
    compile_named,
    dependency_order,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Compiled",
    "CompiledQuestionnaire",
    "ConditionError",
    "NameRef",
    "Operand",
    "compile_condition",
    "compile_named",
    "dependency_order",
]
