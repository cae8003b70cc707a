"""The example assessments under examples/: valid answers, and reports that never drift.

After a deliberate change, render them again with `bash scripts/examples` and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hrdd.cli import run
from hrdd.commands.report import build_report
from hrdd.report.options import ReportFormat
from tests.conftest import REPO

EXAMPLES = REPO / "examples"
ANSWERS = sorted(EXAMPLES.glob("*.answers.yaml"))
EXTENSIONS = {ReportFormat.MARKDOWN: "md", ReportFormat.HTML: "html"}


def test_there_are_two_examples_of_fictional_companies_linked_from_the_readme() -> None:
    assert [p.name for p in ANSWERS] == [
        "foreign-messenger.answers.yaml",
        "mobile-operator.answers.yaml",
    ]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for answers in ANSWERS:
        name = answers.name.removesuffix(".answers.yaml")
        assert f"examples/{name}.report.md" in readme
        assert "(an invented example)" in answers.read_text(encoding="utf-8")


@pytest.mark.parametrize("answers", ANSWERS, ids=lambda p: p.name)
def test_example_answers_pass_hrdd_answers_check_without_a_finding(
    answers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A questionnaire version the answers were not given to is a finding too: the examples
    # are then stale and need their answers reviewed, not only their reports rendered.
    assert run(["answers", "check", str(answers)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("fmt", list(ReportFormat))
@pytest.mark.parametrize("answers", ANSWERS, ids=lambda p: p.name)
def test_committed_example_reports_equal_a_fresh_render(answers: Path, fmt: ReportFormat) -> None:
    name = answers.name.removesuffix(".answers.yaml")
    committed = EXAMPLES / f"{name}.report.{EXTENSIONS[fmt]}"
    fresh = build_report(answers, output_format=fmt, appendix=False).text
    assert committed.read_text(encoding="utf-8") == fresh, (
        f"{committed} is out of date: run `bash scripts/examples` and review `git diff examples/`"
    )
