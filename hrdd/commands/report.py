"""`hrdd report`: load and score an answers file, render the report, write it safely."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.model import Answers, load_answers
from hrdd.diagnostics import Diagnostic, format_finding
from hrdd.errors import InputError, UsageError
from hrdd.output.writer import STDOUT, check_not_input
from hrdd.questionnaire.hashing import file_hash
from hrdd.report.context import ReportOptions
from hrdd.report.options import Profile, ReportFormat
from hrdd.report.render import render

if TYPE_CHECKING:
    from hrdd.output.report import ReportFormatter, ReportOutput
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
    appendix: bool = True,
    command_format: str | None = None,
) -> Report:
    """Load, check and score ``answers_path``, then render its report.

    ``appendix`` False leaves out the technical appendix (format-2 questionnaires only);
    ``command_format`` is the ``--format`` the regenerate line names (``pdf`` prints the HTML).

    Raises UsageError when ``output`` is the answers file or the questionnaire, InputError
    when the answers cannot be read or do not fit their questionnaire, and TemplateError when
    a template fails.
    """
    from hrdd.commands.score import Library

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
        output_format=command_format or output_format.value,
    )
    return _impact_report(
        scorer, answers, doc, options, q_path, output_format, template_dir, appendix
    )


def _impact_report(
    model: RiskModel,
    answers: Answers,
    doc: Document,
    options: ReportOptions,
    q_path: Path | None,
    output_format: ReportFormat,
    template_dir: Path | None,
    appendix: bool,
) -> Report:
    """Render the report of an answers file: carried over, checked, scored, laid out."""
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
    context = build_impact_report(
        model.questionnaire,
        result,
        answers,
        options,
        q_hash,
        appendix=appendix,
        index=model.engine.index,
    )
    return Report(render(context, output_format, template_dir), warnings)


@dataclass(frozen=True)
class ReportRequest:
    """The options of `hrdd report`, parsed."""

    answers: Path
    """An answers file, or a folder of them (the portfolio)."""
    questionnaire: Path | None
    output_format: ReportOutput
    profile: Profile
    template_dir: Path | None
    report_date: str | None
    output: str
    appendix: bool = True
    browser: Path | None = None
    quiet: bool = False
    """Say nothing on stderr about the file written."""
    pseudonymise: Path | None = None
    keep: tuple[str, ...] = ()


def run(request: ReportRequest) -> int:
    """Run `hrdd report`: warnings to stderr, the report (mode 0600) to ``request.output``; 0.

    Writing to a file, it says on stderr what it wrote (unless ``quiet``). PDF is the HTML
    printed by a headless Chromium; it goes to stdout only when stdout is not a terminal.
    A folder gives the portfolio overview (`hrdd.commands.portfolio`) instead.
    """
    from hrdd.output.report import FORMATTERS
    from hrdd.output.writer import write_output, write_warnings

    formatter = FORMATTERS.formatter(request.output_format)
    if request.answers.is_dir():
        return _portfolio(request, formatter)
    if request.pseudonymise is not None or request.keep:
        raise UsageError(
            "--pseudonymise and --keep apply to a portfolio (a folder of answers files); "
            "a single report names its own organisation"
        )
    formatter.check(request.output, request.browser)
    report = build_report(
        request.answers,
        request.questionnaire,
        output_format=formatter.templates,
        profile=request.profile,
        template_dir=request.template_dir,
        report_date=request.report_date,
        output=request.output,
        appendix=request.appendix,
        command_format=request.output_format.value,
    )
    write_warnings(report.warnings)
    finished = formatter.finish(report.text)
    write_output(finished.data, request.output, private=True)
    if finished.warning is not None:
        print(f"warning: {finished.warning}", file=sys.stderr)
    if request.output != STDOUT:
        if not request.quiet:
            from hrdd.safe_text import printable

            print(f"hrdd: wrote {printable(request.output)} ({finished.what})", file=sys.stderr)
        from hrdd.git_exposure import exposure

        exposed = exposure(Path(request.output))
        if exposed is not None:
            print(f"warning: {exposed.warning()}", file=sys.stderr)
    return 0


def _portfolio(request: ReportRequest, formatter: ReportFormatter) -> int:
    """Write the portfolio overview of the answers files in the folder ``request.answers``."""
    from hrdd.commands import portfolio

    if not formatter.portfolio or request.browser is not None or not request.appendix:
        raise UsageError(
            "--format pdf, --browser and --no-appendix apply to a single report, "
            "not to a portfolio (a folder of answers files)"
        )
    if request.template_dir is not None:
        raise UsageError("--template-dir applies to a single report, not to a portfolio")
    options = portfolio.PortfolioOptions(
        folder=request.answers,
        questionnaire=request.questionnaire,
        output_format=formatter.templates.value,
        profile=request.profile.value,
        day=request.report_date,
        output=request.output,
        pseudonymise=request.pseudonymise,
        keep=request.keep,
        quiet=request.quiet,
    )
    return portfolio.run(options)
