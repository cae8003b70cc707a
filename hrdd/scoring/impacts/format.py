"""Questionnaire format 2: impacts on people, the paths that reach them, typed mitigations.

Data only: the numbers of the method live here, as the questionnaire declares them; the
engine in this package is generic. See docs/risk-model-format.md.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from hrdd.questionnaire.model import (
    Condition,
    Effort,
    Horizon,
    Id,
    LangCode,
    Level,
    NamedCondition,
    Question,
    Reference,
    Section,
    Source,
    Text,
    usable_number,
)
from hrdd.values import FrozenModel

Step = Annotated[int, Field(ge=-4, le=-1, description="A change of one to four steps down.")]
OptionOrNumber = Annotated[
    str | int | float | list[str],
    BeforeValidator(usable_number),
    Field(
        description="An option value, a list of option values (multi) or a number (finite, "
        "at most 1,000,000,000,000,000 in size)."
    ),
]


# --- severity and scope -------------------------------------------------------------------


class LevelRule(FrozenModel):
    """A level that applies when its condition holds."""

    when: Condition = Field(description="The rule applies when this condition holds.")
    level: Level = Field(description="The level it sets.")
    label: Text | None = Field(default=None, description="Why, in words, for the drivers.")


class Scope(FrozenModel):
    """How many people a path or an impact reaches, as a tier 1 to 5.

    Exactly one of `fixed`, `question` with `tiers`, or `question` with `map`.
    """

    fixed: Level | None = Field(default=None, description="A fixed tier, e.g. 5.")
    question: Id | None = Field(
        default=None, description="The number or single-choice question that holds the count."
    )
    tiers: Literal["people", "staff"] | None = Field(
        default=None,
        description="For a number question: which cut-offs of `scope_tiers` turn it into a tier.",
    )
    map: dict[Id, Level] | None = Field(
        default=None,
        description="For a single-choice (band) question: the tier of each option value.",
    )
    label: Text | None = Field(default=None, description="Who is counted, e.g. `users in Belarus`.")

    @model_validator(mode="after")
    def _one_source(self) -> Scope:
        if self.fixed is not None:
            if self.question is not None or self.tiers is not None or self.map is not None:
                raise ValueError("a scope with `fixed` takes no `question`, `tiers` or `map`")
        elif self.question is None:
            raise ValueError("a scope needs `fixed`, or `question` with `tiers` or `map`")
        elif (self.tiers is None) == (self.map is None):
            raise ValueError("a scope from a `question` needs exactly one of `tiers` and `map`")
        return self


class Irremediability(FrozenModel):
    """How hard an impact's harm is to undo; only prevention lowers it, remedy never does."""

    level: Level = Field(description="The level when no rule holds.")
    metadata_only: Level | None = Field(
        default=None,
        description="The level for a scenario that reaches metadata only (e.g. 4 for disclosure).",
    )
    rules: list[LevelRule] = Field(
        default_factory=list, description="The first rule that holds sets the level instead."
    )


class ImpactScale(FrozenModel):
    """An impact's own scale where it does not come from what the path reaches."""

    level: Level = Field(description="The scale when no rule holds.")
    rules: list[LevelRule] = Field(
        default_factory=list, description="The first rule that holds sets the scale instead."
    )


class DerivedLikelihood(FrozenModel):
    """A likelihood taken from the path's, moved by an offset (chilling: one below disclosure)."""

    offset: Annotated[int, Field(ge=-4, le=0)] = Field(
        description="Added to the path's likelihood, inherent and residual alike, e.g. -1."
    )
    minimum: Level = Field(default=1, description="Never below this.")


class Impact(FrozenModel):
    """A salient impact on people: who could be harmed, and how."""

    id: Id = Field(description="Unique impact id.")
    title: Text = Field(description="Short title.")
    description: Text = Field(description="The harm to people, in plain words.")
    rights: list[str] = Field(min_length=1, description="Rights affected, e.g. `ICCPR 17`.")
    rights_holders: list[Text] = Field(
        min_length=1, description="Who could be harmed, e.g. users, staff, their families."
    )
    paths: list[Id] = Field(
        min_length=1, description="The paths whose opening creates a scenario of this impact."
    )
    when: Condition | None = Field(
        default=None,
        description="Create scenarios only when this holds (e.g. people outside Belarus reached).",
    )
    scale: ImpactScale | None = Field(
        default=None,
        description="The impact's own scale; without it the scale is what the path reaches.",
    )
    scope: Scope | None = Field(
        default=None, description="The impact's own scope; without it the path's scope."
    )
    irremediability: Irremediability = Field(description="How hard the harm is to undo.")
    likelihood: DerivedLikelihood | None = Field(
        default=None, description="Derive the likelihood from the path's; without it, the path's."
    )
    at_risk: bool = Field(
        default=False,
        description="Give at-risk people their own sub-scenario on each non-context path.",
    )
    references: list[Reference] = Field(default_factory=list, description="Sources.")


# --- paths --------------------------------------------------------------------------------


class PathLevel(FrozenModel):
    """One way a path opens, with its base likelihood; the first that holds opens the path."""

    when: Condition = Field(description="The path is open at this level when this holds.")
    likelihood: Level = Field(description="The base likelihood L0.")
    floor: Level | None = Field(
        default=None,
        description=(
            "A legal floor the company cannot switch off while it stays: likelihood never "
            "below it, inherent or residual, while the path is open."
        ),
    )
    label: Text = Field(description="The fact in words, e.g. `SORM on the own network`.")


class Reach(FrozenModel):
    """What a path reaches: data or people, with the scale of harm; the gravest that holds wins."""

    when: Condition = Field(description="The path reaches this when the condition holds.")
    scale: Level = Field(description="Scale of harm if this is disclosed or used.")
    data: Text = Field(description="What is reached, in words, e.g. `communications content`.")
    metadata: bool = Field(
        default=False, description="This is metadata only (irremediability `metadata_only`)."
    )
    narrowable: bool = Field(
        default=True,
        description=(
            "false: narrowing does not lower it (a server-side contact graph stays 5 under E2EE)."
        ),
    )


class Interest(FrozenModel):
    """Evidence of interest in the path: +1 to its base likelihood once, never above 5."""

    when: Condition = Field(description="Holds when demands were received, staff approached...")
    label: Text = Field(description="The evidence in words.")


class Safeguard(FrozenModel):
    """A safeguard on one path: lowers that path's likelihood while it is in place."""

    id: Id = Field(description="Unique safeguard id (unique across all paths).")
    title: Text = Field(description="What is in place.")
    when: Condition = Field(description="The safeguard is in place when this holds.")
    likelihood: Step = Field(default=-1, description="Its effect on the path's likelihood.")


class Involvement(StrEnum):
    """UNGP 13 and 19: the company's role in a scenario, strongest first."""

    CAUSE = "cause"
    CONTRIBUTE = "contribute"
    LINKED = "linked"
    NONE = "none"


class InvolvementRule(FrozenModel):
    """An involvement that applies when its condition holds; the strongest that holds wins.

    A `cause` rule is read with every data gap at its favourable value: a gap never sets cause.
    """

    when: Condition = Field(description="The rule applies when this holds.")
    involvement: Involvement = Field(description="cause, contribute, linked or none.")
    reason: Text = Field(description="Why, in words.")


class DefaultInvolvement(FrozenModel):
    """The involvement of a path's scenarios when no rule holds."""

    involvement: Involvement = Field(description="cause, contribute, linked or none.")
    reason: Text = Field(description="Why, in words.")


class Context(FrozenModel):
    """When a path is context, not involvement (TLS-protected transit through others' networks)."""

    when: Condition = Field(description="The path is context while this holds.")
    scale_max: Level = Field(default=3, description="Scale of its scenarios at most this.")
    band_max: Id = Field(description="Band of its scenarios at most this, e.g. `medium`.")
    reason: Text = Field(description="The involvement reason shown, e.g. `product design`.")


class Path(FrozenModel):
    """A path by which harm can reach people; open when one of its levels holds."""

    id: Id = Field(description="Unique path id.")
    title: Text = Field(description="Short title.")
    description: Text | None = Field(default=None, description="How harm travels this path.")
    levels: list[PathLevel] = Field(
        min_length=1, description="Ordered: the first that holds opens the path; none: closed."
    )
    confirmed_only: bool = Field(
        default=False,
        description="Read `levels` with every gap at its favourable value: a gap never opens it.",
    )
    reaches: list[Reach] = Field(
        min_length=1, description="What the path reaches; the gravest that holds sets the scale."
    )
    scope: Scope = Field(description="How many people it reaches.")
    interest: list[Interest] = Field(
        default_factory=list, description="Evidence of interest: any that holds adds +1, once."
    )
    safeguards: list[Safeguard] = Field(
        default_factory=list, description="Safeguards that act on this path alone."
    )
    safeguard_cap: Annotated[int, Field(ge=0, le=4)] = Field(
        default=2,
        description="The most that safeguards and lower mitigations together take off; 0: none.",
    )
    involvement: list[InvolvementRule] = Field(
        default_factory=list, description="Involvement rules; the strongest that holds wins."
    )
    default_involvement: DefaultInvolvement = Field(
        description="The involvement when no rule holds."
    )
    context: Context | None = Field(
        default=None, description="When the path is context rather than involvement."
    )
    flag: Text | None = Field(
        default=None,
        description="A legal-compliance flag raised while the path is open (UNGP 23(c)).",
    )
    references: list[Reference] = Field(default_factory=list, description="Sources.")


# --- at-risk people, actual impacts -------------------------------------------------------


class AtRisk(FrozenModel):
    """At-risk people (journalists, defenders, activists...) as their own sub-scenarios."""

    when: Condition = Field(description="At-risk people are among those reached when this holds.")
    scale: Level = Field(default=5, description="The scale of their sub-scenarios.")
    scope: Scope = Field(
        description=(
            "How many at-risk people are reached; unknown: one tier below the path's scope, "
            "provisional."
        )
    )
    label: Text = Field(description="Who they are, in words.")


class ActualImpact(FrozenModel):
    """Harm that has happened: recorded apart, first in the plan, never from a data gap."""

    id: Id = Field(description="Unique id; the plan item is `actual:<id>`.")
    title: Text = Field(description="What happened, in words.")
    when: Condition = Field(
        description="Holds when it happened; read with every gap favourable (never from a gap)."
    )
    impacts: list[Id] = Field(min_length=1, description="The impacts that happened.")
    raises: list[Id] = Field(
        default_factory=list,
        description="Paths whose base likelihood it raises by +1 (the same step as interest).",
    )
    presumed: bool = Field(
        default=False,
        description="Shown as `presumed: access is not visible to you` (SORM, a live connection).",
    )
    action: Text = Field(description="Cease and remediate: what to do.")


# --- rating -------------------------------------------------------------------------------


class Weights(FrozenModel):
    """Weights of scale, scope and irremediability in the severity mean."""

    scale: Annotated[int, Field(ge=0, le=10)] = Field(default=2, description="Weight of scale.")
    scope: Annotated[int, Field(ge=0, le=10)] = Field(default=1, description="Weight of scope.")
    irremediability: Annotated[int, Field(ge=0, le=10)] = Field(
        default=2, description="Weight of irremediability."
    )


class SeverityMethod(FrozenModel):
    """S = round_half_up(weighted mean); one dimension at `escalate_at` lifts S to `escalate_to`."""

    weights: Weights = Field(default_factory=Weights, description="The weights.")
    escalate_at: Level = Field(default=5, description="A dimension at this level escalates.")
    escalate_to: Level = Field(default=4, description="Severity at least this when escalated.")


class ScopeTiers(FrozenModel):
    """Cut-offs turning a count into a tier: below the first 1, ..., at or above the last 5."""

    people: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=lambda: [1_000, 10_000, 100_000, 1_000_000],
        min_length=4,
        max_length=4,
        description="People reached: four ascending cut-offs.",
    )
    staff: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=lambda: [10, 50, 250, 1_000],
        min_length=4,
        max_length=4,
        description="Staff in reach: four ascending cut-offs.",
    )


class BandDef(FrozenModel):
    """A rating band of the matrix."""

    id: Id = Field(description="Band id, e.g. `critical`.")
    label: Text = Field(description="Label shown in reports.")


class MatrixRow(FrozenModel):
    """The bands of one severity, for likelihood 1 to 5."""

    severity: Level = Field(description="The severity of this row.")
    likelihood: list[Id] = Field(
        min_length=5, max_length=5, description="Band ids for likelihood 1, 2, 3, 4 and 5."
    )


class Matrix(FrozenModel):
    """The severity-first rating matrix, declared in the questionnaire."""

    bands: list[BandDef] = Field(min_length=2, description="Bands, lowest first: order ranks.")
    rows: list[MatrixRow] = Field(
        min_length=5, max_length=5, description="One row per severity 1 to 5."
    )
    headline_from: Id = Field(description="The lowest band an impact needs to be in the headline.")
    headline_max: Annotated[int, Field(ge=1, le=10)] = Field(
        default=3, description="At most this many impacts in the headline (provisional ones aside)."
    )


class ExposureLevel(FrozenModel):
    """An exposure level of an area: from the highest likelihood among its open paths."""

    id: Id = Field(description="Level id, e.g. `high`.")
    label: Text = Field(description="Label shown.")
    min_likelihood: Annotated[int, Field(ge=0, le=5)] = Field(
        description="Lowest path likelihood for this level; 0 means no path open."
    )


class PreparednessLevel(FrozenModel):
    """A preparedness level of an area: from the share of its applicable safeguards in place."""

    id: Id = Field(description="Level id, e.g. `partial`.")
    label: Text = Field(description="Label shown.")
    min_share: Annotated[float, Field(ge=0, le=1)] = Field(
        description="Lowest share in place for this level (e.g. 0.3334 for `partial`)."
    )
    above_zero: bool = Field(
        default=False, description="Only when at least one is in place (`weak` vs `none`)."
    )


def _exposure_levels() -> list[ExposureLevel]:
    return [
        ExposureLevel(id="none", label="None", min_likelihood=0),
        ExposureLevel(id="low", label="Low", min_likelihood=1),
        ExposureLevel(id="medium", label="Medium", min_likelihood=3),
        ExposureLevel(id="high", label="High", min_likelihood=4),
    ]


def _preparedness_levels() -> list[PreparednessLevel]:
    return [
        PreparednessLevel(id="none", label="None", min_share=0),
        PreparednessLevel(id="weak", label="Weak", min_share=0, above_zero=True),
        PreparednessLevel(id="partial", label="Partial", min_share=1 / 3),
        PreparednessLevel(id="strong", label="Strong", min_share=2 / 3),
    ]


class Levels(FrozenModel):
    """Exposure and preparedness levels of the areas, lowest first."""

    exposure: list[ExposureLevel] = Field(
        default_factory=_exposure_levels, description="Exposure levels, lowest first."
    )
    preparedness: list[PreparednessLevel] = Field(
        default_factory=_preparedness_levels, description="Preparedness levels, lowest first."
    )


class Practice(FrozenModel):
    """A practice counted toward an area's preparedness that is not a path safeguard."""

    id: Id = Field(description="Unique practice id.")
    title: Text = Field(description="What is in place.")
    when: Condition = Field(description="In place when this holds.")
    applies: Condition | None = Field(
        default=None, description="Counted only when this holds (e.g. only with staff in Belarus)."
    )


class Area(FrozenModel):
    """A topic of the questionnaire: reported with exposure and preparedness, never a severity."""

    id: Id = Field(description="Unique area id.")
    title: Text = Field(description="Short title.")
    description: Text | None = Field(default=None, description="What the topic covers.")
    rights: list[str] = Field(default_factory=list, description="Rights concerned.")
    exposure: list[Id] = Field(
        default_factory=list, description="The paths whose openness is this area's exposure."
    )
    safeguards: list[Id] = Field(
        default_factory=list, description="Path safeguards counted toward its preparedness."
    )
    practices: list[Practice] = Field(
        default_factory=list, description="Other practices counted toward its preparedness."
    )
    references: list[Reference] = Field(default_factory=list, description="Sources.")


# --- gaps ---------------------------------------------------------------------------------


class Gap(FrozenModel):
    """What a don't-know or missing answer counts as, riskiest and favourable.

    A yes/no question needs no entry (riskiest `yes`, favourable `no`); an entry reverses
    or refines that.
    """

    question: Id = Field(description="The question.")
    riskiest: OptionOrNumber = Field(description="The value a gap takes for the rating.")
    favourable: OptionOrNumber = Field(description="The value a gap takes for the best case.")
    bound: Id | None = Field(
        default=None,
        description="A number question whose answer caps the riskiest value (e.g. total users).",
    )


# --- mitigations --------------------------------------------------------------------------


class MitigationType(StrEnum):
    """What a mitigation changes."""

    DECISION = "decision"
    CLOSE = "close"
    NARROW = "narrow"
    LOWER = "lower"
    ASSESS = "assess"
    REMEDY = "remedy"


class DecisionOption(FrozenModel):
    """One option of a decision and what it leads to."""

    id: Id = Field(description="Option id, e.g. `exit`.")
    title: Text = Field(description="The option, e.g. `Exit the market`.")
    leads_to: Text = Field(
        description="What follows for people: loss of access, staff safety, a sale, exit permits."
    )
    closes: list[Id] = Field(
        default_factory=list, description="Paths this option closes, for its residual."
    )


class Mitigation(FrozenModel):
    """A typed mitigation: decision, close, narrow, lower, assess or remedy."""

    id: Id = Field(description="Unique id; the plan item is `mitigation:<id>` (`decision:<id>`).")
    type: MitigationType = Field(description="decision, close, narrow, lower, assess or remedy.")
    title: Text = Field(description="Short imperative title.")
    action: Text = Field(description="What to do, concretely.")
    owner: Text | None = Field(default=None, description="Who in the company should do it.")
    done_when: Text | None = Field(default=None, description="How to know it is done.")
    when: Condition | None = Field(
        default=None,
        description=(
            "Recommend only when this holds: keeps out what cannot fit and what is in place. "
            "A decision's condition is read with every gap favourable."
        ),
    )
    closes: list[Id] = Field(default_factory=list, description="close: the paths it removes.")
    paths: list[Id] = Field(
        default_factory=list, description="narrow, lower, decision: the paths it acts on."
    )
    scale_to: Level | None = Field(
        default=None, description="narrow: the scale of what the paths reach at most this."
    )
    scale_by: Step | None = Field(default=None, description="narrow: scale lowered by this.")
    scope_tiers: Step | None = Field(default=None, description="narrow: scope tier lowered.")
    metadata: bool = Field(
        default=False,
        description="narrow: what remains is metadata only (irremediability `metadata_only`).",
    )
    likelihood: Step | None = Field(
        default=None, description="lower: likelihood change, within the path's safeguard cap."
    )
    safeguard: Id | None = Field(
        default=None,
        description="lower: the safeguard it puts in place; not credited when already in place.",
    )
    options: list[DecisionOption] = Field(
        default_factory=list, description="decision: the options, at least two."
    )
    impacts: list[Id] = Field(
        default_factory=list,
        description="Impacts it protects people from (staff-safety items name staff coercion).",
    )
    group: Id | None = Field(
        default=None, description="Exclusivity group: only one member is credited."
    )
    horizon: Horizon = Field(description="immediate, 90_days, 180_days or ongoing.")
    effort: Effort = Field(description="low, medium or high.")
    review: bool = Field(
        default=False, description="Needs legal and safety review first (staff liability)."
    )
    internal: bool = Field(default=False, description="Leave out of shareable reports.")
    references: list[Reference] = Field(default_factory=list, description="Frameworks, sources.")

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Mitigation:
        kind = self.type
        narrowing = (
            self.scale_to is not None
            or self.scale_by is not None
            or self.scope_tiers is not None
            or self.metadata
        )
        if kind is MitigationType.CLOSE and not self.closes:
            raise ValueError("a `close` mitigation needs `closes: [path, ...]`")
        if kind is not MitigationType.CLOSE and self.closes:
            raise ValueError(f"`closes` is only for `close` mitigations, not `{kind.value}`")
        if kind is MitigationType.NARROW and (not self.paths or not narrowing):
            raise ValueError(
                "a `narrow` mitigation needs `paths` and one of `scale_to`, `scale_by`, "
                "`scope_tiers` or `metadata: true`"
            )
        if kind is not MitigationType.NARROW and narrowing:
            raise ValueError(f"scale and scope changes are only for `narrow`, not `{kind.value}`")
        if kind is MitigationType.LOWER and (not self.paths or self.likelihood is None):
            raise ValueError("a `lower` mitigation needs `paths` and `likelihood`, e.g. -1")
        if kind is not MitigationType.LOWER and (
            self.likelihood is not None or self.safeguard is not None
        ):
            raise ValueError(f"`likelihood` and `safeguard` are only for `lower`, not {kind.value}")
        if kind is MitigationType.DECISION and (len(self.options) < 2 or not self.paths):
            raise ValueError("a `decision` needs `paths` and at least two `options`")
        if kind is not MitigationType.DECISION and self.options:
            raise ValueError(f"`options` are only for `decision`, not `{kind.value}`")
        if kind in (MitigationType.ASSESS, MitigationType.REMEDY) and self.paths:
            raise ValueError(f"an `{kind.value}` step changes no path: remove `paths`")
        return self


class PlanPriority(FrozenModel):
    """Items planned first when an impact is rated high enough (staff safety)."""

    impact: Id = Field(description="The impact, e.g. `staff_coercion`.")
    band: Id = Field(description="From this band up.")
    items: Annotated[int, Field(ge=1, le=5)] = Field(
        default=2, description="At most this many of its mitigations come early."
    )


class Plan(FrozenModel):
    """Plan settings."""

    priority: PlanPriority | None = Field(
        default=None, description="Mitigations planned right after actual-impact items."
    )


# --- the whole file -----------------------------------------------------------------------


class RiskQuestionnaire(FrozenModel):
    """A whole questionnaire file (format 2): questions, and the risk model on impacts."""

    format: Literal[2] = Field(description="Format version; must be 2.")
    id: Id = Field(description="Questionnaire id, e.g. `decree_368`.")
    version: str = Field(min_length=1, description="Content version, e.g. `2.0.0` (quote it).")
    title: Text = Field(description="Title.")
    description: Text | None = Field(default=None, description="What it assesses and for whom.")
    languages: list[LangCode] = Field(
        default_factory=lambda: ["en"],
        min_length=1,
        description="Languages texts are given in; the first is the default.",
    )
    disclaimer: Text = Field(description="Shown at the start and in every report.")
    sources: list[Source] = Field(default_factory=list, description="Cited documents.")
    conditions: list[NamedCondition] = Field(
        default_factory=list, description="Named conditions any `when:` may use by name."
    )
    sections: list[Section] = Field(min_length=1, description="Sections of questions, in order.")
    areas: list[Area] = Field(min_length=1, description="Topics, with exposure and preparedness.")
    impacts: list[Impact] = Field(min_length=1, description="Salient impacts on people.")
    paths: list[Path] = Field(min_length=1, description="Paths by which harm reaches people.")
    at_risk: AtRisk | None = Field(default=None, description="At-risk people's sub-scenarios.")
    actual_impacts: list[ActualImpact] = Field(
        default_factory=list, description="The actual-impact register's entries."
    )
    severity: SeverityMethod = Field(
        default_factory=SeverityMethod, description="How scale, scope, irremediability combine."
    )
    scope_tiers: ScopeTiers = Field(default_factory=ScopeTiers, description="Scope cut-offs.")
    matrix: Matrix = Field(description="The severity-first rating matrix.")
    levels: Levels = Field(default_factory=Levels, description="Exposure, preparedness levels.")
    gaps: list[Gap] = Field(default_factory=list, description="Riskiest and favourable values.")
    mitigations: list[Mitigation] = Field(default_factory=list, description="Typed mitigations.")
    plan: Plan = Field(default_factory=Plan, description="Plan settings.")

    @property
    def default_language(self) -> str:
        """Return the language that texts fall back to."""
        return self.languages[0]

    def questions(self) -> list[Question]:
        """Return every question in questionnaire order."""
        return [q for s in self.sections for q in s.questions]

    def plan_item_ids(self) -> list[str]:
        """Return the id of every plan item this questionnaire can recommend, in file order.

        `mitigation:<id>` or `decision:<id>` per mitigation, `find_out:<question>` per
        question and `actual:<id>` per actual-impact entry: the keys of plan records.
        """
        return [
            *(
                f"{'decision' if m.type is MitigationType.DECISION else 'mitigation'}:{m.id}"
                for m in self.mitigations
            ),
            *(f"actual:{a.id}" for a in self.actual_impacts),
            *(f"find_out:{q.id}" for q in self.questions()),
        ]
