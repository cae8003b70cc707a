"""Tests for the semantic checks: each rule, at the exact line and column it reports."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.diagnostics import RULES, Diagnostic, FindingLevel
from hrdd.questionnaire.conditions import compile_condition
from hrdd.scoring.impacts.checks import check_impacts
from hrdd.scoring.loading import load_questionnaire

# Line numbers matter: tests edit this text within a line, or append mitigations to its end.
BASE = """\
format: 2
id: t
version: "1"
languages: [en]
title: T
disclaimer: D
sources:
  - {id: ungp, title: UNGP}
areas:
  - id: access
    title: Access
    exposure: [in_reach]
    references: [{source: ungp}]
sections:
  - id: main
    title: Main
    questions:
      - id: servers
        text: Servers?
        type: yes_no
        dont_know: true
        options:
          - {value: "yes"}
          - {value: "no"}
      - id: services
        text: Services?
        type: multi
        options: [{value: mail}, {value: taxi}, {value: maps}]
      - id: country
        text: Country?
        type: single
        options: [{value: by}, {value: ru}]
      - id: users
        text: Users?
        type: number
        minimum: 0
        when: servers == 'yes'
impacts:
  - id: harm
    title: Harm
    description: Data disclosed.
    rights: [ICCPR 17]
    rights_holders: [users]
    paths: [in_reach]
    irremediability: {level: 4}
paths:
  - id: in_reach
    title: In reach
    levels: [{when: "servers == 'yes'", likelihood: 3, label: servers in Belarus}]
    reaches: [{when: "servers == 'yes'", scale: 3, data: account data}]
    scope: {fixed: 3}
    default_involvement: {involvement: contribute, reason: own servers}
matrix:
  bands: [{id: low, label: Low}, {id: high, label: High}]
  rows:
    - {severity: 5, likelihood: [low, high, high, high, high]}
    - {severity: 4, likelihood: [low, high, high, high, high]}
    - {severity: 3, likelihood: [low, low, high, high, high]}
    - {severity: 2, likelihood: [low, low, low, high, high]}
    - {severity: 1, likelihood: [low, low, low, low, high]}
  headline_from: high
mitigations:
  - id: move
    type: close
    title: Move
    action: Move data.
    closes: [in_reach]
    horizon: ongoing
    effort: low
"""

WHEN = "when: servers == 'yes'"


def diagnostics(tmp_path: Path, text: str) -> list[Diagnostic]:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    questionnaire, document, loaded = load_questionnaire(path, "q.yaml")
    assert loaded == [], [d.message for d in loaded]
    assert questionnaire is not None and document is not None
    return check_impacts(questionnaire, document)


def found(tmp_path: Path, text: str) -> list[str]:
    return [f"{d.line}:{d.column} {d.rule}" for d in diagnostics(tmp_path, text)]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def only(tmp_path: Path, text: str) -> Diagnostic:
    result = diagnostics(tmp_path, text)
    assert len(result) == 1, [f"{d.line}:{d.column} {d.rule} {d.message}" for d in result]
    return result[0]


def test_base_is_clean(tmp_path: Path) -> None:
    assert found(tmp_path, BASE) == []


def test_diagnostic_fields(tmp_path: Path) -> None:
    d = only(tmp_path, edit(WHEN, "when: server == 'yes'"))
    assert (d.path, d.line, d.column, d.rule) == ("q.yaml", 37, 15, "condition-unknown-question")
    assert d.severity is FindingLevel.ERROR
    assert d.key_path == "$.sections[0].questions[3].when"
    assert d.message == "no question has the id `server`"
    assert d.hint == "did you mean `servers`?"


def test_every_reported_rule_is_in_the_catalogue(tmp_path: Path) -> None:
    text = edit(WHEN, "when: server == 'yes' and users.x")
    for d in diagnostics(tmp_path, text):
        assert d.rule in RULES
        assert d.severity is RULES[d.rule].severity


# --- unique ids -----------------------------------------------------------------------------


def test_duplicate_question_id(tmp_path: Path) -> None:
    d = only(tmp_path, edit("- id: country", "- id: services"))
    assert (d.line, d.column, d.rule) == (29, 13, "duplicate-id")
    assert d.message == "the question `services` is already used on line 25"


def test_duplicate_option_value(tmp_path: Path) -> None:
    d = only(tmp_path, edit("{value: taxi}", "{value: mail}"))
    assert (d.line, d.column, d.rule) == (28, 42, "duplicate-id")
    assert d.message == "the option value `mail` is already used in question `services` on line 28"


@pytest.mark.parametrize(
    ("text", "position"),
    [
        (
            edit(
                "- {id: ungp, title: UNGP}", "- {id: ungp, title: UNGP}\n  - {id: ungp, title: U}"
            ),
            "9:10",
        ),
        (
            BASE + "  - {id: move, type: assess, title: M, action: A, horizon: ongoing,"
            " effort: low}\n",
            "70:10",
        ),
        (
            edit(
                "[{id: low, label: Low}, {id: high, label: High}]",
                "[{id: low, label: Low}, {id: low, label: High}]",
            ),
            "54:39",
        ),
    ],
    ids=["source", "mitigation", "band"],
)
def test_duplicate_ids(tmp_path: Path, text: str, position: str) -> None:
    # The questions part reports `duplicate-id`; the risk model `impacts-duplicate-id`.
    rules = ("duplicate-id", "impacts-duplicate-id")
    dups = [f"{d.line}:{d.column}" for d in diagnostics(tmp_path, text) if d.rule in rules]
    assert dups == [position]


def test_duplicate_section_and_area(tmp_path: Path) -> None:
    text = edit(
        "sections:\n",
        "sections:\n  - {id: main, title: M0, questions: [{id: q0, text: Q, type: text}]}\n",
    )
    text = edit(
        "areas:\n",
        "areas:\n  - {id: access, title: A}\n",
        text,
    )
    dups = [d for d in diagnostics(tmp_path, text) if d.rule.endswith("duplicate-id")]
    assert [(d.line, d.column, d.rule, d.message) for d in dups] == [
        (11, 9, "impacts-duplicate-id", "the area `access` is already declared on line 10"),
        (17, 9, "duplicate-id", "the section `main` is already used on line 16"),
    ]


# --- options ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "options: [{value: by}, {value: ru}]",
            "options: [{value: by}]",
            ["32:18 options-misused"],
        ),
        ("options: [{value: by}, {value: ru}]", "options: []", ["31:15 options-misused"]),
        ('{value: "no"}', '{value: "non"}', ["23:11 options-misused", "24:21 options-misused"]),
        ("{value: ru}", "{value: dont_know}", ["32:40 options-misused"]),
        (
            "type: number",
            "type: number\n        options: [{value: a}, {value: b}]",
            ["36:18 options-misused"],
        ),
        ("minimum: 0", "minimum: 5\n        maximum: 1", ["36:18 options-misused"]),
        ("type: single", "type: text", ["32:18 options-misused"]),
        ("type: number", "type: text", ["36:18 options-misused"]),
    ],
    ids=[
        "single-one-option",
        "single-no-options",
        "yes-no-values",
        "dont-know-reserved",
        "number-options",
        "min-above-max",
        "text-options",
        "minimum-not-number",
    ],
)
def test_options(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    assert found(tmp_path, edit(old, new)) == expected


def test_yes_no_options_may_be_left_out(tmp_path: Path) -> None:
    text = edit(
        '        options:\n          - {value: "yes"}\n          - {value: "no"}\n',
        "",
    )
    assert found(tmp_path, text) == []


def test_yes_no_missing_value_message(tmp_path: Path) -> None:
    d = only(tmp_path, edit('          - {value: "no"}\n', ""))
    assert (d.line, d.column) == (23, 11)
    assert "`no` is missing" in d.message


# --- conditions: syntax and forbidden constructs ------------------------------------------------


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("when: servers ==", "37:25 condition-syntax"),
        ("when: \"servers = 'yes'\"", "37:24 condition-syntax"),
        ("when: 'services == ''mail'' and x.y'", "37:41 condition-forbidden"),
        ('when: "\'mail\' in services and \\"a\\" in services.x"', "37:48 condition-forbidden"),
        ("when: __import__('os').system('x')", "37:15 condition-forbidden"),
        ("when: servers == 'yes' and open('f')", "37:36 condition-forbidden"),
        ("when: >-\n          servers ==\n          'yes' and x.y", "39:21 condition-forbidden"),
        ("when: |\n          servers == 'yes'", "37:15 condition-syntax"),
    ],
    ids=[
        "plain",
        "double-quoted",
        "single-quoted-escapes",
        "double-quoted-escapes",
        "injection",
        "call",
        "folded-block",
        "literal-block-is-one-expression",
    ],
)
def test_condition_syntax_and_forbidden_columns(tmp_path: Path, when: str, expected: str) -> None:
    result = found(tmp_path, edit(WHEN, when))
    if expected.endswith("condition-syntax") and "|" in when:
        # A literal block keeps its final newline: the expression is still valid.
        assert result == []
        return
    assert result == [expected]


def test_multiline_block_condition_is_accepted(tmp_path: Path) -> None:
    text = edit(WHEN, "when: >-\n          servers == 'yes'\n          and 'mail' in services")
    assert found(tmp_path, text) == []


def test_multiline_plain_condition_points_at_its_start(tmp_path: Path) -> None:
    d = only(tmp_path, edit(WHEN, "when: servers == 'yes'\n          and x.y"))
    assert (d.line, d.column, d.rule) == (37, 15, "condition-forbidden")


def test_huge_number_literal_is_out_of_range_not_a_crash(tmp_path: Path) -> None:
    # No answer can be larger than 10^15, so a literal past it is a mistake, said as such.
    assert found(tmp_path, rule("users < " + "9" * 400)) == ["70:28 condition-forbidden"]
    assert found(tmp_path, rule("users > 1e999")) == ["70:28 condition-forbidden"]
    assert found(tmp_path, rule("users >= 1e15")) == []


def test_non_ascii_before_the_offending_token(tmp_path: Path) -> None:
    d = only(tmp_path, edit(WHEN, "when: \"country == 'ru' or 'ё' in services.x\""))
    assert (d.line, d.column, d.rule) == (37, 42, "condition-forbidden")


# --- conditions: names ------------------------------------------------------------------------


def test_unquoted_value_hint(tmp_path: Path) -> None:
    d = only(tmp_path, edit(WHEN, "when: servers == yes"))
    assert (d.line, d.column, d.rule) == (37, 26, "condition-unknown-question")
    assert d.hint == "quote it if it is a value: `servers == 'yes'`"


def test_forward_reference(tmp_path: Path) -> None:
    text = edit("        type: single\n", "        type: single\n        when: users > 10\n")
    d = only(tmp_path, text)
    assert (d.line, d.column, d.rule) == (32, 15, "condition-forward-reference")
    assert d.message == "question `users` is asked after this question (line 34)"


def test_self_reference(tmp_path: Path) -> None:
    d = only(tmp_path, edit(WHEN, "when: answered(users)"))
    assert (d.line, d.column, d.rule) == (37, 24, "condition-forward-reference")
    assert "refers to `users` itself" in d.message


def test_section_may_only_use_earlier_sections(tmp_path: Path) -> None:
    text = edit("    title: Main\n", "    title: Main\n    when: servers == 'yes'\n")
    d = only(tmp_path, text)
    assert (d.line, d.column, d.rule) == (17, 11, "condition-forward-reference")
    assert "in this section or after it" in d.message


def test_later_section_may_use_earlier_questions_and_cycles_are_caught(tmp_path: Path) -> None:
    second = (
        "  - id: second\n"
        "    title: Second\n"
        "    when: country == 'by'\n"
        "    questions:\n"
        "      - {id: extra, text: E, type: text, when: \"extra == 'x'\"}\n"
    )
    text = edit("impacts:\n", second + "impacts:\n")
    assert found(tmp_path, text) == ["42:49 condition-forward-reference"]


def test_the_risk_model_may_use_any_question(tmp_path: Path) -> None:
    text = edit("    horizon: ongoing\n", "    when: users >= 10\n    horizon: ongoing\n")
    text = edit(
        "levels: [{when: \"servers == 'yes'\"",
        "levels: [{when: \"servers == 'yes' and country == 'by'\"",
        text,
    )
    assert found(tmp_path, gapped(rule("users > 100 and country == 'by'", text))) == []


# --- named conditions ----------------------------------------------------------------------------


def named(conditions: str, text: str = BASE) -> str:
    """Insert a `conditions:` block before `sections:` (it adds lines: positions shift)."""
    return edit("sections:\n", f"conditions:\n{conditions}sections:\n", text)


def test_named_condition_is_transparent(tmp_path: Path) -> None:
    text = named("  - {id: hosted, when: \"servers == 'yes'\"}\n", edit(WHEN, "when: hosted"))
    assert found(tmp_path, text) == []


def test_named_condition_forward_reference_names_the_question(tmp_path: Path) -> None:
    text = edit(WHEN, "when: hosted")
    text = edit("        type: single\n", "        type: single\n        when: big\n", text)
    text = named(
        "  - {id: hosted, when: \"servers == 'yes'\"}\n  - {id: big, when: users > 9}\n", text
    )
    d = only(tmp_path, text)
    assert (d.line, d.column, d.rule) == (35, 15, "condition-forward-reference")
    assert d.message == (
        "the named condition `big` uses `users` (line 37), which is not asked before this question"
    )


def test_named_condition_cycle_message(tmp_path: Path) -> None:
    text = named(
        "  - {id: one, when: two}\n  - {id: two, when: \"one or servers == 'no'\"}\n",
        edit(WHEN, "when: one"),
    )
    d = only(tmp_path, text)
    assert (d.line, d.column, d.rule) == (16, 22, "condition-cycle")
    assert d.message == "named conditions use each other in a circle: one -> two -> one"


def test_unused_named_condition(tmp_path: Path) -> None:
    d = only(tmp_path, named("  - {id: hosted, when: \"servers == 'yes'\"}\n"))
    assert (d.line, d.column, d.rule) == (15, 10, "unused-condition")
    assert d.severity is FindingLevel.WARNING
    assert d.message == "the named condition `hosted` is never used"


def test_use_in_a_condition_that_does_not_parse_still_counts(tmp_path: Path) -> None:
    text = named("  - {id: hosted, when: \"servers == 'yes'\"}\n", edit(WHEN, "when: hosted and ("))
    assert [d.rule for d in diagnostics(tmp_path, text)] == ["condition-syntax"]


def test_unknown_name_suggests_named_conditions(tmp_path: Path) -> None:
    text = named("  - {id: hosted, when: \"servers == 'yes'\"}\n", edit(WHEN, "when: hostd == 'x'"))
    text = edit("    effort: low\n", "    effort: low\n    when: hosted\n", text)
    d = only(tmp_path, text)
    assert d.rule == "condition-unknown-question"
    assert d.hint == "did you mean the named condition `hosted`? use it alone: `hosted`"


def test_never_true_sees_through_named_conditions(tmp_path: Path) -> None:
    text = named(
        "  - {id: hosted, when: \"servers == 'yes'\"}\n",
        edit(WHEN, "when: hosted and servers == 'no'"),
    )
    assert found(tmp_path, text) == ["39:15 condition-never-true"]


# --- conditions: options and types ----------------------------------------------------------------


def rule(when: str, text: str = BASE, ident: str = "r") -> str:
    """Return BASE with one more mitigation, on line 70; its quoted condition starts at column 19.

    A mitigation's `when:`, like every condition of the risk model, may use any question.
    """
    return text + (
        f'  - {{id: {ident}, when: "{when}", type: assess, title: R, action: A, horizon: ongoing,'
        " effort: low}\n"
    )


def gapped(text: str) -> str:
    """Return ``text`` with the `gaps` entry the risk model needs to read `country`."""
    return text + "gaps: [{question: country, riskiest: by, favourable: ru}]\n"


@pytest.mark.parametrize(
    ("when", "column", "hint"),
    [
        ("servers == 'yse'", 31, "did you mean `yes`?"),
        ("'mial' in services", 20, "did you mean `mail`?"),
        ("country in ['by', 'pl']", 38, None),
        ("any_of(services, 'taxi', 'mapz')", 45, "did you mean `maps`?"),
        ("country != 'dont_know'", 31, "use `dont_know(country)` to test a don't-know answer"),
    ],
)
def test_unknown_option(tmp_path: Path, when: str, column: int, hint: str | None) -> None:
    d = only(tmp_path, rule(when))
    assert (d.line, d.column, d.rule) == (70, column, "condition-unknown-option")
    assert d.hint == hint


@pytest.mark.parametrize(
    ("when", "column", "fragment"),
    [
        ("users > '5'", 28, "`>` compares numbers, but '5' is a string"),
        ("country == 1", 31, "`country` is a single-choice question, but 1 is a number"),
        ("services == 'mail'", 20, "`services` is a multi-choice question"),
        ("services in ['mail']", 20, "`services` is a multi-choice question"),
        ("'by' in country", 28, "`in` needs a multi-choice question or a list on its right"),
        ("country > 'a'", 20, "`>` compares numbers, but `country` is a single-choice question"),
        ("count(country) > 1", 26, "count() counts the selections of a multi-choice question"),
        ("any_of(users, 'a')", 27, "any_of() tests the options of a choice question"),
        ("servers == users", 31, "they cannot be compared"),
        ("1 in services", 20, "tests whether a value is selected"),
    ],
)
def test_condition_type(tmp_path: Path, when: str, column: int, fragment: str) -> None:
    d = only(tmp_path, rule(when))
    assert (d.line, d.column, d.rule) == (70, column, "condition-type")
    assert fragment in d.message


def test_sound_conditions_of_every_kind(tmp_path: Path) -> None:
    conditions = [
        "servers == 'yes' and 'mail' not in services",
        "country in ['by', 'ru'] or any_of(services, 'mail', 'taxi')",
        "count(services) >= 2 and not dont_know(servers)",
        "users >= 100000 or 0 < users <= 10",
        "answered(country) and country != 'ru'",
    ]
    text = BASE
    for i, condition in enumerate(conditions):
        text = rule(condition, text, f"r{i}")
    assert found(tmp_path, gapped(text)) == []


# --- conditions that can never be true ------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    [
        "servers == 'yes' and servers == 'no'",
        "dont_know(country)",
        "count(services) > 3",
        "country == 'by' and country != 'by'",
        "not answered(servers) and 'mail' in services and count(services) == 0",
        "users < 0",
        "users > 0 and users < 1",
        "0 > 1",
    ],
)
def test_never_true(tmp_path: Path, when: str) -> None:
    d = only(tmp_path, gapped(rule(when)))
    assert (d.line, d.column, d.rule) == (70, 19, "condition-never-true")
    assert d.severity is FindingLevel.WARNING
    assert d.message == (
        "no answers can make this condition true: the mitigation is never recommended"
    )


@pytest.mark.parametrize(
    "when",
    [
        "dont_know(servers)",
        "count(services) == 3",
        "'mail' in services and 'taxi' not in services and count(services) == 2",
        "users > 0.5 and users < 2",
        "not answered(users)",
        "users > 99999 and users < 100001",
    ],
)
def test_can_be_true(tmp_path: Path, when: str) -> None:
    assert found(tmp_path, gapped(rule(when))) == []


def test_non_integer_numbers_between_literals(tmp_path: Path) -> None:
    text = edit("minimum: 0", "minimum: 0\n        integer: false")
    assert found(tmp_path, rule("users > 0 and users < 1", text)) == []


def test_question_never_asked_given_its_section(tmp_path: Path) -> None:
    second = (
        "  - id: second\n"
        "    title: Second\n"
        "    when: servers == 'yes'\n"
        "    questions:\n"
        "      - {id: extra, text: E, type: text, when: \"servers == 'no'\"}\n"
    )
    d = only(tmp_path, edit("impacts:\n", second + "impacts:\n"))
    assert (d.line, d.column, d.rule) == (42, 48, "condition-never-true")
    assert "together with the section's condition" in d.message


def test_section_never_asked_is_reported_once(tmp_path: Path) -> None:
    second = (
        "  - id: second\n"
        "    title: Second\n"
        "    when: users < 0\n"
        "    questions:\n"
        "      - {id: extra, text: E, type: text, when: \"servers == 'no'\"}\n"
    )
    assert found(tmp_path, edit("impacts:\n", second + "impacts:\n")) == [
        "40:11 condition-never-true"
    ]


def test_enumeration_is_bounded(tmp_path: Path) -> None:
    options = ", ".join(f"{{value: o{i}}}" for i in range(14))
    text = edit("options: [{value: mail}, {value: taxi}, {value: maps}]", f"options: [{options}]")
    # 14 named options: 2**14 selections are too many to try, so no warning is guessed.
    named = " and ".join(f"'o{i}' in services" for i in range(14))
    assert found(tmp_path, rule(f"{named} and count(services) > 14", text)) == []


# --- references -----------------------------------------------------------------------------


def test_unknown_source(tmp_path: Path) -> None:
    text = edit("references: [{source: ungp}]", "references: [{source: ungp}, {source: ugnp}]")
    d = only(tmp_path, text)
    assert (d.line, d.column, d.rule, d.hint) == (13, 43, "unknown-source", "did you mean `ungp`?")


def test_unused_source(tmp_path: Path) -> None:
    d = only(tmp_path, edit("references: [{source: ungp}]", "references: []"))
    assert (d.line, d.column, d.rule) == (8, 10, "unused-source")
    assert d.severity is FindingLevel.WARNING


@pytest.mark.parametrize(
    "url",
    [
        "https://www.readkong.com/page/guiding-principles-on-business-and-human-rights-3954467",
        "https://pt.slideshare.net/someone/interpretive-guide",
        "https://RU.SCRIBD.COM/document/1/x",
        "https://docslib.org./doc/1",
    ],
)
def test_source_on_a_mirror_is_reported_at_its_url(tmp_path: Path, url: str) -> None:
    d = only(tmp_path, edit("{id: ungp, title: UNGP}", f"{{id: ungp, title: UNGP, url: {url}}}"))
    assert (d.line, d.column, d.rule) == (8, 34, "source-on-mirror")
    assert d.severity is FindingLevel.WARNING
    assert d.hint is not None and "read_at" in d.hint


@pytest.mark.parametrize(
    "fields",
    [
        "url: https://www.ohchr.org/en/publications/reference-publications/guiding-principles",
        "url: https://notreadkong.com/page/1",
        "reference: HR/PUB/11/04, read_at: https://www.readkong.com/page/1",
    ],
)
def test_publisher_pages_and_copies_under_read_at_are_not_reported(
    tmp_path: Path, fields: str
) -> None:
    text = edit("{id: ungp, title: UNGP}", f"{{id: ungp, title: UNGP, {fields}}}")
    assert found(tmp_path, text) == []


# --- languages --------------------------------------------------------------------------------


def test_translations(tmp_path: Path) -> None:
    text = edit("languages: [en]", "languages: [en, ru]")
    text = edit("title: Access", "title: {en: Access, de: Zugang}", text)
    text = edit("text: Users?", "text: {en: Users?, ru: Пользователи?}", text)
    result = diagnostics(tmp_path, text)
    assert [(d.line, d.column, d.rule, d.severity) for d in result] == [
        (11, 12, "missing-translation", FindingLevel.WARNING),
        (11, 25, "unknown-language", FindingLevel.ERROR),
    ]
    assert result[0].message == "this text has no `ru` translation"
    assert result[0].key_path == "$.areas[0].title"


def test_plain_text_is_the_default_language(tmp_path: Path) -> None:
    assert found(tmp_path, edit("languages: [en]", "languages: [en, ru, be]")) == []


# --- ordering -------------------------------------------------------------------------------------


def test_findings_are_sorted_by_position(tmp_path: Path) -> None:
    text = edit(WHEN, "when: server == 'yes'")
    text = edit("references: [{source: ungp}]", "references: [{source: nope}]", text)
    text = edit("- id: country", "- id: services", text)
    result = found(tmp_path, text)
    assert result == [
        "8:10 unused-source",
        "13:27 unknown-source",
        "29:13 duplicate-id",
        "37:15 condition-unknown-question",
    ]


# --- the never-true search agrees with brute force ---------------------------------------------

_COMPARISONS = st.one_of(
    st.builds(
        "users {} {}".format,
        st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
        st.sampled_from(["-1", "0", "1", "2", "2.5", "7", "10", "11"]),
    ),
    st.builds("servers == '{}'".format, st.sampled_from(["yes", "no"])),
    st.builds(
        "'{}' {} services".format,
        st.sampled_from(["mail", "taxi"]),
        st.sampled_from(["in", "not in"]),
    ),
    st.builds("count(services) {} {}".format, st.sampled_from(["==", ">", "<"]), st.integers(0, 3)),
    st.sampled_from(["dont_know(servers)", "answered(users)", "not answered(servers)"]),
)


def _brute_force_satisfiable(when: str) -> bool:
    compiled = compile_condition(when)
    servers = [None, "yes", "no", "dont_know"]
    services = [None] + [
        frozenset(c) for k in range(4) for c in itertools.combinations(["mail", "taxi", "maps"], k)
    ]
    users = [None, *range(0, 16)]  # the question takes whole numbers from 0 to 15
    for combination in itertools.product(servers, services, users):
        values = {
            k: v
            for k, v in zip(("servers", "services", "users"), combination, strict=True)
            if v is not None
        }
        if compiled(values):
            return True
    return False


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_COMPARISONS, min_size=1, max_size=3),
    st.lists(st.sampled_from([" and ", " or "]), min_size=2, max_size=2),
)
def test_never_true_matches_brute_force(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str], joins: list[str]
) -> None:
    when = parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=False))
    text = rule(when, edit("minimum: 0", "minimum: 0\n        maximum: 15"))
    reported = found(tmp_path_factory.mktemp("q"), text)
    assert reported in ([], ["71:19 condition-never-true"])
    assert (reported == []) == _brute_force_satisfiable(when), when


@pytest.mark.parametrize(
    "when",
    [
        "users > 2 and users < 2.5",
        "count(services) > 2 and 'maps' not in services",
        "servers == 'yes' and dont_know(servers)",
        "users >= 11 and users <= 10 or count(services) > 3",
    ],
)
def test_brute_force_agrees_on_known_never_true(tmp_path: Path, when: str) -> None:
    assert not _brute_force_satisfiable(when)
    text = rule(when, edit("minimum: 0", "minimum: 0\n        maximum: 15"))
    assert found(tmp_path, text) == ["71:19 condition-never-true"]
