"""What the risk-model engine returns: plain frozen records, everything an output needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Rating:
    """Severity dimensions, likelihood and band of one scenario, inherent or residual."""

    scale: int
    scope: int
    irremediability: int
    severity: int
    likelihood: int
    band: str
    vector: str
    """Reproduces the numbers, e.g. ``SC5/SP4/IR5=S5 L0:3+1-0 F1=L4 critical``."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One impact through one open path (at-risk people as their own sub-scenario)."""

    id: str
    """``impact/path`` or ``impact/path/at_risk``."""
    impact: str
    path: str
    at_risk: bool
    context: bool
    reaches: str
    """The gravest data or people the path reaches, in words."""
    inherent: Rating
    residual: Rating | None
    """None when a recommended mitigation closes the path."""
    best: Rating | None
    """The inherent rating with every gap favourable; None when the path is then closed."""
    best_residual: Rating | None
    involvement: str
    involvement_reason: str
    drivers: tuple[str, ...]
    """The biggest drivers of the inherent rating first, in words."""
    provisional: bool


@dataclass(frozen=True, slots=True)
class ImpactRating:
    """An impact rated by its worst scenario."""

    id: str
    band: str
    severity: int
    likelihood: int
    irremediability: int
    scope: int
    at_band: int
    """How many scenarios sit at the impact's band."""
    worst: str
    """The id of its worst scenario."""
    residual: str | None
    """The band of its worst residual scenario; None when every scenario is closed."""
    best: str | None
    """The band with every gap favourable; None: not rated then."""
    best_residual: str | None
    provisional: bool
    gaps: tuple[str, ...]
    """The data gaps that can move it (empty when it is not provisional)."""
    involvement: str
    involvement_reason: str
    context_only: bool
    """Every scenario is context (TLS-protected transit): kept out of the headline."""
    scenarios: tuple[Scenario, ...]
    """Its scenarios, worst first."""


@dataclass(frozen=True, slots=True)
class ActualEntry:
    """An entry of the actual-impact register."""

    id: str
    impacts: tuple[str, ...]
    raises: tuple[str, ...]
    presumed: bool


@dataclass(frozen=True, slots=True)
class AreaLevels:
    """An area's exposure and preparedness; never a severity."""

    id: str
    exposure: str
    exposure_paths: tuple[str, ...]
    """Its open paths, highest likelihood first."""
    preparedness: str | None
    """None when no safeguard or practice of the area applies."""
    in_place: tuple[str, ...]
    applicable: tuple[str, ...]


class ItemKind(StrEnum):
    """The kinds of plan items."""

    ACTUAL = "actual"
    DECISION = "decision"
    FIND_OUT = "find_out"
    CLOSE = "close"
    NARROW = "narrow"
    LOWER = "lower"
    ASSESS = "assess"
    REMEDY = "remedy"


@dataclass(frozen=True, slots=True)
class OptionOutcome:
    """What one option of a decision leads to: its words and the residual band per impact."""

    id: str
    residual: tuple[tuple[str, str | None], ...]
    """(impact id, residual band or None when no scenario is left), in impact ranking."""


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One item of the plan, with its stable id."""

    id: str
    """``actual:<id>``, ``decision:<id>``, ``find_out:<question>`` or ``mitigation:<id>``."""
    kind: ItemKind
    step: int
    """Its step in the plan order (1 actual ... 8 remedy)."""
    immediate: bool
    horizon: str
    reason: str
    subject: str
    """The actual impact, mitigation or question id."""
    declined: bool = False
    flagged: bool = False
    """A declined decision on a floored path: flagged to the board."""
    moves: int = 0
    """Find-out items: how many bands the gap moves a headline impact (0 when not ranked)."""
    options: tuple[OptionOutcome, ...] = ()
    order: tuple[object, ...] = field(default=(), repr=False, compare=False)
    """The sort key the plan ranking uses."""


@dataclass(frozen=True, slots=True)
class Result:
    """Everything the terminal, the report and test expectations read, for one answers file."""

    questionnaire: str
    version: str
    rated: bool
    """False: no path is open: "not rated: no salient impact identified"."""
    would_open: tuple[str, ...]
    """When not rated: the paths and what would open each, in words."""
    impacts: tuple[ImpactRating, ...]
    """Ranked by the one impact ranking."""
    headline: tuple[str, ...]
    provisional_headline: tuple[str, ...]
    """Provisional impacts outside the headline that could rise into it."""
    register: tuple[ActualEntry, ...]
    plan: tuple[PlanItem, ...]
    areas: tuple[AreaLevels, ...]
    flags: tuple[str, ...]
    """Legal-compliance flags of open paths (UNGP 23(c), sanctions)."""
    dont_know: tuple[str, ...]
    unanswered: tuple[str, ...]
    open_paths: tuple[str, ...]
    find_out_ranked: bool = False

    def impact(self, impact_id: str) -> ImpactRating | None:
        """Return the rating of one impact, or None when it has no scenario."""
        for rating in self.impacts:
            if rating.id == impact_id:
                return rating
        return None
