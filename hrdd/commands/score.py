"""`hrdd score`: load answers files, pick their questionnaire, score, decide the exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.check import check_answers
from hrdd.answers.model import Answers, load_answers, to_values
from hrdd.atomic import real_path
from hrdd.catalog import bundled_questionnaires
from hrdd.diagnostics import Diagnostic, Severity, format_finding
from hrdd.errors import InputError, UsageError
from hrdd.output.results import RatedFile
from hrdd.output.score.interface import ScoredFile
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.loading import Document, few_collections
from hrdd.scoring import Scorer
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.load import RiskModel, check_risk_answers
from hrdd.scoring.loading import load_questionnaire_or_raise

if TYPE_CHECKING:
    from hrdd.output.score import ScoreFormat


@dataclass
class Library:
    """Questionnaires parsed and compiled once each, found by path or by id."""

    explicit: Path | None = None
    _by_path: dict[Path, Scorer | RiskModel] = field(default_factory=dict)
    _bundled_ids: dict[str, Path] | None = None

    def scorer(self, path: Path) -> Scorer | RiskModel:
        """Return the scorer of the questionnaire at ``path``, loading it the first time.

        A format-2 questionnaire gives its risk model; format 1 the per-area scorer.
        """
        key = real_path(path)
        if key not in self._by_path:
            questionnaire, _ = load_questionnaire_or_raise(path)
            if isinstance(questionnaire, RiskQuestionnaire):
                self._by_path[key] = RiskModel(questionnaire)
            else:
                self._by_path[key] = Scorer(questionnaire, CompiledQuestionnaire(questionnaire))
        return self._by_path[key]

    def for_answers(self, answers: Answers, display: str) -> Scorer | RiskModel:
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

    files: list[ScoredFile]
    warnings: list[Diagnostic]
    rated: list[RatedFile] = field(default_factory=list)
    """Files answered to a format-2 questionnaire, scored by the risk model."""
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
    for item, record in answers.mitigations.items():
        review = record.review_date
        if gates.expired and record.is_declined and review is not None and review < day:
            key = "declined" if record.declined is not None else "accepted"
            where = ("mitigations", item, key, "review" if key == "declined" else "expires")
            found.append(
                doc.finding(
                    where,
                    "plan-expired",
                    f"`{item}` was declined until {review}; on {day} the decision has expired "
                    "and the item counts as recommended again",
                    hint="decide again: "
                    + command("plan", "decline", Path(doc.path), item)
                    + " --by NAME --reason TEXT --approver NAME --review YYYY-MM-DD",
                )
            )
        if gates.overdue and record.status in OPEN_STATUSES and record.due and record.due < day:
            found.append(
                doc.finding(
                    ("mitigations", item, "due"),
                    "plan-overdue",
                    f"`{item}` ({record.status.value}) was due on {record.due}; on {day} it is "
                    "overdue",
                    hint="agree a new date and escalate: "
                    + command("plan", "set", Path(doc.path), item)
                    + " --by NAME --due YYYY-MM-DD",
                )
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
    scored: list[ScoredFile] = []
    rated: list[RatedFile] = []
    gated: list[Diagnostic] = []
    found = collect_answer_files(paths)
    # Ranking each data gap by how far it moves a headline is for a single file only.
    single = len(found) == 1
    with few_collections() as keep:
        for path in found:
            done = _score_one(path, library, scored, errors, warnings, rated, single=single)
            if done is not None and gates is not None:
                gated += gate_findings(*done, gates)
            keep()
    if errors:
        raise InputError("\n".join(errors))
    if scored and rated:
        raise UsageError(
            "these answers files were given to questionnaires of format 1 and format 2; "
            "score each kind separately"
        )
    return ScoreRun(scored, warnings, rated, gated)


def check_files(paths: Sequence[Path], questionnaire: Path | None = None) -> ScoreRun:
    """Run exactly the checks of `hrdd score` on every file, without scoring.

    Returns the warnings (and no scored files); raises InputError listing every error of
    every file, as :func:`score_files` does.
    """
    library = Library(explicit=questionnaire)
    errors: list[str] = []
    warnings: list[Diagnostic] = []
    for path in collect_answer_files(paths):
        _score_one(path, library, [], errors, warnings, [], single=False, score=False)
    if errors:
        raise InputError("\n".join(errors))
    return ScoreRun([], warnings)


def _score_one(
    path: Path,
    library: Library,
    scored: list[ScoredFile],
    errors: list[str],
    warnings: list[Diagnostic],
    rated: list[RatedFile],
    *,
    single: bool,
    score: bool = True,
) -> tuple[Answers, Document] | None:
    """Load, check and score one answers file into ``scored`` (format 1) or ``rated``.

    Its errors go to ``errors`` instead (and it returns None). Without ``score`` only the
    checks run. Returns the answers and their document when the file passed the checks.
    """
    try:
        answers, doc = load_answers(path)
    except InputError as exc:
        errors.append(str(exc))
        return None
    scorer = library.for_answers(answers, doc.path)
    if isinstance(scorer, RiskModel):
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
                result=scorer.score(answers, rank_gaps=single),
            )
        )
        return answers, doc
    # Which questions apply is worked out once, for the checks and the scoring alike.
    resolved = scorer.compiled.resolve(to_values(answers))
    found = check_answers(
        answers, doc, scorer.questionnaire, scorer.compiled, applicable=resolved[0]
    )
    problems = [d for d in found if d.severity is Severity.ERROR]
    warnings.extend(d for d in found if d.severity is Severity.WARNING)
    if problems:
        errors.extend(format_finding(d) for d in problems)
        return None
    if not score:
        return answers, doc
    scored.append(
        ScoredFile(
            path=doc.path,
            answers=answers,
            questionnaire=scorer.questionnaire,
            assessment=scorer.assess(answers, resolved=resolved),
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


def fails(files: Sequence[ScoredFile], level: str | None, *, inherent: bool) -> bool:
    """Tell whether any area's residual (or inherent) band reaches ``level``.

    ``level`` is a band id of the questionnaire (compared ignoring case); every file is checked
    for it, so a questionnaire with other bands is a usage error, not a silent pass.
    """
    if level is None:
        return False
    failed = False
    for scored in files:
        bands = [band.casefold() for band in scored.assessment.bands]
        if level.casefold() not in bands:
            raise UsageError(
                f"--fail-on {level}: `{scored.questionnaire.id}` has no such band "
                f"(bands: {', '.join(scored.assessment.bands)})"
            )
        threshold = bands.index(level.casefold())
        for area in scored.assessment.areas:
            band = area.band if inherent else area.residual.band
            if bands.index(band.casefold()) >= threshold:
                failed = True
    return failed


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
        for impact in f.result.impacts:
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

    With ``gates``, expired declines and overdue items are findings on stderr (exit 1),
    followed by the day they were judged by.
    """
    from hrdd.output.writer import write_output, write_warnings

    scored = score_files(paths, questionnaire, gates)
    formatter = output_format.formatter()
    if scored.rated:
        failed = fails_rated(scored.rated, fail_on, inherent=inherent)
        text = formatter.render_rated(scored.rated, explain=explain)
    else:
        failed = fails(scored.files, fail_on, inherent=inherent)
        text = formatter.render(scored.files, explain=explain)
    write_warnings(scored.warnings)
    write_output(text, "-")
    if gates is not None:
        for found in scored.gates:
            print(format_finding(found), file=sys.stderr)
        which = " and ".join(
            name for name, on in (("expired", gates.expired), ("overdue", gates.overdue)) if on
        )
        print(
            f"plan checked for {which} items on {gates.day.isoformat()}: {len(scored.gates)} found",
            file=sys.stderr,
        )
        failed = failed or bool(scored.gates)
    return 1 if failed else 0
