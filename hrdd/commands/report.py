"""`hrdd report`: load and score an answers file, render the report, write it safely."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.check import check_answers
from hrdd.answers.model import Answers, load_answers
from hrdd.diagnostics import Diagnostic, Severity, format_finding
from hrdd.errors import InputError, UsageError
from hrdd.output.writer import STDOUT, check_not_input
from hrdd.questionnaire.hashing import file_hash
from hrdd.report.context import ReportOptions, build_context
from hrdd.report.options import Profile, ReportFormat
from hrdd.report.render import render

if TYPE_CHECKING:
    from hrdd.questionnaire.loading import Document
    from hrdd.scoring.impacts.load import RiskModel


@dataclass(frozen=True)
class Report:
    """A rendered report and the warnings about its answers file."""

    text: str
    warnings: list[Diagnostic]


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"--date {value}: not a date; give it as YYYY-MM-DD") from None


def build_report(
    answers_path: Path,
    questionnaire: Path | None = None,
    *,
    output_format: ReportFormat = ReportFormat.MARKDOWN,
    profile: Profile = Profile.INTERNAL,
    template_dir: Path | None = None,
    report_date: str | None = None,
    output: str = STDOUT,
) -> Report:
    """Load, check and score ``answers_path``, then render its report.

    Raises UsageError when ``output`` is the answers file or the questionnaire, InputError
    when the answers cannot be read or do not fit their questionnaire, and TemplateError when
    a template fails.
    """
    from hrdd.commands.score import Library
    from hrdd.scoring import Scorer

    when = _check_date(report_date)
    if template_dir is not None and not template_dir.is_dir():
        raise UsageError(f"--template-dir {template_dir}: not a folder")
    check_not_input(output, [answers_path], "the answers file")
    answers, doc = load_answers(answers_path)
    library = Library(explicit=questionnaire)
    scorer = library.for_answers(answers, doc.path)
    q_path = questionnaire or library.bundled_ids().get(answers.questionnaire.id)
    if q_path is not None:
        check_not_input(output, [q_path], "the questionnaire")
    options = ReportOptions(
        profile=profile,
        report_date=when,
        answers_file=answers_path.name,
        answers_hash=file_hash(doc.raw),
        questionnaire_file=questionnaire.name if questionnaire is not None else None,
        output_format=output_format.value,
    )
    if not isinstance(scorer, Scorer):
        return _impact_report(scorer, answers, doc, options, q_path, output_format, template_dir)
    found = check_answers(answers, doc, scorer.questionnaire, scorer.compiled)
    errors = [format_finding(d) for d in found if d.severity is Severity.ERROR]
    if errors:
        raise InputError("\n".join(errors))
    # The report's date is the engine's reference date, so an acceptance the report calls
    # expired is one the residual no longer honours.
    assessment = scorer.assess(answers, date.fromisoformat(when) if when else None)
    context = build_context(scorer.questionnaire, answers, assessment, options)
    text = render(context, output_format, template_dir)
    warnings = [d for d in found if d.severity is Severity.WARNING]
    return Report(text, warnings)


def _impact_report(
    model: RiskModel,
    answers: Answers,
    doc: Document,
    options: ReportOptions,
    q_path: Path | None,
    output_format: ReportFormat,
    template_dir: Path | None,
) -> Report:
    """Render the report of an answers file to a format-2 questionnaire (the risk model)."""
    from hrdd.commands.score import carry_over
    from hrdd.report.impact_report import build_impact_report
    from hrdd.scoring.impacts.load import check_risk_answers

    warnings: list[Diagnostic] = []
    answers = carry_over(answers, doc, model, warnings)
    found = check_risk_answers(answers, doc, model)
    if found:
        raise InputError("\n".join(format_finding(d) for d in found))
    # Ranked find-out items, as `hrdd score` gives them for a single file.
    result = model.score(answers, rank_gaps=True)
    q_hash = file_hash(q_path.read_bytes()) if q_path is not None else ""
    context = build_impact_report(model.questionnaire, result, answers, options, q_hash)
    return Report(render(context, output_format, template_dir), warnings)


def run(
    answers_path: Path,
    questionnaire: Path | None,
    *,
    output_format: ReportFormat,
    profile: Profile,
    template_dir: Path | None,
    report_date: str | None,
    output: str,
    pseudonymise: Path | None = None,
    keep: tuple[str, ...] = (),
) -> int:
    """Run `hrdd report`: warnings to stderr, the report (mode 0600) to ``output``; 0.

    A folder gives the portfolio overview (`hrdd.commands.portfolio`) instead.
    """
    from hrdd.output.writer import write_output, write_warnings

    if answers_path.is_dir():
        return _portfolio(
            answers_path,
            questionnaire,
            output_format=output_format,
            profile=profile,
            template_dir=template_dir,
            report_date=report_date,
            output=output,
            pseudonymise=pseudonymise,
            keep=keep,
        )
    if pseudonymise is not None or keep:
        raise UsageError(
            "--pseudonymise and --keep apply to a portfolio (a folder of answers files); "
            "a single report names its own organisation"
        )
    report = build_report(
        answers_path,
        questionnaire,
        output_format=output_format,
        profile=profile,
        template_dir=template_dir,
        report_date=report_date,
        output=output,
    )
    write_warnings(report.warnings)
    write_output(report.text, output, private=True)
    if output != "-":
        from hrdd.git_exposure import exposure

        exposed = exposure(Path(output))
        if exposed is not None:
            print(f"warning: {exposed.warning()}", file=sys.stderr)
    return 0


def _portfolio(
    folder: Path,
    questionnaire: Path | None,
    *,
    output_format: ReportFormat,
    profile: Profile,
    template_dir: Path | None,
    report_date: str | None,
    output: str,
    pseudonymise: Path | None,
    keep: tuple[str, ...],
) -> int:
    """Write the portfolio overview of the answers files in ``folder``."""
    from hrdd.commands import portfolio

    if template_dir is not None:
        raise UsageError("--template-dir applies to a single report, not to a portfolio")
    options = portfolio.PortfolioOptions(
        folder=folder,
        questionnaire=questionnaire,
        output_format=output_format.value,
        profile=profile.value,
        day=report_date,
        output=output,
        pseudonymise=pseudonymise,
        keep=keep,
    )
    return portfolio.run(options)
