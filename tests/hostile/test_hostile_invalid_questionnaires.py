"""Every invalid example questionnaire, given to every command that loads a questionnaire.

`validate` finds the errors; `score`, `report`, `assess` and `test` refuse the same
questionnaire with the same findings (exit 2) instead of running it: a forward reference in a
condition used to make no question apply and every rating "Low, complete". Questionnaires
with warnings only still run. No command ever exits 3.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hrdd.diagnostics import RULES, FindingLevel
from tests.hostile.hostile_support import DATA, hrdd

INVALID = sorted((DATA / "invalid").glob("*.yaml"))

ANSWERS = """\
format: 1
questionnaire:
  id: minimal_example
  version: "1.0.0"
  hash: sha256:0000000000000000000000000000000000000000000000000000000000000000
organisation: Example LLC
created: "2025-03-03T09:00:00+00:00"
updated: "2025-03-03T09:00:00+00:00"
answers:
  local_servers:
    value: "no"
"""


def _expected(questionnaire: Path) -> list[tuple[str, str]]:
    """Return (LINE:COL, rule) of each error the example's .expected file lists."""
    found = []
    for line in questionnaire.with_suffix(".expected").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        where, rule = line.split()
        if RULES[rule].severity is FindingLevel.ERROR:
            found.append((where, rule))
    return found


def _commands(questionnaire: Path, answers: Path) -> dict[str, list[str | Path]]:
    return {
        "score": ["score", answers, "-q", questionnaire],
        "report": ["report", answers, "-q", questionnaire],
        "report-html": ["report", answers, "-q", questionnaire, "--format", "html"],
        "assess": ["assess", questionnaire, "--answers", answers, "--no-input"],
        "test": ["test", questionnaire],
    }


@pytest.mark.parametrize("command", ["score", "report", "report-html", "assess", "test"])
@pytest.mark.parametrize("example", INVALID, ids=[p.stem for p in INVALID])
def test_every_command_refuses_what_validate_rejects(
    example: Path, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire = tmp_path / "questionnaire.yaml"
    shutil.copy(example, questionnaire)
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    before = answers.read_bytes()
    errors = _expected(example)
    code = hrdd(*_commands(questionnaire, answers)[command])
    out, err = capsys.readouterr()
    assert "internal error" not in err and "Traceback" not in err
    assert answers.read_bytes() == before
    if not errors:
        return  # warnings only: the questionnaire runs (the answers decide the exit code)
    assert code == 2, err
    assert out == ""
    for where, rule in errors:
        assert f"{questionnaire}:{where}: error {rule} " in err, err
