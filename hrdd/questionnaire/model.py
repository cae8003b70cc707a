"""The questions part of a questionnaire as frozen pydantic models: data only, no I/O.

Sources, sections, questions, options and named conditions; the risk model that rates
impacts on people (format 2) builds on them in `hrdd.scoring.impacts.format`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Protocol

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

ContentHash = Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{64}$")]
"""A `sha256:` hash as `hrdd.questionnaire.hashing` writes it: of a questionnaire's content, or
of what a sign-off covers."""

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
    """One answer a choice question offers."""

    value: OptionValue = Field(description="Stored value; `yes` or `no` for yes_no questions.")
    label: Text | None = Field(
        default=None, description="What the respondent sees; defaults to the value."
    )
    help: Text | None = Field(default=None, description="What choosing this means in practice.")


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


class QuestionSource(Protocol):
    """What the checks, the dialogue, the answers checks and reconciliation read of a questionnaire.

    The risk model's `RiskQuestionnaire` has it; code below the scoring layer reads the
    questions part through this protocol only.
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
    def languages(self) -> Sequence[str]:
        """Languages texts are given in; the first is the default."""
        ...

    @property
    def default_language(self) -> str:
        """The language texts fall back to."""
        ...

    @property
    def sources(self) -> Sequence[Source]:
        """Cited documents."""
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
