"""The display-ready pieces of a report's render context: plain frozen data for templates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BandView:
    """A rating band as shown: id, label, rank (0 lowest) and colour level 0..3."""

    id: str
    label: str
    rank: int
    level: int


@dataclass(frozen=True)
class ReferenceView:
    """A citation: the source's number in the Sources list, the locator, its confidence."""

    number: int
    at: str
    confidence: str
    flagged: bool


@dataclass(frozen=True)
class DriverLine:
    """One reason a figure is what it is, in plain words, with its effect when it has one."""

    text: str
    effect: str = ""
    gap: bool = False


@dataclass(frozen=True)
class PlanItem:
    """One recommended mitigation as the plan shows it."""

    rank: int
    id: str
    title: str
    action: str
    done_when: str
    suggested_owner: str
    horizon: str
    horizon_title: str
    areas: list[str]
    effort: str
    review: bool
    priority: bool
    references: list[ReferenceView]
    status: str
    status_id: str
    owner: str
    due: str
    overdue: bool
    note: str
    expected_reduction: int


@dataclass(frozen=True)
class AreaView:
    """One risk area: ratings, drivers in plain words, rights, data gaps, mitigations."""

    number: int
    code: str
    id: str
    title: str
    description: str
    priority: bool
    band: BandView
    rating: int
    severity: int
    likelihood: int
    residual_band: BandView
    residual_rating: int
    residual_severity: int
    residual_likelihood: int
    summary: str
    residual_summary: str
    severity_drivers: list[DriverLine]
    likelihood_drivers: list[DriverLine]
    override: str
    involvement: str
    rights: list[str]
    data_gaps: list[str]
    mitigations: list[str]
    references: list[ReferenceView]
    vector: str
    residual_vector: str


@dataclass(frozen=True)
class TopRisk:
    """A salient risk for the executive summary, with why it matters."""

    code: str
    title: str
    band: BandView
    residual_band: BandView
    why: str
    drivers: list[str]


@dataclass(frozen=True)
class Summary:
    """The executive summary: the overall picture, top risks, the next 30 days."""

    overall: list[str]
    top_risks: list[TopRisk]
    next_30_days: list[PlanItem]
    next_steps: list[str]


@dataclass(frozen=True)
class AcceptedView:
    """A plan item the company declined: the risk it addresses remains."""

    id: str
    title: str
    areas: list[str]
    reason: str
    approver: str
    expires: str
    expired: bool
    recommended: bool
    floored: list[str]
    """Areas it addresses whose likelihood a legal floor holds up: flagged to the board."""


@dataclass(frozen=True)
class SourceView:
    """A source in the Sources list."""

    number: int
    id: str
    title: str
    publisher: str
    date: str
    url: str
    confidence: str
    flagged: bool
    note: str


@dataclass(frozen=True)
class AnswerView:
    """One question with its answer and, in the internal profile, notes and evidence."""

    id: str
    question: str
    answer: str
    answered: bool
    dont_know: bool
    note: str
    evidence: list[str]
    answered_by: str
    answered_at: str
    review: bool


@dataclass(frozen=True)
class AppendixSection:
    """One questionnaire section of the answers appendix."""

    title: str
    answers: list[AnswerView]


@dataclass(frozen=True)
class HorizonGroup:
    """The plan's mitigations of one horizon, in plan order."""

    horizon: str
    title: str
    items: list[PlanItem]


@dataclass(frozen=True)
class RetiredView:
    """An answer to a question a later questionnaire version removed (internal profile only)."""

    id: str
    question: str
    answer: str
    note: str
    evidence: list[str]
    answered_by: str
    answered_at: str
    retired_from: str
    retired_at: str
