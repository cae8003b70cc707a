"""`hrdd assess`: load the questionnaire and answers, run the dialogue, show the results.

Every answer is saved the moment it is given (atomic write, mode 0600), so an interrupted
sitting loses nothing and the same command resumes it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.model import Answers, load_answers, save_answers
from hrdd.atomic import os_reason, real_path, target
from hrdd.catalog import default_questionnaire
from hrdd.errors import InputError, UsageError
from hrdd.output.writer import write_stdout, write_warnings
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.model import Question, text_in
from hrdd.safe_text import printable
from hrdd.scoring.loading import load_questionnaire_or_raise
from hrdd.values import StoredValue

if TYPE_CHECKING:
    from collections.abc import Callable

    from hrdd.dialogue.reconcile import Reconciled
    from hrdd.dialogue.session import Session
    from hrdd.scoring.impacts.format import RiskQuestionnaire
    from hrdd.sitting_lock import SittingLock

EXIT_MISSING = 2
"""Exit code of ``--no-input`` when applicable questions have no answer."""


@dataclass(frozen=True)
class AssessOptions:
    """The options of `hrdd assess`, as the CLI parsed them."""

    questionnaire: Path | None = None
    answers: Path | None = None
    respondent: str | None = None
    organisation: str | None = None
    role: str | None = None
    """The respondent's role; alone (no ``respondent``) it records the role without a name."""
    interactive: bool | None = None
    """True: prompt; False: never prompt; None: prompt only when stdin and stdout are TTYs."""
    language: str | None = None
    quiet: bool = False
    """With ``--no-input``: print no results table, only findings."""


def default_answers_path(questionnaire: RiskQuestionnaire, folder: Path | None = None) -> Path:
    """Return the answers file used when none is named: ``hrdd-answers-<id>.yaml`` here."""
    return (folder or Path.cwd()) / f"hrdd-answers-{questionnaire.id}.yaml"


def answers_target(path: Path) -> Path:
    """Return the real answers file behind ``path``: read, locked and replaced there.

    Through a symbolic link that is the file it names, so that a sitting on
    ``work/answers.yaml -> ../vault/answers.yaml`` saves into the vault (the link stays) and
    takes the same lock as one through any other link to it. Raises UsageError when ``path``
    names something that cannot hold an answers file: a folder, a device, a FIFO, a loop.
    """
    try:
        return target(path, devices=False).path
    except OSError as exc:
        raise UsageError(f"{path}: {os_reason(exc)}; name an answers file with --answers") from None


def report_command(path: Path, questionnaire: Path | None = None) -> str:
    """Return the command that renders the report of an answers file, runnable here."""
    from hrdd.invocation import command

    return command(
        "report", path, "--format", "html", "-o", "report.html", questionnaire=questionnaire
    )


def _value_fits(question: Question, value: StoredValue) -> bool:
    """Tell whether a stored value is still a valid answer to its question."""
    from hrdd.answers.check import value_problems

    return not value_problems(question, value)


def load_session(
    options: AssessOptions,
    *,
    before_reading: Callable[[Path], object] | None = None,
    place_new: Callable[[Path], Path] | None = None,
) -> tuple[Session, Path, Reconciled | None, bool]:
    """Load questionnaire and answers and build the session.

    ``place_new`` is called with the path of an answers file that does not exist yet and
    returns where to create it instead (the sitting asks when the path is exposed to git).
    ``before_reading`` is called with the answers path once it is known and before the file
    is read: the interactive sitting takes its lock there, so what it loads is current.
    With ``findings``, what `hrdd score` would say about an existing answers file (unknown
    questions or mitigations, a changed questionnaire...) is added to it.
    Returns the session, the answers path, what carrying answers over changed (None for a
    new file) and whether the file is new.
    """
    from hrdd.dialogue.reconcile import reconcile
    from hrdd.dialogue.session import Session, new_answers, utc_now

    q_path = options.questionnaire or default_questionnaire()
    questionnaire, _ = load_questionnaire_or_raise(q_path)
    compiled = CompiledQuestionnaire(questionnaire)
    language = options.language
    if language is not None and language not in questionnaire.languages:
        raise UsageError(
            f"--lang {language}: {q_path} is written in {', '.join(questionnaire.languages)}; "
            "choose one of them"
        )
    path = answers_target(options.answers or default_answers_path(questionnaire))
    if place_new is not None and not path.exists():
        path = place_new(path)
    if before_reading is not None:
        before_reading(path)
    reconciled: Reconciled | None = None
    is_new = not path.exists()
    if is_new:
        answers = new_answers(questionnaire, options.organisation or "-", utc_now())
    else:
        answers, doc = load_answers(path)
        if answers.questionnaire.id != questionnaire.id:
            raise InputError(
                f"{path}: answers are for questionnaire `{answers.questionnaire.id}`, not "
                f"`{questionnaire.id}` ({q_path}); name the right questionnaire or another "
                "--answers file"
            )
        if options.organisation and options.organisation != answers.organisation:
            raise UsageError(_org_mismatch(path, answers.organisation, options))
        answers, reconciled = reconcile(answers, questionnaire, _value_fits)
    session = Session(
        questionnaire,
        compiled,
        answers,
        respondent=options.respondent,
        role=options.role,
        language=language,
    )
    return session, path, reconciled, is_new


def _org_mismatch(path: Path, recorded: str, options: AssessOptions) -> str:
    """Explain why --org does not fit an existing answers file, and the two ways on."""
    from hrdd.invocation import command

    given = options.organisation or ""
    other = path.with_name(f"{path.stem}-{_slug(given)}{path.suffix or '.yaml'}")
    resume = command("assess", "--answers", path, questionnaire=options.questionnaire)
    start = command(
        "assess", "--answers", other, "--org", given, questionnaire=options.questionnaire
    )
    return (
        f"{path}: this answers file assesses `{recorded}`, but --org names `{given}`.\n"
        "--org only names the organisation of a new answers file; an existing file keeps "
        "the organisation it was started for, so its answers are never mixed with "
        "another's.\n"
        f"  To continue the assessment of `{recorded}`, leave --org out: {resume}\n"
        f"  To assess `{given}`, start a new file: {start}"
    )


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "other"


def run(options: AssessOptions) -> int:
    """Run `hrdd assess` and return its exit code."""
    interactive = options.interactive
    if interactive is None:
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if not interactive:
        return _no_input(options)
    if not sys.stdin.isatty():
        raise UsageError(
            "--input needs a terminal, but stdin is not one; run hrdd assess in a terminal, "
            "or use --no-input to check the answers file without prompting"
        )
    return _interactive(options)


def _missing_error(session: Session, path: Path, questionnaire: Path | None) -> InputError:
    from hrdd.invocation import command

    missing = session.pending()
    lines = [
        f"{path}: {len(missing)} applicable question(s) have no answer "
        "(or must be reviewed after a questionnaire change):"
    ]
    for qid in missing:
        flag = " [review]" if qid in session.answers.answers else ""
        lines.append(f"  {qid}: {session.text(session.questions[qid].text)}{flag}")
    again = command("assess", "--answers", path, questionnaire=questionnaire)
    lines.append(f"Answer them in a terminal with: {again}")
    return InputError("\n".join(lines))


def _no_input(options: AssessOptions) -> int:
    """Never prompt: show the results when complete, else list what is missing (exit 2).

    An existing file is first checked exactly as `hrdd score` checks it, so an invalid value
    or a wrong hash is reported with its file, line and column, not as a question to review.
    """
    _check_like_score(options)
    session, path, _reconciled, _is_new = load_session(options)
    if session.pending():
        raise _missing_error(session, path, options.questionnaire)
    if not options.quiet:
        write_stdout(
            results_text(session, path, width=100, questionnaire_path=options.questionnaire)
        )
    return 0


def _check_like_score(options: AssessOptions) -> None:
    """Report the findings `hrdd score` would: errors raise (exit 2), warnings on stderr."""
    from hrdd.commands.score import check_files

    q_path = options.questionnaire or default_questionnaire()
    if options.answers is not None:
        path = options.answers
    else:
        questionnaire, _ = load_questionnaire_or_raise(q_path)
        path = default_answers_path(questionnaire)
    if not path.is_file():
        return
    checked = check_files([path], q_path)
    write_warnings(checked.warnings)


def _interactive(options: AssessOptions) -> int:
    """Run one sitting while holding the answers file's lock (see hrdd.sitting_lock)."""
    from hrdd.dialogue.session import utc_now
    from hrdd.sitting_lock import acquire

    locks: list[SittingLock] = []

    def lock(path: Path) -> None:
        locks.append(
            acquire(
                path,
                respondent=options.respondent or options.role,
                started=utc_now(),
                questionnaire=options.questionnaire,
                command="assess",
            )
        )

    try:
        return _sitting(options, lock, locks)
    finally:
        for held in locks:
            held.release()


def _sitting(options: AssessOptions, lock: Callable[[Path], None], locks: list[SittingLock]) -> int:
    from hrdd.dialogue import prompts
    from hrdd.dialogue.screens import Dialogue, Outcome

    prompts.prepare_terminal()
    try:
        session, path, reconciled, is_new = load_session(
            options, before_reading=lock, place_new=_place_new
        )
    except KeyboardInterrupt:
        prompts.say("Nothing saved: no answers file was created.", "notice")
        return 130
    q = session.questionnaire
    prompts.say(text_in(q.title, session.language, q.default_language), "section")
    prompts.say(text_in(q.disclaimer, session.language, q.default_language), "notice")
    prompts.say("Answers file (saved after every answer):")
    prompts.say(f"  {path}")
    try:
        if session.respondent is None:
            from hrdd.dialogue.respondent import ask_respondent

            ask_respondent(session)
            for held in locks:
                held.update(respondent=session.respondent or "")
        if is_new and not options.organisation:
            from hrdd.dialogue.respondent import ask_line

            organisation = ask_line("Which organisation is assessed?")
            session.answers = session.answers.model_copy(update={"organisation": organisation})
    except KeyboardInterrupt:
        if is_new:
            prompts.say("Nothing saved: no answers file was created.", "notice")
        else:
            prompts.say(f"Nothing changed: {path} is as it was.", "notice")
        return 130
    save = _saver(path, q)
    save(session.answers)
    if reconciled is not None and reconciled.changed:
        _tell_reconciled(reconciled)
    done = session.progress()
    start = session.first()
    if is_new:
        prompts.say(_scope_line(session))
    elif start is None:
        prompts.say(f"All {done.applicable} applicable questions are answered.")
    else:
        section = session.section_by_question[start]
        prompts.say(
            f"Resuming: {done.answered} of {done.applicable} answered, about "
            f"{_minutes(done.applicable - done.answered)} to go; next: section "
            f'{session.text(section.title)}, question "{session.title(start)}"',
            "notice",
        )
    prompts.say(f"Keys: {prompts.FOOTER}", "muted")

    def switched(respondent: str) -> None:
        for held in locks:
            held.update(respondent=respondent)

    outcome = Dialogue(session, save, switched).run(start)
    done = session.progress()
    if outcome is Outcome.FINISHED:
        prompts.say("")
        write_stdout(
            results_text(session, path, width=_width(), questionnaire_path=options.questionnaire)
        )
        return 0
    prompts.say("")
    from hrdd.invocation import command

    prompts.say(
        f"Saved: {done.answered} of {done.applicable} answered in {path}. "
        "Run the same command to resume:",
        "notice",
    )
    resume = command("assess", "--answers", path, questionnaire=options.questionnaire)
    prompts.say(f"  {resume}", "notice", wrap=False)
    return 130 if outcome is Outcome.INTERRUPTED else 0


def _place_new(path: Path) -> Path:
    """Ask before creating an answers file that git would pick up; default: another place."""
    from hrdd.dialogue import prompts
    from hrdd.dialogue.respondent import ask_line
    from hrdd.git_exposure import exposure

    while (exposed := exposure(path)) is not None:
        prompts.say(f"Warning: {exposed.warning()}", "notice")
        choice = prompts.select(
            "Where should the answers file go?",
            [
                ("Choose another place (recommended)", "move"),
                ("Keep it here: I will keep it out of every commit", "keep"),
                ("Quit without creating it", "quit"),
            ],
            default="move",
            nav=False,
            footer=prompts.LIST_FOOTER,
        )
        if choice == "keep":
            return path
        if choice != "move":
            raise KeyboardInterrupt
        typed = ask_line("New answers file (a path outside the repository)")
        candidate = Path(typed).expanduser()
        if candidate.is_dir():
            candidate = candidate / path.name
        if candidate.exists():
            prompts.say(f"{candidate} exists already; name a new file.", "notice")
            continue
        if not candidate.parent.is_dir():
            prompts.say(f"{candidate.parent} is not a folder; name a file in one.", "notice")
            continue
        path = candidate
    return path


SECONDS_PER_QUESTION = 30
"""A rough pace for the time estimate: reading, choosing, now and then the help."""


def _minutes(questions: int) -> str:
    minutes = max(1, round(questions * SECONDS_PER_QUESTION / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _scope_line(session: Session) -> str:
    """Return what lies ahead: questions that apply now, how many more may, and the time."""
    applicable = session.progress().applicable
    total = len(session.questions)
    more = f" (your answers may open up to {total - applicable} more)" if total > applicable else ""
    return (
        f"{applicable} questions apply so far{more}, in {len(session.questionnaire.sections)} "
        f"sections: about {_minutes(applicable)}. Every answer is saved at once; stop at any "
        "time and run the same command to resume."
    )


def _width() -> int:
    import shutil

    return max(60, min(120, shutil.get_terminal_size((80, 24)).columns))


def _saver(path: Path, questionnaire: RiskQuestionnaire) -> Callable[[Answers], None]:
    def save(answers: Answers) -> None:
        save_answers(path, answers, questionnaire)

    return save


def _tell_reconciled(reconciled: Reconciled) -> None:
    from hrdd.dialogue import prompts

    prompts.say("The questionnaire changed since these answers were given:", "notice")
    prompts.say(f"  {len(reconciled.kept)} answer(s) carried over unchanged", "notice")
    prompts.say(
        f"  {len(reconciled.flagged)} answer(s) to review again (their question changed)",
        "notice",
    )
    _tell_retired(
        "answer(s) retired (their question was removed); kept in the file under `retired:`, "
        "not scored:",
        {qid: _plain_value(answer.value) for qid, answer in reconciled.retired.items()},
    )
    if reconciled.plan_kept:
        prompts.say(f"  {len(reconciled.plan_kept)} plan record(s) carried over", "notice")
    _tell_retired(
        "plan record(s) retired (their item was renamed, folded into another or dropped); "
        "kept under `retired_mitigations:`, not used:",
        {key: record.status.value for key, record in reconciled.plan_retired.items()},
    )


def _tell_retired(what: str, retired: dict[str, str]) -> None:
    """Say how many records were retired and what, then each one's key and value."""
    from hrdd.dialogue import prompts

    if not retired:
        return
    prompts.say(f"  {len(retired)} {what}", "notice")
    for key, value in retired.items():
        prompts.say(f"    {key}: {value}", "muted")


def _plain_value(value: StoredValue) -> str:
    """Return a stored value on one line: a list as its items joined by commas."""
    return printable(", ".join(value) if isinstance(value, list) else str(value))


def results_text(
    session: Session, path: Path, *, width: int, questionnaire_path: Path | None = None
) -> str:
    """Return the end-of-assessment summary: score table, top risks, data gaps, next step.

    The results view of `hrdd score` itself (`rated_results_text`), fitted to ``width``.
    """
    return rated_results_text(
        session.questionnaire,
        session.answers,
        path,
        width=width,
        questionnaire_path=questionnaire_path,
    )


def next_steps(path: Path, questionnaire: Path | None) -> str:
    """Return the next steps after an assessment: the plan, then the report, runnable here."""
    from hrdd.invocation import command

    plan = command("plan", path, questionnaire=questionnaire)
    return (
        "Next steps:\n"
        "  Set owners, due dates and decisions in the plan:\n"
        f"    {plan}\n"
        "  Render the report:\n"
        f"    {report_command(path, questionnaire)}\n"
    )


def rated_results_text(
    questionnaire: RiskQuestionnaire,
    answers: Answers,
    path: Path,
    *,
    width: int,
    questionnaire_path: Path | None = None,
) -> str:
    """Return the end of an assessment on a format-2 questionnaire: `hrdd score`'s view.

    The same renderer and the same scoring as a single-file `hrdd score` (data gaps ranked by
    what they move), so both name the same top risks in the same order.
    """
    from hrdd.output.results import RatedFile, table_text
    from hrdd.scoring.impacts.load import RiskModel

    shown = _shown_path(path)
    rated = RatedFile(
        path=str(shown),
        answers=answers,
        questionnaire=questionnaire,
        draft=RiskModel(questionnaire).rate(answers, rank_gaps=True),
    )
    text = table_text([rated], explain=False, width=width)
    return text + next_steps(path, questionnaire_path)


def _shown_path(path: Path) -> Path:
    """Return ``path`` relative to the current folder when it is inside it."""
    try:
        return real_path(path).relative_to(real_path(Path.cwd()))
    except ValueError:
        return path
