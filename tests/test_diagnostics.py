"""The rule catalogue: read from its table in the package, one row a rule."""

from __future__ import annotations

import re

import pytest

from hrdd.diagnostics import RULES, RULES_TABLE, FindingLevel, LintRule, RuleKind, read_rules


def test_every_row_of_the_packaged_table_is_a_rule_in_table_order() -> None:
    rows = [
        line.split()[0]
        for line in RULES_TABLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert list(RULES) == rows
    assert len(rows) == 56
    assert RULES["file-unreadable"] == LintRule(
        "file-unreadable",
        RuleKind.INPUT,
        FindingLevel.ERROR,
        "The file exists but cannot be read (permissions, a folder, a FIFO or device, a loop "
        "of links).",
    )
    assert RULES["merge-plan-conflict"].severity is FindingLevel.WARNING


def test_a_summary_keeps_its_own_spacing_and_comments_and_blank_lines_are_skipped() -> None:
    table = "# a comment\n\nsome-rule   yaml   warning  Two  spaces, a `#` and: colons.\n"
    assert read_rules(table) == {
        "some-rule": LintRule(
            "some-rule", RuleKind.YAML, FindingLevel.WARNING, "Two  spaces, a `#` and: colons."
        )
    }


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ("a-rule input error\n", "rule table line 1: not a new `id stage severity summary`"),
        ("a input error One.\na input error Two.\n", "rule table line 2: not a new"),
        ("a-rule stage error One.\n", "'stage' is not a valid RuleKind"),
        ("a-rule input fatal One.\n", "'fatal' is not a valid FindingLevel"),
    ],
)
def test_a_malformed_row_is_refused(table: str, error: str) -> None:
    with pytest.raises(ValueError, match=re.escape(error)):
        read_rules(table)
