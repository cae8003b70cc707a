"""The documentation stays true: every command and option is documented, examples validate."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from hrdd.cli import app
from hrdd.commands.schema import SchemaKind
from hrdd.commands.validate import validate_file
from hrdd.diagnostics import RULES, Diagnostic
from hrdd.output.validate import OutputFormat
from hrdd.scoring.impacts.format import RiskQuestionnaire
from tests.conftest import DOCS

CLI_MD = DOCS / "cli.md"


def commands(group: Any, prefix: str = "hrdd") -> list[tuple[str, Any]]:
    """Return every visible command as ("hrdd name", command), sub-commands of groups too."""
    found: list[tuple[str, Any]] = []
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        found.append((f"{prefix} {name}", command))
        if hasattr(command, "commands"):
            found.extend(commands(command, f"{prefix} {name}"))
    return found


def long_options(command: Any) -> list[list[str]]:
    """Return the long names of each visible option of a command."""
    return [
        [name for name in param.opts if name.startswith("--")]
        for param in command.params
        if param.param_type_name == "option" and not getattr(param, "hidden", False)
    ]


COMMANDS = commands(typer.main.get_command(app))


def section(markdown: str, title: str) -> str:
    """Return the text under the heading `` `title` `` up to the next heading of its level."""
    match = re.search(rf"^(#+) `{re.escape(title)}`\s*$", markdown, re.MULTILINE)
    assert match, f"docs/cli.md has no section headed `{title}`"
    level = len(match.group(1))
    rest = markdown[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def fenced_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize(("title", "command"), COMMANDS, ids=[t for t, _ in COMMANDS])
def test_every_command_and_option_is_documented(title: str, command: Any) -> None:
    text = section(CLI_MD.read_text(encoding="utf-8"), title)
    for names in long_options(command):
        assert any(f"`{name}" in text for name in names), (
            f"{title}: option {names} is not documented in docs/cli.md"
        )
    assert "Exit code" in text, f"{title}: docs/cli.md does not give its exit codes"


def test_the_command_list_sees_commands_and_their_options() -> None:
    found = dict(COMMANDS)
    assert {"hrdd validate", "hrdd schema"} <= set(found)
    assert long_options(found["hrdd validate"]) == [["--format"], ["--strict"], ["--output"]]


def test_every_output_format_has_a_documented_sample() -> None:
    text = section(CLI_MD.read_text(encoding="utf-8"), "hrdd validate")
    for output_format in OutputFormat:
        assert f"#### {output_format.value}\n" in text


def test_every_schema_kind_is_documented() -> None:
    text = section(CLI_MD.read_text(encoding="utf-8"), "hrdd schema")
    for kind in SchemaKind:
        assert f"`{kind.value}`" in text


def test_every_rule_id_is_documented() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    missing = [rule for rule in RULES if f"| `{rule}` |" not in text]
    assert not missing, f"rule ids missing from the table in docs/cli.md: {missing}"


def test_the_rule_table_in_the_docs_gives_each_rules_stage_and_severity() -> None:
    text = CLI_MD.read_text(encoding="utf-8").split("### Rule ids\n", 1)[1].split("\n#", 1)[0]
    documented = {
        row[0].strip("`"): (row[1], row[2])
        for row in (
            [cell.strip() for cell in line.strip("|").split("|")]
            for line in text.splitlines()
            if line.startswith("| `")
        )
    }
    assert {rule.id: (rule.kind.value, rule.severity.value) for rule in RULES.values()} == {
        rule: documented[rule] for rule in RULES
    }


def answers_examples() -> list[tuple[str, str]]:
    """Return (page, YAML) of every answers-file example in the docs."""
    return [
        (page.name, block)
        for page in sorted(DOCS.glob("*.md"))
        for block in fenced_blocks(page.read_text(encoding="utf-8"), "yaml")
        if re.search(r"^format: 1\nquestionnaire:\n", block, re.MULTILINE)
    ]


ANSWERS_EXAMPLES = answers_examples()


def test_the_docs_have_answers_examples() -> None:
    assert any(page == "answers-format.md" for page, _ in ANSWERS_EXAMPLES)


@pytest.mark.parametrize(
    ("page", "text"),
    ANSWERS_EXAMPLES,
    ids=[f"{p}-{i}" for i, (p, _) in enumerate(ANSWERS_EXAMPLES)],
)
def test_every_answers_example_loads_against_the_questionnaire_it_names(
    page: str, text: str, tmp_path: Path
) -> None:
    from hrdd.answers.model import load_answers
    from hrdd.catalog import bundled_questionnaires
    from hrdd.scoring.loading import load_questionnaire_or_raise

    path = tmp_path / page.replace(".md", ".yaml")
    path.write_text(text, encoding="utf-8")
    answers, doc = load_answers(path)
    by_id = {}
    fixtures = DOCS.parent / "tests" / "data"
    samples = [fixtures / "scoring" / "sample.yaml", fixtures / "assess" / "branching.yaml"]
    for candidate in [*bundled_questionnaires(), *samples]:
        q, _ = load_questionnaire_or_raise(candidate)
        by_id[q.id] = q
    questionnaire = by_id[answers.questionnaire.id]
    # The checks of `hrdd score`, after the carry-over it makes for a file answered to
    # another version (an example may predate the current version).
    from hrdd.commands.score import carry_over
    from hrdd.scoring.impacts.load import RiskModel, check_risk_answers

    model = RiskModel(questionnaire)
    found: list[Diagnostic] = []
    carried = carry_over(answers, doc, model, found)
    found += check_risk_answers(carried, doc, model)
    # A later edit of the questionnaire's wording may make the example's hash stale;
    # anything else (an unknown id, an invalid value, an inactive answer) is a broken example.
    assert [str(d) for d in found if d.rule != "answer-stale"] == []
    from hrdd.answers.signing import SignoffState, signoff_state

    if answers.signoff is not None and answers.signoff.signed is not None:
        assert signoff_state(answers) is SignoffState.CURRENT


MIGRATING_MD = DOCS / "migrating-to-format-2.md"


def migration_examples() -> tuple[str, str]:
    """Return the format-1 and the format-2 questionnaire of the migration guide's example."""
    text = MIGRATING_MD.read_text(encoding="utf-8")
    _, marker, rest = text.partition("\n## A worked example\n")
    assert marker, "docs/migrating-to-format-2.md lost its `## A worked example` section"
    before, after = fenced_blocks(rest, "yaml")[:2]
    return before, after


def test_the_migration_example_before_is_retired_and_after_is_clean(tmp_path: Path) -> None:
    before, after = migration_examples()
    old = tmp_path / "before.yaml"
    old.write_text(before, encoding="utf-8")
    result = validate_file(old, "before.yaml")
    assert [(d.line, d.rule) for d in result.diagnostics] == [(1, "format-retired")]
    new = tmp_path / "after.yaml"
    new.write_text(after, encoding="utf-8")
    result = validate_file(new, "after.yaml")
    assert result.diagnostics == (), [
        f"{d.line}:{d.column} {d.rule} {d.message}" for d in result.diagnostics
    ]
    # The same questions, with the same ids, types and options: old answers stay valid.
    old_data, new_data = yaml.safe_load(before), yaml.safe_load(after)
    old_questions = [q for s in old_data["sections"] for q in s["questions"]]
    new_questions = [q for s in new_data["sections"] for q in s["questions"]]
    assert [(q["id"], q["type"]) for q in old_questions] == [
        (q["id"], q["type"]) for q in new_questions
    ]


def test_the_migration_example_scores_its_one_impact(tmp_path: Path) -> None:
    from hrdd.answers.model import Answers
    from hrdd.scoring.impacts.load import RiskModel

    _, after = migration_examples()
    model = RiskModel(RiskQuestionnaire.model_validate(yaml.safe_load(after)))
    answers = Answers.model_validate(
        {
            "format": 1,
            "questionnaire": {"id": "example", "version": "2.0.0", "hash": "sha256:" + "0" * 64},
            "organisation": "Example",
            "created": "2026-01-01T00:00:00Z",
            "updated": "2026-01-01T00:00:00Z",
            "answers": {"local_servers": {"value": "yes"}, "users": {"value": 200_000}},
        }
    )
    result = model.score(answers, rank_gaps=False)
    [impact] = result.impacts
    assert (impact.id, impact.band, impact.residual) == ("disclosure", "high", None)
