"""Benchmark `hrdd report` (Markdown and HTML) against `hrdd validate` on the same questionnaire.

Run from the repository root, in the environment hrdd is installed in:

    python -m bench.report              # default runs, prints the tables
    python -m bench.report --json       # also writes bench/results/report.json
    python -m bench.report --runs 3     # a quicker, rougher look

It generates (always the same) a 150-question questionnaire and an answers file that answers
every question, then times whole processes in interleaved rounds. The report loads, checks and
scores the answers and renders the templates, so it does strictly more than validate; the target
is that it costs at most 1.5 times as much. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.common import (
    Command,
    Target,
    Timing,
    dump_yaml,
    finish,
    synthetic_questionnaire,
    time_commands,
    tool,
)

TARGETS = (
    Target("hrdd report markdown 150q", "hrdd validate 150q", 1.5),
    Target("hrdd report html 150q", "hrdd validate 150q", 1.5),
)


def synthetic_answers(questionnaire: dict[str, object]) -> dict[str, object]:
    """Return an answers file for ``questionnaire`` that answers every question it asks."""
    from hrdd.questionnaire.hashing import question_fingerprint, questionnaire_hash
    from hrdd.scoring.impacts.format import RiskQuestionnaire

    model = RiskQuestionnaire.model_validate(questionnaire)
    answers: dict[str, object] = {}
    for question in model.questions():
        value: object
        kind = question.type.value
        if kind == "yes_no":
            value = "yes"
        elif kind == "single":
            value = question.options[0].value
        elif kind == "multi":
            value = [o.value for o in question.options[:2]]
        elif kind == "number":
            value = 250000
        else:
            value = "Logs are kept for a year | see the data map."
        answers[question.id] = {
            "value": value,
            "note": "Checked with the infrastructure team.",
            "answered_by": "Bench Respondent",
            "question_hash": question_fingerprint(question),
        }
    return {
        "format": 1,
        "questionnaire": {
            "id": model.id,
            "version": model.version,
            "hash": questionnaire_hash(model),
        },
        "organisation": "Bench Rides LLC",
        "respondents": [{"name": "Bench Respondent", "role": "DPO"}],
        "created": "2025-01-01T09:00:00+00:00",
        "updated": "2025-01-02T09:00:00+00:00",
        "answers": answers,
    }


def write_inputs(root: Path) -> tuple[Path, Path]:
    """Write the questionnaire and its answers file; return their paths."""
    data = synthetic_questionnaire(150)
    questionnaire = root / "questionnaire-150.yaml"
    questionnaire.write_text(dump_yaml(data), encoding="utf-8")
    answers = root / "answers-150.yaml"
    answers.write_text(dump_yaml(synthetic_answers(data)), encoding="utf-8")
    return questionnaire, answers


def main(argv: list[str] | None = None) -> int:
    """Generate the inputs, time every command, print the tables; 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__)
    parser.add_argument("--runs", type=int, default=10, help="timed runs of every command")
    parser.add_argument(
        "--json",
        nargs="?",
        const="",
        metavar="PATH",
        help="also write the results as JSON (default bench/results/report.json)",
    )
    args = parser.parse_args(argv)
    hrdd = tool("hrdd", module="hrdd")

    with tempfile.TemporaryDirectory(prefix="hrdd-bench-") as tmp:
        root = Path(tmp)
        questionnaire, answers = write_inputs(root)
        q = str(questionnaire)
        report = [*hrdd, "report", str(answers), "--questionnaire", q]
        timings: dict[str, Timing] = time_commands(
            [
                Command("hrdd validate 150q", [*hrdd, "validate", q]),
                Command(
                    "hrdd report markdown 150q",
                    [*report, "-f", "markdown", "-o", str(root / "report.md")],
                ),
                Command(
                    "hrdd report html 150q",
                    [*report, "-f", "html", "-o", str(root / "report.html")],
                ),
            ],
            runs=args.runs,
        )

    return finish("report", timings, TARGETS, {"inputs": {"questions": 150}}, args.json)


if __name__ == "__main__":
    sys.exit(main())
