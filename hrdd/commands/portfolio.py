"""`hrdd report DIR`: the portfolio overview, one row per answers file, one file at a time."""

from __future__ import annotations

import stat
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.errors import HrddError, UsageError

if TYPE_CHECKING:
    from hrdd.commands.score import Library
    from hrdd.report.portfolio import Pseudonyms, Row
    from hrdd.report.results import Words

KEY_MIN = 16
KEY_MAX = 4096
KEY_HINT = (
    "make one once with `head -c 32 /dev/urandom > FILE && chmod 600 FILE` and keep it "
    "outside the portfolio folder: the same key gives the same codes"
)


@dataclass(frozen=True)
class PortfolioOptions:
    """The options of `hrdd report DIR`, parsed."""

    folder: Path
    questionnaire: Path | None
    output_format: str
    profile: str
    day: str | None
    output: str
    pseudonymise: Path | None = None
    keep: tuple[str, ...] = ()
    quiet: bool = False
    """Say nothing on stderr about the file written."""


def read_key(path: Path) -> bytes:
    """Read the pseudonym key: a regular file of 16 to 4,096 bytes. Raises UsageError."""
    from hrdd.atomic import file_kind

    where = f"--pseudonymise {path}"
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UsageError(f"{where}: no such key file; {KEY_HINT}") from None
    except OSError as exc:
        raise UsageError(f"{where}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{where}: this is {file_kind(info.st_mode)}, not a key file; {KEY_HINT}")
    if not KEY_MIN <= info.st_size <= KEY_MAX:
        raise UsageError(
            f"{where}: a key file holds {KEY_MIN} to {KEY_MAX} bytes, this one "
            f"{info.st_size}; {KEY_HINT}"
        )
    try:
        return path.read_bytes()[:KEY_MAX]
    except OSError as exc:
        raise UsageError(f"{where}: {exc.strerror or exc}") from None


def _row(
    path: Path,
    folder: Path,
    library: Library,
    day: date,
    pseudonyms: Pseudonyms | None,
    findings: list[str],
) -> tuple[Row, tuple[Words, str] | None]:
    """Return the row of one answers file; an unreadable file gives a row with its finding.

    The file is named relative to the portfolio's folder.
    """
    from hrdd.answers.model import load_answers
    from hrdd.commands.score import carry_over
    from hrdd.diagnostics import format_finding
    from hrdd.report.portfolio import UNREADABLE, client_row, error_row
    from hrdd.report.results import Words
    from hrdd.safe_text import printable
    from hrdd.scoring.impacts.load import check_risk_answers

    try:
        shown_file = path.relative_to(folder).as_posix()
    except ValueError:
        shown_file = str(path)

    def failed(message: str, organisation: str | None = None) -> tuple[Row, None]:
        findings.append(message)
        first = printable(message.splitlines()[0]) if message else UNREADABLE
        more = len(message.splitlines()) - 1
        if more > 0 and not message.splitlines()[1].startswith(" "):
            first += f" (and {more} more line(s) on stderr)"
        if pseudonyms is not None:
            # A finding quotes the file's name and content: neither goes into the overview.
            name = pseudonyms.code(organisation or f"file:{path.name}")
            first = "see the findings on stderr"
        else:
            name = organisation or f"({path.name})"
        return error_row(name, shown_file, first), None

    try:
        answers, doc = load_answers(path)
        model = library.for_answers(answers, doc.path)
    except HrddError as exc:
        return failed(str(exc))
    name = answers.organisation
    carried = carry_over(answers, doc, model, [])
    problems = check_risk_answers(carried, doc, model)
    if problems:
        return failed("\n".join(format_finding(d) for d in problems), name)
    result = model.score(carried, rank_gaps=False)
    shown = pseudonyms.code(name) if pseudonyms is not None else name
    row = client_row(model.questionnaire, result, carried, day=day, name=shown, file=shown_file)
    q = model.questionnaire
    return row, (Words(q), f"{q.id} {q.version}")


def build(options: PortfolioOptions) -> tuple[str, list[str]]:
    """Return the portfolio text and the findings of the files that could not be read."""
    from hrdd.commands.score import Library, collect_answer_files
    from hrdd.output.writer import check_not_input
    from hrdd.report.portfolio import Pseudonyms, build_portfolio, render_portfolio

    try:
        day = date.fromisoformat(options.day) if options.day else date.today()
    except ValueError:
        raise UsageError(f"--date {options.day}: not a date; give it as YYYY-MM-DD") from None
    pseudonyms = None
    if options.pseudonymise is not None:
        pseudonyms = Pseudonyms(read_key(options.pseudonymise), frozenset(options.keep))
    elif options.keep:
        raise UsageError("--keep names an organisation to leave as it is under --pseudonymise")
    files = collect_answer_files([options.folder])
    check_not_input(options.output, files, "an answers file of the portfolio")
    if options.pseudonymise is not None:
        check_not_input(options.output, [options.pseudonymise], "the pseudonym key")
    library = Library(explicit=options.questionnaire)
    rows: list[Row] = []
    words: Words | None = None
    findings: list[str] = []
    questionnaire = ""
    for path in files:
        row, found = _row(path, options.folder, library, day, pseudonyms, findings)
        rows.append(row)
        if found is not None and words is None:
            words, questionnaire = found
    portfolio = build_portfolio(
        rows,
        words,
        day=day,
        profile=options.profile,
        pseudonymised=pseudonyms is not None,
        questionnaire=questionnaire,
    )
    return render_portfolio(portfolio, options.output_format), findings


def run(options: PortfolioOptions) -> int:
    """Write the portfolio (mode 0600); findings of unreadable files to stderr, then exit 2."""
    from hrdd.output.writer import write_output

    text, findings = build(options)
    write_output(text, options.output, private=True)
    for finding in findings:
        print(finding, file=sys.stderr)
    if options.output != "-":
        from hrdd.git_exposure import exposure
        from hrdd.output.report import FORMATTERS, ReportOutput
        from hrdd.safe_text import printable

        if not options.quiet:
            shown = FORMATTERS.formatter(ReportOutput(options.output_format)).title
            print(f"hrdd: wrote {printable(options.output)} ({shown} portfolio)", file=sys.stderr)

        exposed = exposure(Path(options.output))
        if exposed is not None:
            print(f"warning: {exposed.warning()}", file=sys.stderr)
    if findings:
        print(
            f"hrdd: error: {len(findings)} answers file(s) could not be read; their rows say so",
            file=sys.stderr,
        )
        return 2
    return 0
