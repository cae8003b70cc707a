"""The results of the risk model in words: one view for the terminal, `hrdd score` and reports.

Every output builds its text from `results_view`, so all of them name the same impacts in the
same order (the one ranking of `hrdd.scoring.impacts.ranking`) with the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from hrdd.answers.model import Answers, MitigationRecord
from hrdd.questionnaire.model import text_in
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.ranking import rank_impacts, rank_plan
from hrdd.scoring.impacts.result import ImpactRating, ItemKind, PlanItem, Result, Scenario

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from hrdd.scoring.impacts.engine import ImpactBands

NOT_RATED = "not rated: no salient impact identified"
TOP = 3
"""How many impacts count as the top risks in every output."""

INHERENT_SENTENCE = (
    "Inherent: the risk to people as things stand today, counting only the safeguards "
    "already in place."
)
RESIDUAL_SENTENCE = (
    "Residual: the risk that would remain once every recommended step of the plan is done."
)

KIND_WORDS = {
    ItemKind.ACTUAL: "harm done",
    ItemKind.DECISION: "decision",
    ItemKind.FIND_OUT: "find out",
    ItemKind.CLOSE: "close",
    ItemKind.NARROW: "narrow",
    ItemKind.LOWER: "lower",
    ItemKind.ASSESS: "assess",
    ItemKind.REMEDY: "remedy",
}
HORIZON_WORDS = {
    "immediate": "now",
    "90_days": "90 days",
    "180_days": "180 days",
    "ongoing": "ongoing",
}


@dataclass(frozen=True)
class ScenarioView:
    """One scenario in words, with its vectors for the technical views."""

    id: str
    path: str
    reaches: str
    at_risk: bool
    inherent: str
    residual: str
    inherent_vector: str
    residual_vector: str
    involvement: str
    drivers: tuple[str, ...]


@dataclass(frozen=True)
class ImpactView:
    """One impact: its bands, its worst scenario and the biggest drivers."""

    id: str
    title: str
    band: str
    inherent: str
    """Its band label, with the range when data gaps can move it, e.g. ``High to Critical``."""
    residual: str
    provisional: bool
    path: str
    """The title of the worst scenario's path."""
    reaches: str
    reasons: tuple[str, ...]
    """The biggest drivers of the worst scenario, in words, biggest first."""
    involvement: str
    context_only: bool
    gaps: tuple[str, ...]
    """The questions whose answers are missing and can move it."""
    scenarios: tuple[ScenarioView, ...]


@dataclass(frozen=True)
class PlanView:
    """One plan item in words, numbered in the plan order."""

    number: int
    id: str
    kind: str
    title: str
    horizon: str
    status: str
    owner: str
    due: str
    declined: bool
    """Declined or accepted by the company: the risk remains."""


@dataclass(frozen=True)
class ResultsView:
    """Everything the results views show for one answers file."""

    organisation: str
    rated: bool
    headline: str
    impacts: tuple[ImpactView, ...]
    """Every impact, in the one ranking."""
    top: tuple[ImpactView, ...]
    """The top risks: the first impacts of the ranking that are not context only."""
    plan: tuple[PlanView, ...]
    legend: str
    gaps: tuple[str, ...]
    """The don't-know answers, as question texts."""
    unanswered: int
    would_open: tuple[str, ...]


def field_values(value: DataclassInstance) -> dict[str, Any]:
    """Return ``value``'s fields by name, values left as they are.

    A report part is built from its view's fields plus its own; a page's fields are its
    templates' variables.
    """
    return {f.name: getattr(value, f.name) for f in fields(value)}


class Bands:
    """The bands of one questionnaire's matrix in words, in its default language."""

    def __init__(self, q: RiskQuestionnaire) -> None:
        """Index the bands once."""
        lang = q.default_language
        self.bands = [b.id for b in q.matrix.bands]
        self.band_rank = {b: n for n, b in enumerate(self.bands)}
        self.band_labels = {b.id: text_in(b.label, lang, lang) for b in q.matrix.bands}

    def band(self, band: str | None) -> str:
        """Return a band's label; None reads "closed" (every scenario of it closed)."""
        if band is None:
            return "closed"
        return self.band_labels.get(band, band)

    def span(self, worst: str | None, best: str | None, provisional: bool) -> str:
        """Return a band with its range when data gaps can move it (best case first)."""
        if not provisional or best == worst:
            return self.band(worst)
        low = "not rated" if best is None else self.band(best)
        return f"{low} to {self.band(worst)}"


class Words(Bands):
    """Titles and labels of one questionnaire, in its default language."""

    def __init__(self, q: RiskQuestionnaire) -> None:
        """Index the titles once."""
        super().__init__(q)
        lang = q.default_language

        def t(text: object) -> str:
            return text_in(text, lang, lang)  # type: ignore[arg-type]

        self.headline_from = q.matrix.headline_from
        self.impacts = {i.id: t(i.title) for i in q.impacts}
        self.paths = {p.id: t(p.title) for p in q.paths}
        self.mitigations = {m.id: t(m.title) for m in q.mitigations}
        self.actual = {a.id: t(a.title) for a in q.actual_impacts}
        self.questions = {
            question.id: t(question.text) for s in q.sections for question in s.questions
        }

    def item_title(self, item: PlanItem) -> str:
        """Return a plan item's title in words."""
        if item.kind is ItemKind.FIND_OUT:
            return "Find out: " + self.questions.get(item.subject, item.subject)
        if item.kind is ItemKind.ACTUAL:
            return "Address harm that happened: " + self.actual.get(item.subject, item.subject)
        return self.mitigations.get(item.subject, item.subject)

    def legend(self) -> str:
        """Return the one-line legend of the bands and arrows."""
        bands = ", ".join(self.band_labels[b] for b in self.bands)
        return (
            f"Bands, lowest first: {bands}. Inherent -> residual; "
            "'X to Y' is a range: data gaps can move the rating between X and Y."
        )


def _record(answers: Answers, item: PlanItem) -> MitigationRecord | None:
    records = answers.mitigations
    return records.get(item.id) or records.get(item.subject)


def _scenario(words: Words, s: Scenario) -> ScenarioView:
    return ScenarioView(
        id=s.id,
        path=words.paths.get(s.path, s.path),
        reaches=s.reaches,
        at_risk=s.at_risk,
        inherent=words.band(s.inherent.band),
        residual=words.band(s.residual.band if s.residual is not None else None),
        inherent_vector=s.inherent.vector,
        residual_vector=s.residual.vector if s.residual is not None else "closed",
        involvement=s.involvement,
        drivers=s.drivers,
    )


def _impact(words: Words, i: ImpactRating) -> ImpactView:
    worst = next((s for s in i.scenarios if s.id == i.worst), i.scenarios[0])
    return ImpactView(
        id=i.id,
        title=words.impacts.get(i.id, i.id),
        band=i.band,
        inherent=words.span(i.band, i.best, i.provisional),
        residual=words.span(i.residual, i.best_residual, i.provisional),
        provisional=i.provisional,
        path=words.paths.get(worst.path, worst.path),
        reaches=worst.reaches,
        reasons=worst.drivers[:2],
        involvement=i.involvement,
        context_only=i.context_only,
        gaps=tuple(words.questions.get(g, g) for g in i.gaps),
        scenarios=tuple(_scenario(words, s) for s in i.scenarios),
    )


def _plan(words: Words, answers: Answers, items: list[PlanItem]) -> tuple[PlanView, ...]:
    shown: list[PlanView] = []
    for number, item in enumerate(items, 1):
        record = _record(answers, item)
        status = "-" if record is None else record.status.value.replace("_", " ")
        shown.append(
            PlanView(
                number=number,
                id=item.id,
                kind=KIND_WORDS[item.kind],
                title=words.item_title(item),
                horizon=HORIZON_WORDS.get(item.horizon, item.horizon.replace("_", " ")),
                status=status,
                owner=(record.owner if record is not None else None) or "-",
                due=(record.due if record is not None else None) or "-",
                declined=item.declined or status == "accepted",
            )
        )
    return tuple(shown)


def ranked_impacts(words: Bands, result: Result) -> list[ImpactRating]:
    """Return the impacts in the one ranking."""
    return rank_impacts(result.impacts, words.band_rank)


def results_view(q: RiskQuestionnaire, result: Result, answers: Answers) -> ResultsView:
    """Return the results of one answers file in words, impacts and plan in the one ranking."""
    words = Words(q)
    impacts = tuple(_impact(words, i) for i in ranked_impacts(words, result))
    top = tuple(i for i in impacts if not i.context_only)[:TOP]
    if not result.rated:
        headline = NOT_RATED
    else:
        named = [i for i in impacts if i.id in result.headline]
        named += [i for i in impacts if i.id in result.provisional_headline]
        headline = "; ".join(
            f"{i.title}: {i.inherent}" + (" (provisional)" if i.provisional else "") for i in named
        )
        if not headline:
            worst = (top or impacts)[0]
            if worst.context_only:
                headline = f"no salient impact; context only: {worst.title}: {worst.inherent}"
            else:
                headline = (
                    f"no impact rated {words.band(words.headline_from)} or above; "
                    f"worst: {worst.title}: {worst.inherent}"
                )
    return ResultsView(
        organisation=answers.organisation,
        rated=result.rated,
        headline=headline,
        impacts=impacts,
        top=top,
        plan=_plan(words, answers, rank_plan(result.plan)),
        legend=words.legend(),
        gaps=tuple(words.questions.get(g, g) for g in result.dont_know),
        unanswered=len(result.unanswered),
        would_open=result.would_open,
    )


def worst_bands(
    q: RiskQuestionnaire, rated: bool, impacts: Sequence[ImpactBands]
) -> tuple[str, str]:
    """Return the inherent and residual of the first top risk (else the first impact), in words.

    ``impacts`` are in the one ranking, as the engine gives them (`Draft.bands`). The words
    `results_view` gives that impact, without building the rest of the view: a portfolio row
    needs only these two.
    """
    if not rated or not impacts:
        return ("not rated", "not rated")
    bands = Bands(q)
    first = next((i for i in impacts if not i.context_only), impacts[0])
    return (
        bands.span(first.band, first.best, first.provisional),
        bands.span(first.residual, first.best_residual, first.provisional),
    )


def mid_sentence(title: str) -> str:
    """Return a title to stand inside a sentence: ``An entity`` -> ``an entity``, ``SORM`` kept."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title
