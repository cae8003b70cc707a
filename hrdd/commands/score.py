"""`hrdd score`: load answers files, pick their questionnaire, score, decide the exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.check import check_answers
from hrdd.answers.model import Answers, Value, load_answers, to_values
from hrdd.catalog import bundled_questionnaires
from hrdd.diagnostics import Diagnostic, Severity, format_finding
from hrdd.errors import InputError, UsageError
from hrdd.output.score.interface import ScoredFile
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.loading import Document, few_collections, load_model_or_raise
from hrdd.questionnaire.model import Questionnaire
from hrdd.scoring import Scorer

if TYPE_CHECKING:
    from hrdd.output.score import ScoreFormat


@dataclass
class Library:
    """Questionnaires parsed and compiled once each, found by path or by id."""

    explicit: Path | None = None
    _by_path: dict[Path, Scorer] = field(default_factory=dict)
    _bundled_ids: dict[str, Path] | None = None

    def scorer(self, path: Path) -> Scorer:
        """Return the scorer of the questionnaire at ``path``, loading it the first time."""
        key = path.resolve()
        if key not in self._by_path:
            questionnaire, _ = load_model_or_raise(Questionnaire, path)
            self._by_path[key] = Scorer(questionnaire, CompiledQuestionnaire(questionnaire))
        return self._by_path[key]

    def for_answers(self, answers: Answers, display: str) -> Scorer:
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
    from hrdd.answers.check import finding
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
                finding(
                    doc,
                    where,
                    "plan-expired",
                    f"`{item}` was declined until {review}; on {day} the decision has expired "
                    "and the item counts as recommended again",
                    "decide again: "
                    + command("plan", "decline", Path(doc.path), item)
                    + " --by NAME --reason TEXT --approver NAME --review YYYY-MM-DD",
                )
            )
        if gates.overdue and record.status in OPEN_STATUSES and record.due and record.due < day:
            found.append(
                finding(
                    doc,
                    ("mitigations", item, "due"),
                    "plan-overdue",
                    f"`{item}` ({record.status.value}) was due on {record.due}; on {day} it is "
                    "overdue",
                    "agree a new date and escalate: "
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
    gated: list[Diagnostic] = []
    with few_collections() as keep:
        for path in collect_answer_files(paths):
            checked = _score_one(path, library, scored, errors, warnings)
            if checked is not None and gates is not None:
                gated += gate_findings(checked.answers, checked.doc, gates)
            keep()
    if errors:
        raise InputError("\n".join(errors))
    return ScoreRun(scored, warnings, gated)


@dataclass(frozen=True)
class Checked:
    """An answers file that passed the checks of `hrdd score`, ready to score."""

    path: str
    answers: Answers
    scorer: Scorer
    resolved: tuple[list[str], dict[str, Value]]
    doc: Document


def check_files(paths: Sequence[Path], questionnaire: Path | None = None) -> ScoreRun:
    """Run exactly the checks of `hrdd score` on every file, without scoring.

    Returns the warnings (and no scored files); raises InputError listing every error of
    every file, as :func:`score_files` does.
    """
    library = Library(explicit=questionnaire)
    errors: list[str] = []
    warnings: list[Diagnostic] = []
    for path in collect_answer_files(paths):
        check_one(path, library, errors, warnings)
    if errors:
        raise InputError("\n".join(errors))
    return ScoreRun([], warnings)


def check_one(
    path: Path, library: Library, errors: list[str], warnings: list[Diagnostic]
) -> Checked | None:
    """Load and check one answers file; None (with its errors in ``errors``) when it fails."""
    try:
        answers, doc = load_answers(path)
    except InputError as exc:
        errors.append(str(exc))
        return None
    scorer = library.for_answers(answers, doc.path)
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
    return Checked(doc.path, answers, scorer, resolved, doc)


def _score_one(
    path: Path,
    library: Library,
    scored: list[ScoredFile],
    errors: list[str],
    warnings: list[Diagnostic],
) -> Checked | None:
    """Load, check and score one answers file into ``scored``, or its errors into ``errors``."""
    checked = check_one(path, library, errors, warnings)
    if checked is None:
        return None
    answers, scorer, resolved = checked.answers, checked.scorer, checked.resolved
    scored.append(
        ScoredFile(
            path=checked.path,
            answers=answers,
            questionnaire=scorer.questionnaire,
            assessment=scorer.assess(answers, resolved=resolved),
        )
    )
    return checked


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
    failed = fails(scored.files, fail_on, inherent=inherent)
    write_warnings(scored.warnings)
    write_output(output_format.formatter().render(scored.files, explain=explain), "-")
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
