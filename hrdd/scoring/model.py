"""The Assessment and its parts: frozen data that reports render and `hrdd score` prints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hrdd.answers.model import MitigationStatus

JsonValue = str | list[str] | int | float
"""An answer as it appears in output: a list for multi questions, `dont_know` for don't know."""


class Model(BaseModel):
    """Base of every result model: immutable, unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class DimensionDriver(Model):
    """What set one severity dimension of an area."""

    dimension: Literal["scale", "scope", "irremediability"] = Field(description="The dimension.")
    value: int = Field(description="Its level, 1 to 5.")
    source: str = Field(description="Id of the rule that set it, or `default` (the area's).")


class PointDriver(Model):
    """One answer that added likelihood points to an area."""

    question: str = Field(description="Question id.")
    answer: JsonValue = Field(description="The answer given.")
    points: int = Field(description="Points it added to this area (after the question's cap).")
    dont_know: bool = Field(description="True when scored as the riskiest answer for a gap.")


class Severity(Model):
    """The three UNGP dimensions of an area and the severity they combine into."""

    scale: int = Field(description="Scale (gravity), 1 to 5.")
    scope: int = Field(description="Scope (how many people), 1 to 5.")
    irremediability: int = Field(description="Irremediability, 1 to 5.")
    weighted: int = Field(description="Weighted mean of the dimensions, rounded half up.")
    escalated: bool = Field(description="True when a dimension at 5 lifted severity.")
    severity: int = Field(description="Severity S, 1 to 5.")


class Likelihood(Model):
    """How likelihood L was reached from answer points and rule floors."""

    points: int = Field(description="Points P from the applicable answers.")
    max_points: int = Field(
        description="Fixed denominator M: the riskiest total over all questions."
    )
    floor: int = Field(description="Floor F: the highest floor of the triggered rules, else 1.")
    floor_rule: str | None = Field(description="Id of the rule that set the floor, if any.")
    likelihood: int = Field(description="L = max(F, 1 + round_half_up(4 * P / M)), 1 to 5.")


class MitigationDriver(Model):
    """One mitigation counted in an area's residual figures, with its expected effect."""

    mitigation: str = Field(description="Mitigation id.")
    likelihood: int = Field(description="Change to likelihood it promises (0 or negative).")
    scale: int = Field(description="Change to scale.")
    scope: int = Field(description="Change to scope.")
    irremediability: int = Field(description="Change to irremediability.")


class Residual(Model):
    """An area's figures once its triggered mitigations not declined are in place.

    Declined means `accepted` with an acceptance that still holds on the reference date.
    """

    severity: Severity = Field(description="Residual dimensions and severity.")
    likelihood: int = Field(description="Residual likelihood, at least 1.")
    rating: int = Field(description="Residual R = S x L.")
    band: str = Field(description="Residual band id.")
    override: str | None = Field(description="Band id an override raised it to, if any.")
    drops: dict[str, int] = Field(
        description="Total drop applied per figure after the residual caps (positive numbers)."
    )
    drivers: list[MitigationDriver] = Field(description="The mitigations counted, in id order.")
    vector: str = Field(description="Compact string that reproduces the residual rating.")


class AreaResult(Model):
    """One risk area's inherent and residual rating with every driver."""

    area: str = Field(description="Area id.")
    priority: bool = Field(description="The area's `priority` flag (e.g. staff safety).")
    severity: Severity = Field(description="Inherent dimensions and severity.")
    severity_drivers: list[DimensionDriver] = Field(description="What set each dimension.")
    likelihood: Likelihood = Field(description="Inherent likelihood and how it was reached.")
    point_drivers: list[PointDriver] = Field(
        description="Every answer that added points, in questionnaire order."
    )
    rating: int = Field(description="Inherent R = S x L, 1 to 25.")
    band: str = Field(description="Inherent band id, after overrides.")
    override: str | None = Field(description="Band id an override raised it to, if any.")
    involvement: Literal["cause", "contribute", "linked"] | None = Field(
        description="UNGP 13 involvement from triggered rules (strongest wins), if any."
    )
    data_gaps: list[str] = Field(
        description="Questions answered don't know that can give this area points."
    )
    vector: str = Field(description="Compact string that reproduces the inherent rating.")
    residual: Residual = Field(description="Figures after the mitigations.")


class PlannedMitigation(Model):
    """One triggered mitigation in the plan, with the answers file's status."""

    rank: int = Field(description="Position in the whole plan, 1 first.")
    mitigation: str = Field(description="Mitigation id.")
    areas: list[str] = Field(description="Areas it addresses.")
    horizon: str = Field(description="immediate, 90_days, 180_days or ongoing.")
    effort: str = Field(description="low, medium or high.")
    review: bool = Field(description="Needs legal and safety review before acting.")
    priority: bool = Field(description="Addresses a priority area rated high or above.")
    top_band: str = Field(description="Highest inherent band among the areas it addresses.")
    expected_reduction: int = Field(
        description="Sum over its areas of inherent R minus R with this mitigation alone."
    )
    status: MitigationStatus | None = Field(description="Status from the answers file, if any.")
    owner: str | None = Field(description="Owner from the answers file, if any.")
    due: str | None = Field(description="Due date from the answers file, if any.")
    note: str | None = Field(description="Note from the answers file, if any.")
    acceptance_expired: bool = Field(
        default=False,
        description=(
            "True when the status is `accepted` but the acceptance expired before the "
            "reference date: it no longer holds, and the residual counts this mitigation."
        ),
    )


class PlanGroup(Model):
    """The mitigations of one horizon, in plan order."""

    horizon: str = Field(description="immediate, 90_days, 180_days or ongoing.")
    mitigations: list[PlannedMitigation] = Field(description="In plan order.")


class Overall(Model):
    """The whole assessment at a glance."""

    inherent: str = Field(description="Highest inherent band of any area.")
    residual: str = Field(description="Highest residual band of any area.")
    inherent_counts: dict[str, int] = Field(description="Areas per inherent band, lowest first.")
    residual_counts: dict[str, int] = Field(description="Areas per residual band, lowest first.")


class Assessment(Model):
    """Everything the engine concludes from one answers file."""

    questionnaire: str = Field(description="Questionnaire id.")
    version: str = Field(description="Questionnaire version.")
    hash: str = Field(description="Questionnaire content hash.")
    complete: bool = Field(description="True when every applicable question is answered.")
    unanswered: list[str] = Field(description="Applicable questions without an answer.")
    data_gaps: list[str] = Field(description="Applicable questions answered don't know.")
    applicable: list[str] = Field(description="Questions that apply given the answers.")
    triggered_rules: list[str] = Field(description="Rules whose condition holds.")
    triggered_mitigations: list[str] = Field(description="Mitigations whose condition holds.")
    bands: list[str] = Field(description="Band ids of the questionnaire, lowest first.")
    areas: list[AreaResult] = Field(description="Per area, in questionnaire order.")
    overall: Overall = Field(description="Highest bands and counts.")
    plan: list[PlanGroup] = Field(description="Triggered mitigations by horizon, in plan order.")
