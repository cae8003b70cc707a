"""The command-line interface: parse options, call one core function, write, pick the exit code.

Exit codes: 0 success; 1 findings (invalid file, failed test, risk at or over ``--fail-on``);
2 usage or input error; 3 an unexpected crash (a bug: please report it); 130 interrupted;
141 the reader of stdout went away (``hrdd ... | head``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from hrdd import __version__
from hrdd.commands.schema import SchemaKind
from hrdd.errors import HrddError, OutputClosedError, UsageError
from hrdd.output.diff import DiffFormat
from hrdd.output.report import ReportOutput
from hrdd.output.score import ScoreFormat
from hrdd.output.test import TestFormat
from hrdd.output.validate import OutputFormat
from hrdd.report.options import Profile

app = typer.Typer(
    name="hrdd",
    help=(
        "Human-rights due diligence for ICT companies exposed to Belarus Decree No. 368.\n\n"
        "Exit codes: 0 success; 1 findings (invalid file, failed test, risk at or over "
        "--fail-on); 2 usage or input error."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

ExitCode = int


# Every path parameter says readable=False: hrdd reports a file it cannot read itself, as a
# finding at that file while the others are checked, where click would end the whole run.
def _path_argument(metavar: str, help: str) -> Any:
    """Declare a path argument: read by hrdd itself, shown as ``metavar``, no default shown."""
    return typer.Argument(readable=False, metavar=metavar, help=help, show_default=False)


def _path_option(*flags: str, metavar: str, help: str) -> Any:
    """Declare a path option, read by hrdd itself."""
    return typer.Option(*flags, readable=False, metavar=metavar, help=help)


# Options that several commands share, declared once so their flags stay the same; each
# command's help says what the option means there.
def _questionnaire(help: str, *, readable: bool = False) -> Any:
    """Declare ``--questionnaire FILE``; ``readable`` lets click refuse an unreadable file."""
    return typer.Option("--questionnaire", "-q", readable=readable, metavar="FILE", help=help)


def _output(help: str) -> Any:
    """Declare ``--output FILE`` (a path, read by hrdd itself, where the parameter is one)."""
    return _path_option("--output", "-o", metavar="FILE", help=help)


def _date(help: str) -> Any:
    """Declare ``--date YYYY-MM-DD``."""
    return typer.Option("--date", metavar="YYYY-MM-DD", help=help)


def _input(help: str) -> Any:
    """Declare ``--input/--no-input``, whose default (a terminal or not) the help explains."""
    return typer.Option("--input/--no-input", help=help, show_default=False)


def _required(flag: str, metavar: str, help: str) -> Any:
    """Declare a text option that hrdd itself requires: its default "" means not given.

    Not click's ``required``, which would let ``--name ""`` through: the command refuses a
    missing and an empty value alike, in its own words (exit code 2). The help ends in
    "(required)".
    """
    return typer.Option(flag, metavar=metavar, help=f"{help} (required).")


def _answers(help: str) -> Any:
    """Declare the ``ANSWERS`` argument of the commands that read answers files or folders."""
    return _path_argument("ANSWERS", help)


FORMAT = typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
OUTPUT = _output("Write to FILE (atomically); - is stdout.")
QUESTIONNAIRE = _questionnaire(
    "Questionnaire the answers were given to. Default: the bundled one whose id the "
    "answers file names."
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hrdd {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Human-rights due diligence for ICT companies exposed to Belarus Decree No. 368."""


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        _path_argument(
            "PATH",
            "Questionnaire files or folders (searched recursively for *.yaml and *.yml, "
            "skipping hidden folders and <name>.tests folders). Default: the bundled "
            "questionnaires.",
        ),
    ] = None,
    output_format: Annotated[OutputFormat, FORMAT] = OutputFormat.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output: Annotated[str, OUTPUT] = "-",
) -> ExitCode:
    """Check questionnaire files: YAML, format, conditions, references and scoring bands.

    Findings are written to stdout (or --output) in the chosen format.

    Exit codes: 0 every file is valid (warnings allowed unless --strict); 1 findings: an
    error in some file, or a warning with --strict; 2 usage error, or a file that cannot be
    read (missing, a folder, binary, not UTF-8).
    """
    from hrdd.commands import validate

    return validate.run(paths or [], output_format, strict=strict, output=output)


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file format to describe.")],
    output: Annotated[str, OUTPUT] = "-",
) -> ExitCode:
    """Print the JSON Schema (draft 2020-12) of a file format, for editors and CI.

    Point YAML editors at it with a first line such as
    `# yaml-language-server: $schema=questionnaire.schema.json`.

    Exit codes: 0 the schema was written; 2 usage error, or the output file cannot be
    written.
    """
    from hrdd.commands import schema

    return schema.run(kind, output)


@app.command()
def score(
    answers: Annotated[
        list[Path],
        _answers(
            "Answers files, or folders of them (searched for *.yaml and *.yml). Several "
            "files give one row per file."
        ),
    ],
    questionnaire: Annotated[Path | None, QUESTIONNAIRE] = None,
    output_format: Annotated[ScoreFormat, FORMAT] = ScoreFormat.TABLE,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show what drives every figure.")
    ] = False,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="BAND",
            help="Exit 1 when any area's residual band reaches this band id (e.g. high; "
            "the questionnaire's own band ids).",
        ),
    ] = None,
    inherent: Annotated[
        bool,
        typer.Option("--inherent", help="Make --fail-on look at inherent bands, not residual."),
    ] = False,
    fail_on_expired: Annotated[
        bool,
        typer.Option(
            "--fail-on-expired", help="Exit 1 when a declined item is past its review date."
        ),
    ] = False,
    fail_on_overdue: Annotated[
        bool,
        typer.Option("--fail-on-overdue", help="Exit 1 when an open item is past its due date."),
    ] = False,
    gate_date: Annotated[
        str | None,
        _date(
            "The day --fail-on-expired and --fail-on-overdue judge by. Default: today. "
            "The ratings keep their own reference date."
        ),
    ] = None,
) -> ExitCode:
    """Score answers files: severity, likelihood, inherent and residual bands, the plan.

    Warnings about the answers (a changed questionnaire, answers that no longer apply) go
    to stderr; the result goes to stdout. The lifecycle gates report each expired decline
    or overdue item as a finding (file:line:col) on stderr.

    Exit codes: 0 scored; 1 a band reaches --fail-on, or a lifecycle gate finds something;
    2 usage error, or an answers file that cannot be read or does not fit its questionnaire
    (each error as file:line:col).
    """
    from hrdd.commands import score

    gates = score.make_gates(fail_on_expired, fail_on_overdue, gate_date)
    return score.run(
        answers,
        questionnaire,
        output_format,
        explain=explain,
        fail_on=fail_on,
        inherent=inherent,
        gates=gates,
    )


@app.command("test")
def test_questionnaires(
    questionnaires: Annotated[
        list[Path] | None,
        _path_argument(
            "QUESTIONNAIRE",
            "Questionnaire files whose <stem>.tests/*.yaml cases to run. Default: the "
            "bundled questionnaires.",
        ),
    ] = None,
    output_format: Annotated[TestFormat, FORMAT] = TestFormat.TEXT,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help="Report the options, questions, rules and mitigations no case reaches.",
        ),
    ] = False,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage",
            metavar="N",
            min=0,
            max=100,
            help="Fail under N percent of the options reached (don't know included).",
        ),
    ] = None,
) -> ExitCode:
    """Run questionnaire test cases: answers in, expected bands and mitigations out.

    Each case prints PASS or FAIL with the differences (area: expected critical, got high).

    Exit codes: 0 every case passed (and coverage is met); 1 a case failed or option
    coverage is under --min-coverage; 2 usage error, or a questionnaire or case file that
    cannot be used (each error as file:line:col).
    """
    from hrdd.commands import test

    return test.run(
        questionnaires or [], output_format, coverage=coverage, min_coverage=min_coverage
    )


@app.command()
def assess(
    questionnaire: Annotated[
        Path | None,
        _path_argument(
            "[QUESTIONNAIRE]", "Questionnaire file. Default: the bundled Decree 368 questionnaire."
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        _path_option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Answers file to create or resume. Default: hrdd-answers-<questionnaire "
            "id>.yaml in the current folder.",
        ),
    ] = None,
    respondent: Annotated[
        str | None,
        typer.Option("--respondent", "-r", metavar="NAME", help="Who is answering (recorded)."),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            help="The respondent's role; without --respondent, recorded instead of a name.",
        ),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option("--org", metavar="NAME", help="Organisation assessed (new files)."),
    ] = None,
    interactive: Annotated[
        bool | None,
        _input(
            "Prompt, or never prompt (exit 2 listing the missing questions). Default: "
            "prompt only when stdin and stdout are terminals."
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", metavar="CODE", help="Language of the questions, e.g. ru."),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", help="With --no-input: print no results, only findings; the exit code tells."
        ),
    ] = False,
) -> ExitCode:
    """Answer a questionnaire in the terminal; every answer is saved at once.

    Run the same command again to resume where you stopped. Keys: Ctrl-B back, Ctrl-G go
    to, Ctrl-N note, Ctrl-E evidence, Ctrl-R review, F1 or ? help, Ctrl-C or Ctrl-D save
    and quit. See docs/assess.md.

    One sitting at a time: while a sitting runs, another on the same answers file is
    refused (reading with --no-input, score or report is not).

    Exit codes: 0 finished (or saved and quit with Ctrl-D); 2 usage or input error, another
    sitting holds the answers file, or with --no-input some applicable questions are
    unanswered (listed on stderr); 130 interrupted with Ctrl-C (answers saved).
    """
    from hrdd.commands import assess

    return assess.run(
        assess.AssessOptions(
            questionnaire=questionnaire,
            answers=answers,
            respondent=respondent,
            role=role,
            organisation=org,
            interactive=interactive,
            language=lang,
            quiet=quiet,
        )
    )


@app.command()
def report(
    answers: Annotated[
        Path,
        _answers(
            "The answers file to report on; a folder of them gives the portfolio "
            "overview, one row per client."
        ),
    ],
    questionnaire: Annotated[Path | None, QUESTIONNAIRE] = None,
    output_format: Annotated[ReportOutput, FORMAT] = ReportOutput.MARKDOWN,
    output: Annotated[str, OUTPUT] = "-",
    profile: Annotated[
        Profile,
        typer.Option(
            "--profile",
            case_sensitive=False,
            help="internal: everything; shareable: without notes, evidence, respondent names "
            "and what the questionnaire marks internal.",
        ),
    ] = Profile.INTERNAL,
    template_dir: Annotated[
        Path | None,
        _path_option(
            "--template-dir",
            metavar="DIR",
            help="Templates that override the bundled ones (rendered in a sandbox).",
        ),
    ] = None,
    report_date: Annotated[
        str | None,
        _date(
            "Date printed on the report. Default: the day the answers file was last "
            "updated, so the same inputs give the same report; for a portfolio, today (the "
            "day overdue items and sign-offs are judged by)."
        ),
    ] = None,
    pseudonymise: Annotated[
        Path | None,
        _path_option(
            "--pseudonymise",
            metavar="KEYFILE",
            help="Portfolio only: replace organisation names with stable codes, an HMAC of "
            "the name under the key in KEYFILE (16 to 4,096 bytes you keep).",
        ),
    ] = None,
    keep: Annotated[
        list[str] | None,
        typer.Option(
            "--keep",
            metavar="NAME",
            help="With --pseudonymise: leave this organisation's name as it is (repeat for "
            "more), e.g. the client the overview is for.",
        ),
    ] = None,
    appendix: Annotated[
        bool,
        typer.Option(
            "--appendix/--no-appendix",
            help="Include the technical appendix (method, vectors, hashes, every answer); "
            "format-2 questionnaires only.",
        ),
    ] = True,
    browser: Annotated[
        Path | None,
        _path_option(
            "--browser",
            metavar="PATH",
            help="The Chromium that prints --format pdf. Default: chromium, "
            "chromium-browser or google-chrome on PATH.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="Do not say on stderr what was written.")
    ] = False,
) -> ExitCode:
    """Render the mitigation report of an answers file: Markdown, self-contained HTML or PDF.

    The report states the questionnaire and answers-file hashes and the hrdd version, so the
    same command reproduces it byte for byte (PDF: the same text and pages). PDF is the HTML
    printed by a headless Chromium with no network. Warnings about the answers, and what was
    written to a file, go to stderr.

    A folder gives the portfolio: one row per answers file (headline, worst scenario, data
    gaps, open and overdue plan items, sign-off), in sections by headline band, then every
    client by name. A file that cannot be read gets a row saying so; its findings go to
    stderr and the exit code is 2.

    Exit codes: 0 written; 2 usage or input error (an unreadable answers file, -o naming the
    answers file or the questionnaire, a template error with its template and line, no
    Chromium for --format pdf or a failed print).
    """
    from hrdd.commands import report

    request = report.ReportRequest(
        answers=answers,
        questionnaire=questionnaire,
        output_format=output_format,
        profile=profile,
        template_dir=template_dir,
        report_date=report_date,
        output=output,
        appendix=appendix,
        browser=browser,
        quiet=quiet,
        pseudonymise=pseudonymise,
        keep=tuple(keep or ()),
    )
    return report.run(request)


@app.command()
def diff(
    old: Annotated[
        Path,
        _path_argument("OLD", "The earlier answers file."),
    ],
    new: Annotated[
        Path,
        _path_argument("NEW", "The later answers file."),
    ],
    questionnaire: Annotated[
        Path | None,
        _questionnaire(
            "Questionnaire both files are rated with. Default: the bundled one whose id NEW names."
        ),
    ] = None,
    old_questionnaire: Annotated[
        Path | None,
        _path_option(
            "--old-questionnaire",
            metavar="FILE",
            help="The questionnaire version OLD was answered to, when it is another: its "
            "questions tell new questions apart from ones OLD left unanswered.",
        ),
    ] = None,
    output_format: Annotated[DiffFormat, FORMAT] = DiffFormat.TEXT,
    output: Annotated[str, OUTPUT] = "-",
    day: Annotated[
        str | None,
        _date("The day overdue items and reviews due are judged by. Default: today."),
    ] = None,
    fail_on_worse: Annotated[
        bool,
        typer.Option(
            "--fail-on-worse",
            help="Exit 1 when a rating got worse from the answers (not from a new "
            "questionnaire or method).",
        ),
    ] = False,
) -> ExitCode:
    """Show what changed between two assessments of one organisation.

    Changed answers (who and when), moved ratings of impacts and scenarios (inherent and
    residual), plan items opened, closed, dropped, declined or overdue, and reviews due.
    OLD is carried over to NEW's questionnaire version and both are rated with it; where
    OLD has a sign-off snapshot, moves that come from the questionnaire or method version
    are labelled as such.

    Exit codes: 0 compared; 1 with --fail-on-worse, a rating got worse from the answers;
    2 usage or input error (the same file twice, two organisations, a file that cannot be
    read or does not fit its questionnaire).
    """
    from hrdd.commands import diff as diff_command

    options = diff_command.DiffOptions(
        old=old,
        new=new,
        questionnaire=questionnaire,
        old_questionnaire=old_questionnaire,
        day=day,
        output=output,
    )
    return diff_command.run(options, output_format, fail_on_worse=fail_on_worse)


answers_app = typer.Typer(
    name="answers",
    help="Answer without the dialogue: write a skeleton answers file, check one.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(answers_app)


@answers_app.command("new")
def answers_new(
    questionnaire: Annotated[
        Path | None,
        typer.Argument(
            help="Questionnaire file. Default: the bundled Decree 368 questionnaire.",
            metavar="[QUESTIONNAIRE]",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str,
        _output("The new answers file (atomically, mode 0600; never overwritten); - is stdout."),
    ] = "-",
    org: Annotated[str, _required("--org", "NAME", "Organisation assessed")] = "",
) -> ExitCode:
    """Write a skeleton answers file to fill in an editor.

    The file has the questionnaire's id, version and hash, and every question as a
    commented block (text, type, options, help, condition).

    Exit codes: 0 written; 2 usage or input error (no --org, an existing FILE, an invalid
    questionnaire).
    """
    from hrdd.catalog import default_questionnaire
    from hrdd.commands.answers import write_new
    from hrdd.dialogue.session import utc_now
    from hrdd.git_exposure import exposure

    text = write_new(questionnaire or default_questionnaire(), output, org, utc_now())
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    exposed = exposure(Path(output))
    if exposed is not None:
        typer.echo(f"warning: {exposed.warning()}", err=True)
    return 0


@answers_app.command("check")
def answers_check(
    answers: Annotated[
        list[Path],
        typer.Argument(
            help="Answers files, or folders of them (searched for *.yaml and *.yml).",
            metavar="ANSWERS",
            show_default=False,
        ),
    ],
    questionnaire: Annotated[
        Path | None,
        _questionnaire(
            "Questionnaire to check against. Default: the bundled one whose id the "
            "answers file names.",
            readable=True,
        ),
    ] = None,
) -> ExitCode:
    """Check answers files exactly as `hrdd score` does, without scoring.

    Findings go to stderr as `file:line:col: severity rule message`, as `hrdd score`
    prints them.

    Exit codes: 0 no errors (warnings allowed); 2 usage error, or an answers file that
    cannot be read or does not fit its questionnaire (each error as file:line:col).
    """
    from hrdd.commands.score import check_files
    from hrdd.output.writer import write_warnings

    write_warnings(check_files(answers, questionnaire).warnings)
    return 0


class _PlanGroup(TyperGroup):
    """`hrdd plan FILE` opens the plan; `hrdd plan set|decline FILE ...` change it directly."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Route `hrdd plan FILE [options]` to the hidden `open` command."""
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["open", *args]
        return super().parse_args(ctx, args)


plan_app = typer.Typer(
    name="plan",
    cls=_PlanGroup,
    help="The plan: owner, due date and status per item, declines, notes. `hrdd plan FILE` "
    "opens it in the terminal; `set` and `decline` change it without one.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(plan_app)

# The FILE argument of the commands that change one answers file: plan and signoff.
_ANSWERS_FILE = typer.Argument(help="The answers file.", metavar="FILE", show_default=False)
_PLAN_ITEM = typer.Argument(
    help="The plan item: a mitigation id, as `hrdd score` and the report list it.",
    metavar="ITEM",
    show_default=False,
)
_QUESTIONNAIRE = _questionnaire(
    "The questionnaire the answers were given to. Default: the bundled one whose id "
    "the answers file names.",
    readable=True,
)
_BY = typer.Option("--by", metavar="NAME", help="Who makes the change (recorded; required).")


@plan_app.command("open", hidden=True)
def plan_open(
    answers: Annotated[Path, _ANSWERS_FILE],
    questionnaire: Annotated[Path | None, _QUESTIONNAIRE] = None,
    respondent: Annotated[
        str | None,
        typer.Option(
            "--respondent", "-r", metavar="NAME", help="Who makes the changes (recorded)."
        ),
    ] = None,
) -> ExitCode:
    """Open the plan of FILE in the terminal; every change is saved at once."""
    from hrdd.commands.plan import run_plan

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "hrdd plan FILE needs a terminal; without one use `plan set` or `plan decline`"
        )
    return run_plan(answers, questionnaire, respondent)


@plan_app.command("set")
def plan_set(
    answers: Annotated[Path, _ANSWERS_FILE],
    item: Annotated[str, _PLAN_ITEM],
    by: Annotated[str, _BY] = "",
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="NAME", help="Who is responsible.")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="YYYY-MM-DD", help="Target date.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", metavar="STATUS", help="planned, in_progress or done."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note.")] = None,
    questionnaire: Annotated[Path | None, _QUESTIONNAIRE] = None,
) -> ExitCode:
    """Set the owner, due date, status or note of one plan item, without a terminal.

    The change is saved at once with who made it (--by) and when, under the one-sitting
    lock. A status on a declined item ends the decline.

    Exit codes: 0 saved; 2 usage or input error (an unknown item, a bad date or status,
    an invalid answers file, another sitting holding the file).
    """
    from hrdd.commands.plan import run_set

    sys.stdout.write(
        run_set(answers, item, questionnaire, by=by, owner=owner, due=due, status=status, note=note)
    )
    return 0


@plan_app.command("decline")
def plan_decline(
    answers: Annotated[Path, _ANSWERS_FILE],
    item: Annotated[str, _PLAN_ITEM],
    reason: Annotated[str, _required("--reason", "TEXT", "Why it is declined")] = "",
    approver: Annotated[str, _required("--approver", "NAME", "Who approved it")] = "",
    review: Annotated[str, _required("--review", "YYYY-MM-DD", "When to review the decision")] = "",
    by: Annotated[str, _BY] = "",
    questionnaire: Annotated[Path | None, _QUESTIONNAIRE] = None,
) -> ExitCode:
    """Decline one plan item: reason, approver and review date are all required.

    Declining is not accepting harm: a declined item never lowers a rating, and the report
    says the risk remains.

    Exit codes: 0 saved; 2 usage or input error (a missing answer, an unknown item, a bad
    date, an invalid answers file, another sitting holding the file).
    """
    from hrdd.commands.plan import run_decline

    sys.stdout.write(
        run_decline(
            answers,
            item,
            questionnaire,
            by=by,
            reason=reason,
            approver=approver,
            review=review,
        )
    )
    return 0


@app.command()
def signoff(
    answers: Annotated[Path, _ANSWERS_FILE],
    name: Annotated[str, _required("--name", "NAME", "Who signs off")] = "",
    role: Annotated[str, _required("--role", "ROLE", "Their role")] = "",
    statement: Annotated[
        str | None,
        typer.Option("--statement", metavar="TEXT", help="What they attest to."),
    ] = None,
    questionnaire: Annotated[Path | None, _QUESTIONNAIRE] = None,
) -> ExitCode:
    """Record the sign-off of an assessment, with the fingerprint of what was signed.

    The fingerprint covers the answers and the decisions (declined items), not progress
    updates; a later change to them marks the sign-off stale in score and report.

    Exit codes: 0 signed; 2 usage or input error (an invalid answers file, another sitting
    holding the file).
    """
    from hrdd.commands.signoff import run_signoff
    from hrdd.dialogue.session import utc_now

    done, warnings = run_signoff(
        answers, questionnaire, name=name, role=role, statement=statement, now=utc_now()
    )
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    sys.stdout.write(done)
    return 0


@app.command()
def merge(
    files: Annotated[
        list[Path],
        _path_argument(
            "FILE...", "Answers files of the respondents, each answered separately (two or more)."
        ),
    ],
    output: Annotated[
        Path | None,
        _output("The merged answers file (required). An earlier merge there is resumed."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", metavar="NAME", help="Who resolves the disagreements (asked when missing)."
        ),
    ] = None,
    questionnaire: Annotated[Path | None, QUESTIONNAIRE] = None,
    interactive: Annotated[
        bool | None,
        _input(
            "Resolve disagreements in the terminal, or never prompt (write the agreed "
            "part, list the disagreements, exit 1). Default: prompt only in a terminal."
        ),
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Replace an existing output that is not an earlier merge, even one of FILE.",
        ),
    ] = False,
) -> ExitCode:
    """Merge answers files that respondents gave separately into one agreed file.

    Answers given alike are taken; disagreements ("don't know" against a value is one) are
    resolved one by one in the terminal, each with a reason, those that decide which other
    questions apply first. The merged file keeps every respondent's answer in the history
    and records who decided what and why. Ctrl-C keeps every decision; the same command
    resumes. See docs/assess.md.

    Exit codes: 0 every answer agreed or resolved; 1 disagreements left open (with
    --no-input: listed on stdout as findings); 2 usage or input error (an invalid file,
    files about other organisations or questionnaires, another sitting holding the output);
    130 interrupted with Ctrl-C (decisions so far saved).
    """
    from hrdd.commands import merge

    return merge.run(
        merge.MergeOptions(
            files=files,
            output=output,
            by=by,
            questionnaire=questionnaire,
            interactive=interactive,
            overwrite=overwrite,
        )
    )


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with its code; expected errors never show a traceback."""
    # Messages name files and quote their text (Cyrillic, mostly): in a terminal that cannot
    # show a character, it is written as an escape rather than ending hrdd with an error.
    # Results go to stdout as UTF-8 bytes (see write_stdout).
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code instead of exiting."""
    try:
        result = app(args=argv, prog_name="hrdd", standalone_mode=False)
    except (KeyboardInterrupt, typer.Abort):  # typer raises Abort for an EOF at a prompt
        print("\nhrdd: interrupted", file=sys.stderr)
        return 130
    except typer.TyperException as exc:
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            print(f"hrdd: error: {exc.format_message()}", file=sys.stderr)
        return 2 if exc.exit_code not in (0, 1) else exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except OutputClosedError:
        # The reader went away (`hrdd ... | head`): end quietly, as a shell's SIGPIPE would
        # (128 + 13), since 1 would say "findings". Later writes go nowhere.
        _discard_stdout()
        return OutputClosedError.exit_code
    except HrddError as exc:
        from hrdd.safe_text import printable

        print(f"hrdd: error: {printable(str(exc), newlines=True)}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        _discard_stdout()
        return OutputClosedError.exit_code
    except Exception as exc:  # noqa: BLE001 - the crash handler of last resort
        print(
            f"hrdd: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in hrdd. Please report it with the command you ran; "
            "set HRDD_TRACEBACK=1 to see the traceback.",
            file=sys.stderr,
        )
        import os

        if os.environ.get("HRDD_TRACEBACK"):
            raise
        return 3
    return result if isinstance(result, int) else 0


def _discard_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit does not fail again."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no file descriptor (an embedded stream)
        pass
