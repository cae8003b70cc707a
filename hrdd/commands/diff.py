"""`hrdd diff`: what changed between two assessments of one organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.model import Answers, load_answers
from hrdd.answers.signing import SignoffState, signoff_state
from hrdd.diagnostics import Diagnostic, format_finding
from hrdd.errors import InputError, UsageError
from hrdd.output.writer import STDOUT, check_not_input

if TYPE_CHECKING:
    from hrdd.answers.snapshot import Snapshot
    from hrdd.output.diff import DiffFormat
    from hrdd.output.diff.interface import DiffRun
    from hrdd.questionnaire.loading import Document
    from hrdd.scoring.impacts.compare import Side
    from hrdd.scoring.impacts.load import RiskModel


@dataclass(frozen=True)
class DiffOptions:
    """The options of `hrdd diff`, parsed."""

    old: Path
    new: Path
    questionnaire: Path | None = None
    old_questionnaire: Path | None = None
    day: str | None = None
    output: str = STDOUT


def _day(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date {value}: not a date; give it as YYYY-MM-DD") from None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except (OSError, ValueError, RuntimeError):
        return False


def _organisation(name: str) -> str:
    return " ".join(name.split()).casefold()


def _side(answers: Answers, doc: Document, model: RiskModel, warnings: list[Diagnostic]) -> Side:
    """Carry one file over to the model's questionnaire, check it and rate it."""
    from hrdd.commands.score import carry_over
    from hrdd.scoring.impacts.compare import Side
    from hrdd.scoring.impacts.load import check_risk_answers

    carried = carry_over(answers, doc, model, warnings)
    problems = check_risk_answers(carried, doc, model)
    if problems:
        raise InputError("\n".join(format_finding(d) for d in problems))
    retired = frozenset(carried.retired) - frozenset(answers.retired)
    return Side(carried, model.score(carried, rank_gaps=False), retired)


def _snapshot(old: Answers, q_id: str, notes: list[str]) -> Snapshot | None:
    """Return OLD's sign-off snapshot when it still covers OLD's answers, saying why not."""
    signoff = old.signoff
    if signoff is None or signoff.snapshot is None:
        return None
    if signoff.snapshot.questionnaire.id != q_id:
        notes.append("OLD's sign-off snapshot is of another questionnaire; it is not used.")
        return None
    if signoff_state(old) is not SignoffState.CURRENT:
        notes.append(
            "OLD's sign-off snapshot is not used: the answers or decisions changed after "
            "the sign-off, so it no longer shows OLD as it stands."
        )
        return None
    return signoff.snapshot


def build_diff(options: DiffOptions) -> tuple[DiffRun, list[Diagnostic]]:
    """Load, carry over, rate and compare two answers files; return the run and warnings.

    Raises UsageError for the same file twice, two organisations or two questionnaires;
    InputError when a file or the questionnaire cannot be read or does not fit.
    """
    from hrdd.commands.score import Library
    from hrdd.output.diff.interface import DiffRun, SideInfo
    from hrdd.questionnaire.hashing import questionnaire_hash
    from hrdd.scoring.impacts.compare import compare
    from hrdd.scoring.impacts.snapshot import METHOD_VERSION

    day = _day(options.day)
    if _same_file(options.old, options.new):
        raise UsageError(
            f"{options.old} and {options.new} are the same file; name last year's and this "
            "year's answers files"
        )
    check_not_input(options.output, [options.old, options.new], "an answers file compared")
    old, old_doc = load_answers(options.old)
    new, new_doc = load_answers(options.new)
    if _organisation(old.organisation) != _organisation(new.organisation):
        raise UsageError(
            f"{old_doc.path} assesses `{old.organisation}` and {new_doc.path} assesses "
            f"`{new.organisation}`: diff compares two assessments of one organisation"
        )
    if old.questionnaire.id != new.questionnaire.id:
        raise UsageError(
            f"{old_doc.path} answers `{old.questionnaire.id}` and {new_doc.path} answers "
            f"`{new.questionnaire.id}`: diff compares answers to one questionnaire"
        )
    model = Library(explicit=options.questionnaire).for_answers(new, new_doc.path)
    q = model.questionnaire
    warnings: list[Diagnostic] = []
    old_side = _side(old, old_doc, model, warnings)
    new_side = _side(new, new_doc, model, warnings)
    notes: list[str] = []
    snapshot = _snapshot(old, q.id, notes)
    q_hash = questionnaire_hash(q)
    if snapshot is not None:
        was = snapshot.questionnaire
        if was.hash != q_hash or snapshot.method != METHOD_VERSION:
            notes.append(
                f"OLD was signed off with {was.id} {was.version} and method {snapshot.method}; "
                "moves between its sign-off and its answers re-rated now are labelled as "
                "coming from the questionnaire or method, not from the answers."
            )
    elif old.questionnaire.version != q.version:
        notes.append(
            f"OLD was answered to {old.questionnaire.id} {old.questionnaire.version} and has "
            f"no sign-off snapshot: it is re-rated with {q.version}, so every move shown comes "
            "from the answers; how its ratings stood under its own version is not known."
        )
    old_questions = _old_questions(options.old_questionnaire, old, model)
    if old_questions is None and old.questionnaire.version != q.version:
        notes.append(
            "Without --old-questionnaire, a question new in this version and one OLD left "
            "unanswered both show as answered for the first time."
        )
    comparison = compare(
        old_side,
        new_side,
        questions=list(model.questions),
        band_rank={b.id: n for n, b in enumerate(q.matrix.bands)},
        day=day,
        snapshot=snapshot,
        old_questions=old_questions,
    )
    run = DiffRun(
        old=SideInfo(old_doc.path, old),
        new=SideInfo(new_doc.path, new),
        questionnaire=q,
        questionnaire_hash=q_hash,
        method=METHOD_VERSION,
        comparison=comparison,
        notes=tuple(notes),
    )
    return run, warnings


def _old_questions(path: Path | None, old: Answers, model: RiskModel) -> frozenset[str] | None:
    """Return the questions OLD's questionnaire asked, when known."""
    from hrdd.scoring.loading import load_questionnaire_or_raise

    if path is None:
        if old.questionnaire.version == model.questionnaire.version:
            return frozenset(model.questions)
        return None
    retired = _retired_questions(path)
    if retired is not None:
        ident, asked = retired
    else:
        questionnaire, _ = load_questionnaire_or_raise(path)
        ident, asked = questionnaire.id, frozenset(q.id for q in questionnaire.questions())
    if ident != old.questionnaire.id:
        raise UsageError(
            f"--old-questionnaire {path}: it is `{ident}`, but OLD answers `{old.questionnaire.id}`"
        )
    return asked


def _retired_questions(path: Path) -> tuple[str, frozenset[str]] | None:
    """Return the id and question ids of a format-1 questionnaire, or None for another file.

    Format 1 is retired and never scored, but OLD may have been answered to it (Decree 368
    1.0.0, 1.1.0): only which questions it asked is read, as plain data.
    """
    from hrdd.diagnostics import format_finding
    from hrdd.questionnaire.loading import read_document
    from hrdd.scoring.loading import retired_format

    doc, found = read_document(path)
    if doc is None or found:
        raise InputError("\n".join(format_finding(d) for d in found))
    if retired_format(doc) is None or not isinstance(doc.data, dict):
        return None
    sections = doc.data.get("sections")
    asked = frozenset(
        question["id"]
        for section in (sections if isinstance(sections, list) else [])
        if isinstance(section, dict) and isinstance(section.get("questions"), list)
        for question in section["questions"]
        if isinstance(question, dict) and isinstance(question.get("id"), str)
    )
    ident = doc.data.get("id")
    if not asked or not isinstance(ident, str):
        raise InputError(
            f"--old-questionnaire {path}: a format-1 questionnaire without an id or questions; "
            "name the questionnaire file OLD was answered to"
        )
    return ident, asked


def run(options: DiffOptions, output_format: DiffFormat, *, fail_on_worse: bool) -> int:
    """Run `hrdd diff`: warnings to stderr, the changes to ``output``; 1 with --fail-on-worse."""
    from hrdd.output.diff import FORMATTERS
    from hrdd.output.diff.interface import worse_from_company
    from hrdd.output.writer import write_output, write_warnings

    diff, warnings = build_diff(options)
    text = FORMATTERS.formatter(output_format).render(diff)
    write_warnings(warnings)
    write_output(text, options.output, private=True)
    return 1 if fail_on_worse and worse_from_company(diff) else 0
