"""Questionnaire format v1 as frozen pydantic models: data only, no I/O, no printing."""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, Protocol

from pydantic import (
    BeforeValidator,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
)

from hrdd.values import YES_NO_VALUES, FrozenModel

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
    Field(description="An identifier: lower-case letters, digits and underscores."),
]
"""Ids of questions, areas, sources, mitigations and rules; usable as names in conditions."""

OptionValue = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=64),
    Field(description="The stored value of an option: lower-case letters, digits, underscores."),
]

LangCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"),
    Field(description="A BCP 47 language tag such as `en`, `ru` or `be`."),
]

Text = Annotated[
    str | dict[LangCode, str],
    Field(
        description=(
            "Text shown to people: a plain string in the default language, or a mapping from "
            "language tag to string. Missing languages fall back to the default language."
        )
    ),
]

Level = Annotated[int, Field(ge=1, le=5, description="A level on the 1 to 5 scale.")]

MAX_NUMBER = 10**15
"""The largest magnitude of any number hrdd reads: answers, bounds, literals in conditions.

Well past any count of users or staff, and small enough that every whole number up to it
is exact as a float, so comparing answers with bounds never loses a digit.
"""

NUMBER_RANGE = f"numbers must be finite and between -{MAX_NUMBER:,} and {MAX_NUMBER:,}"
"""The limit on numbers, in words, for messages."""


def shown_number(value: int | float) -> str:
    """Return a number as a message shows it: a huge one by its count of digits."""
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if abs(value) < 10**20:
        return str(value)
    # str() of an int beyond 4,300 digits raises; bit_length tells the size without it.
    digits = len(str(abs(value))) if value.bit_length() < 14_000 else 4_000
    return f"a number of {digits:,}{'' if digits < 4_000 else '+'} digits"


def number_problem(value: int | float) -> str | None:
    """Say what is wrong with a number given to hrdd, or return None when it is usable."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{shown_number(value)} is not a finite number"
    if abs(value) > MAX_NUMBER:
        return f"{shown_number(value)} is out of range"
    return None


def usable_number(value: object) -> object:
    """Pass a value on unless it is a number out of range (a validator before the type's)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        problem = number_problem(value)
        if problem is not None:
            raise ValueError(f"{problem}: {NUMBER_RANGE}")
    return value


Bound = Annotated[
    Annotated[float, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)] | None, BeforeValidator(usable_number)
]
"""The smallest or largest answer a number question allows."""

Condition = Annotated[
    str,
    Field(
        description=(
            "A `when:` expression over earlier question ids and named conditions, e.g. "
            "`licence == 'yes' and 'mail' in services`. See docs/questionnaire-format.md."
        ),
        min_length=1,
    ),
]


class Confidence(StrEnum):
    """How well a source's claim is established, as tagged in the domain brief."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"


class Source(FrozenModel):
    """A document that questions, areas and mitigations cite."""

    id: Id = Field(description="Unique id used in `references`.")
    title: str = Field(description="Title of the document as published.")
    url: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        description=(
            "The canonical place of the document: the publisher's own page, never a "
            "document-sharing mirror (`source-on-mirror` otherwise); http(s) only."
        ),
    )
    reference: str | None = Field(
        default=None,
        description=(
            "The official reference of the document: a document symbol such as "
            "`A/HRC/27/37` or `HR/PUB/11/04`, or a legal citation."
        ),
    )
    read_at: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        description=(
            "Where the text was actually read when that is not `url`, for example a copy "
            "on another site; http(s) only. It may be a mirror: that is its purpose."
        ),
    )
    publisher: str | None = Field(default=None, description="Who published it.")
    date: str | None = Field(default=None, description="Publication date, ISO preferred.")
    confidence: Confidence = Field(
        default=Confidence.VERIFIED,
        description=(
            "verified (read, and it says what is cited), secondary (one secondary source) "
            "or unverified."
        ),
    )
    note: str | None = Field(default=None, description="What the source supports, caveats.")

    @model_serializer(mode="wrap")
    def _leave_out_unset_locations(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # `reference` and `read_at` came after format 1 was first published: a source
        # without them dumps, and so hashes, as it did before the keys existed.
        data: dict[str, Any] = handler(self)
        for key in ("reference", "read_at"):
            if getattr(self, key) is None:
                data.pop(key, None)
        return data


class Reference(FrozenModel):
    """A citation of a declared source, optionally at a locator such as `GP 19` or `P10(a)`."""

    source: Id = Field(description="Id of a declared source.")
    at: str | None = Field(default=None, description="Article, principle, section or page.")


class SeverityDefaults(FrozenModel):
    """The three UNGP severity dimensions of an area before any rule applies."""

    scale: Level = Field(description="Gravity of the impact on people (1 minor to 5 gravest).")
    scope: Level = Field(description="How many people could be affected (1 few to 5 very many).")
    irremediability: Level = Field(
        description="How hard the harm is to undo (1 easily remedied to 5 irreversible)."
    )


class Area(FrozenModel):
    """A risk area: a way people may be harmed, scored separately."""

    id: Id = Field(description="Unique area id.")
    title: Text = Field(description="Short title.")
    description: Text | None = Field(default=None, description="Why this area matters.")
    rights: list[str] = Field(
        default_factory=list,
        description="Rights affected, e.g. `ICCPR Art. 17 (privacy)`.",
    )
    severity: SeverityDefaults = Field(description="Default severity dimensions.")
    priority: bool = Field(
        default=False,
        description=(
            "When true and the area's inherent rating is high or above, its mitigations are "
            "planned before all others (e.g. staff safety)."
        ),
    )
    references: list[Reference] = Field(default_factory=list, description="Sources.")


class NamedCondition(FrozenModel):
    """A condition with a name: any `when:` may use the name alone in its place."""

    id: Id = Field(
        description=(
            "The name conditions use, e.g. `covered_service`; unique, and not a question id."
        )
    )
    description: Text | None = Field(
        default=None, description="The idea it stands for, in the words of the domain."
    )
    when: Condition = Field(
        description="The condition: over question ids and other named conditions, no cycles."
    )


class QuestionType(StrEnum):
    """What kind of answer a question takes."""

    YES_NO = "yes_no"
    SINGLE = "single"
    MULTI = "multi"
    NUMBER = "number"
    TEXT = "text"


class Option(FrozenModel):
    """One answer a choice question offers, with the likelihood points it adds per area."""

    value: OptionValue = Field(description="Stored value; `yes` or `no` for yes_no questions.")
    label: Text | None = Field(
        default=None, description="What the respondent sees; defaults to the value."
    )
    help: Text | None = Field(default=None, description="What choosing this means in practice.")
    points: dict[Id, Annotated[int, Field(ge=0, le=10)]] = Field(
        default_factory=dict,
        description="Likelihood points this answer adds, per area id (0 means mitigating).",
    )


class Question(FrozenModel):
    """One question of a section."""

    id: Id = Field(description="Unique question id; conditions refer to it.")
    text: Text = Field(description="The question, one thing at a time, in plain language.")
    help: Text | None = Field(
        default=None, description="Why it matters and what the options mean in practice."
    )
    type: QuestionType = Field(description="yes_no, single, multi, number or text.")
    options: list[Option] = Field(
        default_factory=list,
        description="Choices for single and multi (at least two); optional for yes_no.",
    )
    dont_know: bool = Field(
        default=False,
        description='Offer "don\'t know": scored as the riskiest option, listed as a data gap.',
    )
    when: Condition | None = Field(default=None, description="Ask only when this condition holds.")
    cap: dict[Id, Annotated[int, Field(ge=0, le=MAX_NUMBER)]] = Field(
        default_factory=dict,
        description="For multi questions: the most points all selections add, per area.",
    )
    minimum: Bound = Field(
        default=None,
        description="For number: smallest allowed (finite, at least -1,000,000,000,000,000).",
    )
    maximum: Bound = Field(
        default=None,
        description="For number: largest allowed (finite, at most 1,000,000,000,000,000).",
    )
    integer: bool = Field(default=True, description="For number: whole numbers only.")
    unit: Text | None = Field(default=None, description="For number: unit shown to the user.")
    internal: bool = Field(
        default=False,
        description="Leave this question and its answer out of shareable reports.",
    )
    sensitive: bool = Field(
        default=False,
        description=(
            'Offer "prefer not to say": an answer that would endanger people if the file were '
            "seized need not be given; scored like don't know and listed as a data gap."
        ),
    )
    references: list[Reference] = Field(default_factory=list, description="Sources.")

    @cached_property
    def choices(self) -> tuple[str, ...]:
        """Return the option values of the question: yes and no when a yes/no leaves them implicit.

        Don't know and prefer not to say are not among them. Number and text questions
        have none.
        """
        if self.options:
            return tuple(o.value for o in self.options)
        return YES_NO_VALUES if self.type is QuestionType.YES_NO else ()


class Section(FrozenModel):
    """A group of questions with a shared purpose."""

    id: Id = Field(description="Unique section id.")
    title: Text = Field(description="Section heading.")
    description: Text | None = Field(default=None, description="The section's purpose.")
    when: Condition | None = Field(
        default=None, description="Ask the whole section only when this condition holds."
    )
    questions: list[Question] = Field(min_length=1, description="The questions, in order.")


class Rule(FrozenModel):
    """Sets severity dimensions, a likelihood floor or the involvement type from answers.

    When several triggered rules set the same dimension of an area, the highest value wins;
    when none does, the area's default applies.
    """

    id: Id = Field(description="Unique rule id.")
    description: Text | None = Field(default=None, description="Why the rule exists.")
    when: Condition = Field(description="The rule applies when this condition holds.")
    areas: list[Id | Literal["*"]] = Field(
        min_length=1, description="Area ids the rule applies to; `*` means every area."
    )
    scale: Level | None = Field(default=None, description="Set the scale dimension.")
    scope: Level | None = Field(default=None, description="Set the scope dimension.")
    irremediability: Level | None = Field(
        default=None, description="Set the irremediability dimension."
    )
    floor: Level | None = Field(default=None, description="Raise likelihood to at least this.")
    involvement: Literal["cause", "contribute", "linked"] | None = Field(
        default=None,
        description="UNGP 13 involvement: cause, contribute or directly linked.",
    )
    references: list[Reference] = Field(default_factory=list, description="Sources.")


class Horizon(StrEnum):
    """When a mitigation should be done."""

    IMMEDIATE = "immediate"
    DAYS_90 = "90_days"
    DAYS_180 = "180_days"
    ONGOING = "ongoing"


class Effort(StrEnum):
    """Rough cost of a mitigation."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Effect(FrozenModel):
    """The expected change a mitigation makes to an area's figures once in place."""

    likelihood: Annotated[int, Field(ge=-4, le=0)] = Field(
        default=0, description="Change to likelihood, e.g. -1."
    )
    scale: Annotated[int, Field(ge=-4, le=0)] = Field(default=0, description="Change to scale.")
    scope: Annotated[int, Field(ge=-4, le=0)] = Field(default=0, description="Change to scope.")
    irremediability: Annotated[int, Field(ge=-4, le=0)] = Field(
        default=0, description="Change to irremediability."
    )


class Mitigation(FrozenModel):
    """A concrete action that lowers risk in one or more areas."""

    id: Id = Field(description="Unique mitigation id.")
    title: Text = Field(description="Short imperative title.")
    action: Text = Field(description="What to do, concretely.")
    owner: Text | None = Field(default=None, description="Who in the company should do it.")
    done_when: Text | None = Field(default=None, description="How to know it is done.")
    areas: list[Id] = Field(min_length=1, description="Areas it addresses.")
    when: Condition | None = Field(
        default=None, description="Recommend only when this condition holds."
    )
    effect: Effect = Field(default_factory=Effect, description="Expected effect per area.")
    horizon: Horizon = Field(description="immediate, 90_days, 180_days or ongoing.")
    effort: Effort = Field(description="low, medium or high.")
    review: bool = Field(
        default=False,
        description="Needs legal and safety review first: acting could expose staff to liability.",
    )
    internal: bool = Field(default=False, description="Leave out of shareable reports.")
    references: list[Reference] = Field(
        default_factory=list, description="Frameworks and sources (UNGP, OECD, GNI, RDR, TID...)."
    )


class Band(FrozenModel):
    """A rating band over the rating R = severity x likelihood."""

    id: Id = Field(description="Band id, e.g. `low`, `critical`.")
    label: Text = Field(description="Label shown in reports.")
    min: int = Field(ge=1, le=25, description="Lowest rating in the band (inclusive).")
    max: int = Field(ge=1, le=25, description="Highest rating in the band (inclusive).")


class Override(FrozenModel):
    """A severity-first override: at least this band when severity and likelihood reach these."""

    band: Id = Field(description="Band id the area is raised to (at least).")
    min_severity: Level = Field(description="Severity at or above which the override applies.")
    min_likelihood: Level = Field(description="Likelihood at or above which it applies.")


Dimension = Literal["scale", "scope", "irremediability"]


def _default_weights() -> dict[Dimension, int]:
    return {"scale": 2, "scope": 1, "irremediability": 2}


def _default_escalation() -> list[Dimension]:
    return ["scale", "irremediability"]


class SeverityMethod(FrozenModel):
    """How the three dimensions combine into one severity."""

    weights: dict[Dimension, Annotated[int, Field(ge=0, le=10)]] = Field(
        default_factory=_default_weights,
        description="Weights of the weighted mean (rounded half up).",
    )
    escalate_dimensions: list[Dimension] = Field(
        default_factory=_default_escalation,
        description="A dimension here at 5 lifts severity to at least `escalate_to`.",
    )
    escalate_to: Level = Field(default=4, description="Severity floor when escalation applies.")


class ResidualCaps(FrozenModel):
    """The most that all mitigations together may lower each figure of one area."""

    likelihood: int = Field(default=2, ge=0, le=4, description="Largest total likelihood drop.")
    scale: int = Field(default=1, ge=0, le=4, description="Largest total scale drop.")
    scope: int = Field(default=1, ge=0, le=4, description="Largest total scope drop.")
    irremediability: int = Field(
        default=1, ge=0, le=4, description="Largest total irremediability drop."
    )


def _default_bands() -> list[Band]:
    return [
        Band(id="low", label="Low", min=1, max=4),
        Band(id="medium", label="Medium", min=5, max=9),
        Band(id="high", label="High", min=10, max=15),
        Band(id="critical", label="Critical", min=16, max=25),
    ]


def _default_overrides() -> list[Override]:
    return [
        Override(band="critical", min_severity=5, min_likelihood=3),
        Override(band="high", min_severity=4, min_likelihood=2),
    ]


class Scoring(FrozenModel):
    """The numbers of the method; defaults follow the domain brief section 3.3."""

    severity: SeverityMethod = Field(default_factory=SeverityMethod, description="Severity.")
    bands: list[Band] = Field(
        default_factory=_default_bands,
        description="Bands over R = S x L (1..25), lowest first; must cover 1..25 exactly.",
    )
    overrides: list[Override] = Field(
        default_factory=_default_overrides, description="Severity-first overrides."
    )
    residual_caps: ResidualCaps = Field(
        default_factory=ResidualCaps, description="Limits on what mitigations may lower."
    )


class Questionnaire(FrozenModel):
    """A whole questionnaire file (format 1)."""

    format: Literal[1] = Field(description="Format version; must be 1.")
    id: Id = Field(description="Questionnaire id, e.g. `decree_368`.")
    version: str = Field(min_length=1, description="Content version, e.g. `1.0.0` (quote it).")
    title: Text = Field(description="Title.")
    description: Text | None = Field(default=None, description="What it assesses and for whom.")
    languages: list[LangCode] = Field(
        default_factory=lambda: ["en"],
        min_length=1,
        description="Languages texts are given in; the first is the default.",
    )
    disclaimer: Text = Field(description="Shown at the start and in every report.")
    sources: list[Source] = Field(default_factory=list, description="Cited documents.")
    areas: list[Area] = Field(min_length=1, description="Risk areas.")
    conditions: list[NamedCondition] = Field(
        default_factory=list,
        description=(
            "Named conditions: a `when:` may use a name alone instead of repeating its text."
        ),
    )
    sections: list[Section] = Field(min_length=1, description="Sections of questions, in order.")
    rules: list[Rule] = Field(default_factory=list, description="Severity and floor rules.")
    mitigations: list[Mitigation] = Field(default_factory=list, description="Mitigations.")
    scoring: Scoring = Field(default_factory=Scoring, description="Method numbers.")

    @model_serializer(mode="wrap")
    def _leave_out_no_conditions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # `conditions` came after format 1 was first published: a file without named
        # conditions dumps, and so hashes, as it did before the key existed.
        data: dict[str, Any] = handler(self)
        if not self.conditions:
            data.pop("conditions", None)
        return data

    @property
    def default_language(self) -> str:
        """Return the language that texts fall back to."""
        return self.languages[0]

    def questions(self) -> list[Question]:
        """Return every question in questionnaire order."""
        return [q for s in self.sections for q in s.questions]


class QuestionSource(Protocol):
    """What the dialogue, the answers checks and reconciliation read of a questionnaire.

    Both formats have it: format 1 (`Questionnaire`) and format 2 (the risk model's
    `RiskQuestionnaire`), whose sections, questions and named conditions are the same.
    """

    @property
    def id(self) -> str:
        """The questionnaire id."""
        ...

    @property
    def version(self) -> str:
        """The content version."""
        ...

    @property
    def sections(self) -> Sequence[Section]:
        """Sections of questions, in order."""
        ...

    @property
    def conditions(self) -> Sequence[NamedCondition]:
        """Named conditions."""
        ...

    def questions(self) -> list[Question]:
        """Return every question in questionnaire order."""
        ...

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]:
        """Return the whole questionnaire as data: what its content hash is taken over."""
        ...


def text_in(text: Text | None, language: str, default: str) -> str:
    """Return ``text`` in ``language``, falling back to ``default``, then to any language."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if language in text:
        return text[language]
    if default in text:
        return text[default]
    return next(iter(text.values()), "")
