"""Questionnaire test cases (`<stem>.tests/*.yaml`): models, loading, runner and coverage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from hrdd.answers.check import check_values
from hrdd.answers.model import MitigationRecord, StoredValueField, to_value
from hrdd.commands.impact_cases import ImpactSuite
from hrdd.diagnostics import Diagnostic, Severity, format_finding
from hrdd.errors import InputError
from hrdd.output.test.interface import CaseResult, Coverage, Reach, SuiteResult
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.loading import (
    Document,
    read_document,
    validate_model,
)
from hrdd.questionnaire.model import (
    Id,
    Question,
    Questionnaire,
    QuestionType,
)
from hrdd.scoring import Assessment, Scorer
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.loading import load_questionnaire_or_raise
from hrdd.values import (
    DONT_KNOW,
    FrozenModel,
    Value,
)

if TYPE_CHECKING:
    from hrdd.output.test import TestFormat

TESTS_SUFFIX = ".tests"


class BandExpectation(FrozenModel):
    """Expected bands; leave a key out to not check it."""

    inherent: Id | None = Field(default=None, description="Expected inherent band id.")
    residual: Id | None = Field(default=None, description="Expected residual band id.")


class MitigationExpectation(FrozenModel):
    """Mitigations that must, or must not, be recommended."""

    present: list[Id] = Field(default_factory=list, description="Must be triggered.")
    absent: list[Id] = Field(default_factory=list, description="Must not be triggered.")


class Expectation(FrozenModel):
    """What the case expects; every part is optional."""

    overall: BandExpectation | None = Field(default=None, description="Highest bands.")
    areas: dict[Id, BandExpectation] = Field(default_factory=dict, description="Bands per area id.")
    mitigations: MitigationExpectation | None = Field(
        default=None, description="Mitigations present or absent."
    )
    complete: bool | None = Field(
        default=None, description="Whether every applicable question is answered."
    )


class Case(FrozenModel):
    """One test-case file: answers, and the outcome an analyst would defend."""

    format: Literal[1] = Field(description="Format version; must be 1.")
    name: str = Field(min_length=1, description="What situation the case describes.")
    reasoning: str | None = Field(
        default=None, description="Why an analyst would defend these ratings."
    )
    answers: dict[Id, StoredValueField] = Field(
        default_factory=dict, description="Question id -> value, as in an answers file."
    )
    mitigations: dict[Id, MitigationRecord] = Field(
        default_factory=dict, description="Optional mitigation statuses, as in an answers file."
    )
    expect: Expectation = Field(description="The expected outcome.")


@dataclass
class _Tally:
    options: set[str] = field(default_factory=set)
    questions: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)
    mitigations: set[str] = field(default_factory=set)


def cases_folder(questionnaire: Path) -> Path:
    """Return the folder of test cases beside a questionnaire: ``<stem>.tests/``."""
    return questionnaire.with_name(questionnaire.stem + TESTS_SUFFIX)


def case_files(questionnaire: Path) -> list[Path]:
    """Return the test-case files of a questionnaire, sorted."""
    folder = cases_folder(questionnaire)
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )


def load_case(path: Path, compiled: CompiledQuestionnaire) -> tuple[Case | None, list[Diagnostic]]:
    """Read one case; return it (None when unusable) and every error with its position."""
    questionnaire = compiled.questionnaire
    assert isinstance(questionnaire, Questionnaire)
    doc, found = read_document(path)
    if doc is None:
        return None, found
    case, schema = validate_model(Case, doc)
    found = [*found, *schema]
    if case is not None:
        found += check_values(
            case.answers, doc, compiled.questions, questionnaire.id, ("answers",), value_key=False
        )
        found += _check_expectation(case, doc, questionnaire)
    errors = [d for d in found if d.severity is Severity.ERROR]
    return (None if errors else case), sorted(found, key=Diagnostic.sort_key)


def _check_expectation(case: Case, doc: Document, q: Questionnaire) -> list[Diagnostic]:
    from hrdd.suggest import did_you_mean_hint

    problems: list[tuple[tuple[str | int, ...], str, str, list[str]]] = []
    bands = [b.id for b in q.scoring.bands]
    areas = [a.id for a in q.areas]
    mitigations = [m.id for m in q.mitigations]

    def band(path: tuple[str | int, ...], expected: BandExpectation | None) -> None:
        for key in ("inherent", "residual"):
            value = getattr(expected, key, None) if expected is not None else None
            if value is not None and value not in bands:
                problems.append(((*path, key), "unknown-band", f"`{value}` is not a band", bands))

    band(("expect", "overall"), case.expect.overall)
    for area_id, expected in case.expect.areas.items():
        if area_id not in areas:
            msg = f"`{area_id}` is not an area of `{q.id}`"
            problems.append((("expect", "areas", area_id), "unknown-area", msg, areas))
        band(("expect", "areas", area_id), expected)
    if case.expect.mitigations is not None:
        for key in ("present", "absent"):
            for i, mid in enumerate(getattr(case.expect.mitigations, key)):
                if mid not in mitigations:
                    msg = f"`{mid}` is not a mitigation of `{q.id}`"
                    where: tuple[str | int, ...] = ("expect", "mitigations", key, i)
                    problems.append((where, "answer-unknown-mitigation", msg, mitigations))
    for mid in case.mitigations:
        if mid not in mitigations:
            msg = f"`{mid}` is not a mitigation of `{q.id}`"
            problems.append((("mitigations", mid), "answer-unknown-mitigation", msg, mitigations))
    result: list[Diagnostic] = []
    for path, rule, message, candidates in problems:
        at_key = rule != "unknown-band" and isinstance(path[-1], str)
        hint = did_you_mean_hint(message.split("`")[1], candidates)
        result.append(doc.finding(path, rule, message, hint=hint, at_key=at_key))
    return result


def compare(case: Case, assessment: Assessment) -> list[str]:
    """Return one line per expectation that does not hold, e.g. ``x inherent: expected ...``."""
    lines: list[str] = []
    expect = case.expect

    def check(what: str, expected: object, actual: object) -> None:
        if expected is not None and expected != actual:
            lines.append(f"{what}: expected {expected}, got {actual}")

    if expect.overall is not None:
        check("overall inherent", expect.overall.inherent, assessment.overall.inherent)
        check("overall residual", expect.overall.residual, assessment.overall.residual)
    by_area = {a.area: a for a in assessment.areas}
    for area_id, expected in expect.areas.items():
        area = by_area[area_id]
        check(f"{area_id} inherent", expected.inherent, area.band)
        check(f"{area_id} residual", expected.residual, area.residual.band)
    triggered = set(assessment.triggered_mitigations)
    if expect.mitigations is not None:
        lines += [
            f"mitigation {m}: expected present, got absent"
            for m in expect.mitigations.present
            if m not in triggered
        ]
        lines += [
            f"mitigation {m}: expected absent, got present"
            for m in expect.mitigations.absent
            if m in triggered
        ]
    if expect.complete is not None and expect.complete != assessment.complete:
        missing = ", ".join(assessment.unanswered)
        got = "complete" if assessment.complete else f"incomplete (unanswered: {missing})"
        lines.append(f"complete: expected {expect.complete}, got {got}")
    return lines


def option_keys(questions: Iterable[Question]) -> list[str]:
    """Return every answer a case can give a choice question, as ``question=value``.

    Don't know counts as an option of each question that offers it.
    """
    keys: list[str] = []
    for q in questions:
        if q.type in (QuestionType.YES_NO, QuestionType.SINGLE, QuestionType.MULTI):
            keys += [f"{q.id}={v}" for v in q.choices]
        if q.dont_know:
            keys.append(f"{q.id}={DONT_KNOW}")
    return keys


def _reach(universe: Sequence[str], reached: set[str]) -> Reach:
    missed = tuple(k for k in universe if k not in reached)
    return Reach(total=len(universe), reached=len(universe) - len(missed), missed=missed)


def run_suite(path: Path, display: str | None = None) -> SuiteResult:
    """Run every case of the questionnaire at ``path``; raise InputError on unusable files."""
    questionnaire, _ = load_questionnaire_or_raise(path)
    if isinstance(questionnaire, RiskQuestionnaire):
        return _run_impact_suite(path, questionnaire, display)
    scorer = Scorer(questionnaire, CompiledQuestionnaire(questionnaire))
    errors: list[str] = []
    results: list[CaseResult] = []
    tally = _Tally()
    for case_path in case_files(path):
        case, found = load_case(case_path, scorer.compiled)
        errors += [format_finding(d) for d in found if d.severity is Severity.ERROR]
        if case is None:
            continue
        values: dict[str, Value] = {k: to_value(v) for k, v in case.answers.items()}
        assessment = scorer.assess_values(values, case.mitigations)
        results.append(
            CaseResult(str(case_path), case.name, tuple(compare(case, assessment)), assessment)
        )
        _count(tally, values, assessment)
    if errors:
        raise InputError("\n".join(errors))
    coverage = Coverage(
        options=_reach(option_keys(questionnaire.questions()), tally.options),
        questions=_reach([q.id for q in questionnaire.questions()], tally.questions),
        parts=(
            ("rules", _reach([r.id for r in questionnaire.rules], tally.rules)),
            ("mitigations", _reach([m.id for m in questionnaire.mitigations], tally.mitigations)),
        ),
    )
    return SuiteResult(
        questionnaire=display or str(path),
        questionnaire_id=questionnaire.id,
        folder=str(cases_folder(path)),
        cases=tuple(results),
        coverage=coverage,
    )


def _run_impact_suite(
    path: Path, questionnaire: RiskQuestionnaire, display: str | None
) -> SuiteResult:
    """Run the cases of a format-2 questionnaire: impact bands, headline, plan, provisional."""
    suite = ImpactSuite(questionnaire)
    errors: list[str] = []
    results: list[CaseResult] = []
    for case_path in case_files(path):
        case, found = suite.load(case_path)
        errors += [format_finding(d) for d in found if d.severity is Severity.ERROR]
        if case is None:
            continue
        result, mismatches = suite.run(case)
        results.append(CaseResult(str(case_path), case.name, mismatches, result))
    if errors:
        raise InputError("\n".join(errors))
    tally, index = suite.tally, suite.index
    coverage = Coverage(
        options=_reach(option_keys(index.questions.values()), tally.options),
        questions=_reach(list(index.questions), tally.questions),
        parts=(
            ("paths", _reach(list(index.paths), tally.paths)),
            ("mitigations", _reach(list(index.mitigations), tally.mitigations)),
            ("impacts", _reach(list(index.impacts), tally.impacts)),
        ),
    )
    return SuiteResult(
        questionnaire=display or str(path),
        questionnaire_id=questionnaire.id,
        folder=str(cases_folder(path)),
        cases=tuple(results),
        coverage=coverage,
    )


def _count(tally: _Tally, values: dict[str, Value], assessment: Assessment) -> None:
    for qid in assessment.applicable:
        if qid not in values:
            continue
        tally.questions.add(qid)
        value = values[qid]
        if isinstance(value, frozenset):
            tally.options.update(f"{qid}={v}" for v in value)
        else:
            tally.options.add(f"{qid}={value}")
    tally.rules.update(assessment.triggered_rules)
    tally.mitigations.update(assessment.triggered_mitigations)


def run_suites(paths: Sequence[Path]) -> list[SuiteResult]:
    """Run the cases of each questionnaire (default: the bundled ones)."""
    from hrdd.catalog import bundled_questionnaires
    from hrdd.errors import UsageError

    chosen = list(paths) or bundled_questionnaires()
    if not chosen:
        raise UsageError("no questionnaire given and none is bundled")
    return [run_suite(p) for p in chosen]


def exit_code(suites: Sequence[SuiteResult], min_coverage: float | None) -> int:
    """Return 1 when a case failed or option coverage is under ``min_coverage`` percent."""
    failed = any(s.failed for s in suites)
    if min_coverage is not None:
        failed = failed or any(
            not s.cases or s.coverage.options.percent < min_coverage for s in suites
        )
    return 1 if failed else 0


def run(
    questionnaires: Sequence[Path],
    output_format: TestFormat,
    *,
    coverage: bool,
    min_coverage: float | None,
) -> int:
    """Run `hrdd test`: every case's result to stdout; 1 when a case fails or coverage is low."""
    from hrdd.output.writer import write_output

    suites = run_suites(questionnaires)
    show_coverage = coverage or min_coverage is not None
    write_output(output_format.formatter().render(suites, coverage=show_coverage), "-")
    return exit_code(suites, min_coverage)
