"""`hrdd score`: load answers files, pick their questionnaire, score, decide the exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.model import Answers, load_answers
from hrdd.atomic import real_path
from hrdd.catalog import bundled_questionnaires
from hrdd.diagnostics import Diagnostic, format_finding
from hrdd.errors import InputError, UsageError
from hrdd.output.results import RatedFile
from hrdd.questionnaire.loading import Document, few_collections
from hrdd.scoring.impacts.load import RiskModel, check_risk_answers
from hrdd.scoring.loading import load_questionnaire_or_raise

if TYPE_CHECKING:
    from hrdd.output.score import ScoreFormat


@dataclass
class Library:
    """Questionnaires parsed and compiled once each, found by path or by id."""

    explicit: Path | None = None
    _by_path: dict[Path, RiskModel] = field(default_factory=dict)
    _by_name: dict[Path, RiskModel] = field(default_factory=dict)
    _bundled_ids: dict[str, Path] | None = None

    def scorer(self, path: Path) -> RiskModel:
        """Return the risk model of the questionnaire at ``path``, loading it the first time.

        A path is resolved once: a portfolio asks for the same questionnaire once per file,
        and resolving it again (a system call per folder of the path) cost as much as
        checking the file's answers.
        """
        found = self._by_name.get(path)
        if found is not None:
            return found
        key = real_path(path)
        if key not in self._by_path:
            questionnaire, _ = load_questionnaire_or_raise(path)
            self._by_path[key] = RiskModel(questionnaire)
        self._by_name[path] = self._by_path[key]
        return self._by_path[key]

    def for_answers(self, answers: Answers, display: str) -> RiskModel:
        """Return the scorer for an answers file: --questionnaire, else the bundled one by id."""
        if self.explicit is not None:
            return self.scorer(self.explicit)
        wanted = answers.questionnaire.id
        path = self.bundled_ids().get(wanted)
        if path is None:
            known = ", ".join(sorted(self.bundled_ids())) or "none"
            raise UsageError(
                f"{display}: no bundled questionnaire has the id `{wanted}` (bundled: {known}); "
                "name its file with --questionnaire"
            )
        return self.scorer(path)

    def bundled_ids(self) -> dict[str, Path]:
        """Return the bundled questionnaires by id, loading each once."""
        if self._bundled_ids is None:
            self._bundled_ids = {}
            for path in bundled_questionnaires():
                scorer = self.scorer(path)
                self._bundled_ids.setdefault(scorer.questionnaire.id, path)
        return self._bundled_ids


@dataclass(frozen=True)
class ScoreRun:
    """What `hrdd score` computed: the scored files and the warnings to show on stderr."""

    warnings: list[Diagnostic]
    rated: list[RatedFile] = field(default_factory=list)
    """The answers files, scored by the risk model."""
    gates: list[Diagnostic] = field(default_factory=list)
    """Findings of the lifecycle gates (--fail-on-expired, --fail-on-overdue)."""


@dataclass(frozen=True)
class Gates:
    """The lifecycle gates of `hrdd score` and the day they judge by (never the ratings')."""

    day: date
    expired: bool = False
    overdue: bool = False


def make_gates(expired: bool, overdue: bool, day: str | None) -> Gates | None:
    """Return the gates the options ask for (None: none); ``day`` defaults to today."""
    if not (expired or overdue):
        if day is not None:
            raise UsageError(
                "--date only sets the day of --fail-on-expired and --fail-on-overdue (the "
                "ratings keep their own reference date); add one of them, or leave --date out"
            )
        return None
    try:
        when = date.fromisoformat(day) if day is not None else date.today()
    except ValueError:
        raise UsageError(f"--date {day}: not a date; give it as YYYY-MM-DD") from None
    return Gates(when, expired=expired, overdue=overdue)


def gate_findings(answers: Answers, doc: Document, gates: Gates) -> list[Diagnostic]:
    """Return declined items past their review date and open items past their due date."""
    from hrdd.answers.model import OPEN_STATUSES
    from hrdd.invocation import command

    day = gates.day.isoformat()
    found: list[Diagnostic] = []

    def gate(
        where: tuple[str, ...], rule: str, message: str, fix: str, verb: str, options: str
    ) -> None:
        # `fix` says what to do; `hrdd plan VERB FILE ITEM OPTIONS` does it.
        hint = f"{fix}: " + command("plan", verb, Path(doc.path), where[1]) + options
        found.append(doc.finding(where, rule, message, hint=hint))

    for item, record in answers.mitigations.items():
        review = record.review_date
        if gates.expired and record.is_declined and review is not None and review < day:
            key = "declined" if record.declined is not None else "accepted"
            gate(
                ("mitigations", item, key, "review" if key == "declined" else "expires"),
                "plan-expired",
                f"`{item}` was declined until {review}; on {day} the decision has expired "
                "and the item counts as recommended again",
                "decide again",
                "decline",
                " --by NAME --reason TEXT --approver NAME --review YYYY-MM-DD",
            )
        if gates.overdue and record.status in OPEN_STATUSES and record.due and record.due < day:
            gate(
                ("mitigations", item, "due"),
                "plan-overdue",
                f"`{item}` ({record.status.value}) was due on {record.due}; on {day} it is overdue",
                "agree a new date and escalate",
                "set",
                " --by NAME --due YYYY-MM-DD",
            )
    return found


def collect_answer_files(paths: Sequence[Path]) -> list[Path]:
    """Return the answers files named, with folders searched for *.yaml and *.yml."""
    from hrdd.commands.validate import collect_paths

    if not paths:
        raise UsageError("name at least one answers file or folder")
    return collect_paths(paths)


def score_files(
    paths: Sequence[Path], questionnaire: Path | None = None, gates: Gates | None = None
) -> ScoreRun:
    """Load, check and score every answers file; questionnaires are compiled once each.

    Raises InputError listing every error of every file (``file:line:col``) when any file
    cannot be scored.
    """
    library = Library(explicit=questionnaire)
    errors: list[str] = []
    warnings: list[Diagnostic] = []
    rated: list[RatedFile] = []
    gated: list[Diagnostic] = []
    found = collect_answer_files(paths)
    # Ranking each data gap by how far it moves a headline is for a single file only.
    single = len(found) == 1
    with few_collections() as keep:
        for path in found:
            done = _score_one(path, library, errors, warnings, rated, single=single)
            if done is not None and gates is not None:
                gated += gate_findings(*done, gates)
            keep()
    if errors:
        raise InputError("\n".join(errors))
    return ScoreRun(warnings, rated, gated)


@dataclass
class Portfolio:
    """The answers files of one `hrdd score` run, scored one at a time as they are read.

    Iterating yields each scored file in order and keeps none of them, so memory stays flat
    however many files there are; the questionnaires are loaded once, in ``library``. A
    file's warnings go to stderr as it is read, and its errors too: it is left out and the
    run goes on. Iterating again reads and scores the files again (a portfolio with
    ``--explain`` prints its table first), reporting nothing a second time.
    """

    found: list[Path]
    library: Library
    gates: Gates | None = None
    fail_on: str | None = None
    inherent: bool = False
    rated: int = 0
    """How many files were scored (on the first reading)."""
    failed_files: int = 0
    """How many files could not be scored."""
    failed: bool = False
    """Some impact's band reaches ``fail_on``."""
    gated: list[Diagnostic] = field(default_factory=list)
    """Findings of the lifecycle gates, shown after the results."""
    _readings: int = 0

    def __iter__(self) -> Iterator[RatedFile]:
        """Yield every file's results in order, reading and scoring one file at a time."""
        from hrdd.output.writer import write_warnings

        first = self._readings == 0
        self._readings += 1
        # Ranking each data gap by how far it moves a headline is for a single file only.
        single = len(self.found) == 1
        with few_collections():
            for path in self.found:
                errors: list[str] = []
                warnings: list[Diagnostic] = []
                rated: list[RatedFile] = []
                done = _score_one(path, self.library, errors, warnings, rated, single=single)
                if first:
                    write_warnings(warnings)
                    if errors:
                        self.failed_files += 1
                        _write_errors(errors)
                    if rated:
                        self.rated += 1
                        if fails_rated(rated, self.fail_on, inherent=self.inherent):
                            self.failed = True
                    if done is not None and rated and self.gates is not None:
                        self.gated += gate_findings(*done, self.gates)
                if rated:
                    yield rated[0]
                del rated, done


def _write_errors(errors: list[str]) -> None:
    from hrdd.safe_text import printable

    for error in errors:
        sys.stderr.write(printable(error, newlines=True) + "\n")
    sys.stderr.flush()


def check_files(paths: Sequence[Path], questionnaire: Path | None = None) -> ScoreRun:
    """Run exactly the checks of `hrdd score` on every file, without scoring.

    Returns the warnings (and no scored files); raises InputError listing every error of
    every file, as :func:`score_files` does.
    """
    library = Library(explicit=questionnaire)
    errors: list[str] = []
    warnings: list[Diagnostic] = []
    for path in collect_answer_files(paths):
        _score_one(path, library, errors, warnings, [], single=False, score=False)
    if errors:
        raise InputError("\n".join(errors))
    return ScoreRun(warnings)


def _score_one(
    path: Path,
    library: Library,
    errors: list[str],
    warnings: list[Diagnostic],
    rated: list[RatedFile],
    *,
    single: bool,
    score: bool = True,
) -> tuple[Answers, Document] | None:
    """Load, check and score one answers file into ``rated``.

    Its errors go to ``errors`` instead (and it returns None). Without ``score`` only the
    checks run. Returns the answers and their document when the file passed the checks.
    """
    try:
        answers, doc = load_answers(path)
    except InputError as exc:
        errors.append(str(exc))
        return None
    scorer = library.for_answers(answers, doc.path)
    answers = carry_over(answers, doc, scorer, warnings)
    problems = check_risk_answers(answers, doc, scorer)
    if problems:
        errors.extend(format_finding(d) for d in problems)
        return None
    if not score:
        return answers, doc
    rated.append(
        RatedFile(
            path=doc.path,
            answers=answers,
            questionnaire=scorer.questionnaire,
            draft=scorer.rate(answers, rank_gaps=single),
        )
    )
    return answers, doc


def carry_over(
    answers: Answers, doc: Document, model: RiskModel, warnings: list[Diagnostic]
) -> Answers:
    """Return answers given to another version of a format-2 questionnaire, carried over.

    The same reconciliation as resuming with `hrdd assess`, in memory only (the file is not
    written): answers to removed or split questions and plan records for items the
    questionnaire no longer has are set aside, so an old file never stops scoring because a
    question or mitigation was renamed; an answer that is no longer valid is scored as a data
    gap. One `answer-stale` warning says what was set aside; nothing in the file is lost.
    """
    from hrdd.answers.check import value_problems
    from hrdd.dialogue.reconcile import reconcile
    from hrdd.invocation import command

    q = model.questionnaire
    if answers.questionnaire.id != q.id or answers.questionnaire.version == q.version:
        # Another questionnaire is check_risk_answers' error; within one version an id that
        # is not a question is a typo to report, not an answer to set aside.
        return answers
    carried, done = reconcile(
        answers, q, lambda question, value: not value_problems(question, value)
    )
    if not done.changed:
        return answers
    invalid = [
        qid
        for qid in done.flagged
        if value_problems(model.questions[qid], carried.answers[qid].value)
    ]
    if invalid:
        kept = {qid: a for qid, a in carried.answers.items() if qid not in invalid}
        carried = carried.model_copy(update={"answers": kept})
    parts = [f"{len(done.kept)} answers carried over"]
    if done.flagged:
        parts.append(f"{len(done.flagged)} to review")
    if invalid:
        parts.append(
            "scored as unknown until answered again: " + ", ".join(f"`{i}`" for i in invalid)
        )
    if done.retired:
        parts.append("set aside (no longer asked): " + ", ".join(f"`{i}`" for i in done.retired))
    if done.plan_retired:
        parts.append(
            "plan records set aside (item no longer in the plan): "
            + ", ".join(f"`{k}`" for k in done.plan_retired)
        )
    warnings.append(
        doc.finding(
            ("questionnaire", "version"),
            "answer-stale",
            f"answers were given to `{answers.questionnaire.id}` "
            f"{answers.questionnaire.version}, scored against {q.version}: " + "; ".join(parts),
            hint=(
                f"resume with `{command('assess', '--answers', Path(doc.path))}` to review "
                "them; the file keeps every answer"
            ),
        )
    )
    return carried


def fails_rated(files: Sequence[RatedFile], level: str | None, *, inherent: bool) -> bool:
    """Tell whether any impact's residual (or inherent) band reaches ``level``.

    A residual with every scenario closed reaches nothing. ``level`` is a band id of the
    questionnaire's matrix, compared ignoring case; another is a usage error.
    """
    if level is None:
        return False
    failed = False
    for f in files:
        bands = [b.id.casefold() for b in f.questionnaire.matrix.bands]
        if level.casefold() not in bands:
            known = ", ".join(b.id for b in f.questionnaire.matrix.bands)
            raise UsageError(
                f"--fail-on {level}: `{f.questionnaire.id}` has no such band (bands: {known})"
            )
        threshold = bands.index(level.casefold())
        for impact in f.draft.bands:
            band = impact.band if inherent else impact.residual
            if band is not None and bands.index(band.casefold()) >= threshold:
                failed = True
    return failed


def run(
    paths: Sequence[Path],
    questionnaire: Path | None,
    output_format: ScoreFormat,
    *,
    explain: bool,
    fail_on: str | None,
    inherent: bool,
    gates: Gates | None = None,
) -> int:
    """Run `hrdd score`: warnings to stderr, the result to stdout; 1 when --fail-on is met.

    Files answered to a format-2 questionnaire are scored and printed one at a time (see
    `Portfolio`). With ``gates``, expired declines and overdue items are findings on stderr
    (exit 1), followed by the day they were judged by.
    """
    library = Library(explicit=questionnaire)
    found = collect_answer_files(paths)
    from hrdd.output.writer import write_stdout

    portfolio = Portfolio(found, library, gates, fail_on, inherent)
    from hrdd.output.score import FORMATTERS

    formatter = FORMATTERS.formatter(output_format)
    held: list[str] = []
    for chunk in formatter.stream_rated(portfolio, len(found), explain=explain):
        # Nothing is printed before a file is scored: a run whose every file fails prints
        # only its errors, as before.
        if not portfolio.rated:
            held.append(chunk)
            continue
        if held:
            chunk = "".join(held) + chunk
            held = []
        if chunk:
            write_stdout(chunk)
    failed = portfolio.failed
    if gates is not None:
        _write_gates(portfolio.gated, gates)
        failed = failed or bool(portfolio.gated)
    if portfolio.failed_files:
        raise InputError(
            f"{portfolio.failed_files} of {len(found)} answers files could not be scored "
            "(their errors are above); the others were scored"
            if portfolio.rated
            else f"no answers file could be scored ({portfolio.failed_files}; errors above)"
        )
    return 1 if failed else 0


def _write_gates(found: list[Diagnostic], gates: Gates) -> None:
    for finding in found:
        print(format_finding(finding), file=sys.stderr)
    which = " and ".join(
        name for name, on in (("expired", gates.expired), ("overdue", gates.overdue)) if on
    )
    print(
        f"plan checked for {which} items on {gates.day.isoformat()}: {len(found)} found",
        file=sys.stderr,
    )
