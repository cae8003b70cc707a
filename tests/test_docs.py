"""The documentation stays true: every command and option is documented, examples validate."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import typer.main
import yaml

from hrdd.cli import app
from hrdd.commands.schema import SchemaKind, json_schema
from hrdd.commands.validate import validate_file
from hrdd.diagnostics import RULES, Diagnostic
from hrdd.output.validate import OutputFormat
from hrdd.scoring.impacts.format import RiskQuestionnaire
from tests.conftest import DOCS

CLI_MD = DOCS / "cli.md"
FORMAT_MD = DOCS / "questionnaire-format.md"


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


def complete_example() -> str:
    text = FORMAT_MD.read_text(encoding="utf-8")
    _, marker, rest = text.partition("\n## A complete example\n")
    assert marker, "docs/questionnaire-format.md lost its `## A complete example` section"
    blocks = fenced_blocks(rest, "yaml")
    assert blocks, "the complete example is not in a ```yaml block"
    return blocks[0]


def test_the_complete_example_validates_without_any_finding(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(complete_example(), encoding="utf-8")
    result = validate_file(path, "example.yaml")
    assert result.diagnostics == (), [
        f"{d.line}:{d.column} {d.rule} {d.message}" for d in result.diagnostics
    ]
    assert result.counts.questions == 3


def test_the_complete_example_matches_the_format_1_json_schema() -> None:
    # `hrdd schema questionnaire` describes format 2; this page's example is format 1.

    data = yaml.safe_load(complete_example())
    jsonschema.Draft202012Validator(RiskQuestionnaire.model_json_schema()).validate(data)
    errors = jsonschema.Draft202012Validator(json_schema(SchemaKind.QUESTIONNAIRE)).iter_errors(
        data
    )
    assert any("2 was expected" in e.message for e in errors)


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
