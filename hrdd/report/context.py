"""What the command line adds to a report's inputs: profile, date, the files' names and hashes.

The render context itself is built in one place, `hrdd.report.impact_report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hrdd.answers.model import Answers
from hrdd.report.options import Profile


@dataclass(frozen=True)
class ReportOptions:
    """What the command line adds to the inputs: profile, date and the files' names and hashes."""

    profile: Profile = Profile.INTERNAL
    report_date: str | None = None
    answers_file: str = "answers.yaml"
    answers_hash: str = ""
    questionnaire_file: str | None = None
    output_format: str = "markdown"


def report_date(answers: Answers, options: ReportOptions) -> str:
    """Return the report's date: ``--date`` when given, else the day the answers last changed."""
    if options.report_date:
        return date.fromisoformat(options.report_date).isoformat()
    return answers.updated[:10]
