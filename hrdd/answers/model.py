"""Answers file format v1: models, loading with positions, checks and atomic saving."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol

import yaml
from pydantic import (
    BeforeValidator,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    field_validator,
    model_validator,
)

from hrdd.answers.snapshot import Snapshot
from hrdd.atomic import PRIVATE, write_file
from hrdd.errors import InputError
from hrdd.questionnaire.loading import Document, load_model_or_raise
from hrdd.questionnaire.model import (
    MAX_NUMBER,
    ContentHash,
    Id,
    Question,
    usable_number,
)
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
    FrozenModel,
    StoredValue,
    Value,
)

if TYPE_CHECKING:
    pass

FORMAT_VERSION = 1

PLAN_ITEM_KINDS = ("mitigation", "decision", "find_out", "actual")
"""The kinds of plan item a record key may name: `<kind>:<id>`."""

PlanItemKey = Annotated[
    str,
    StringConstraints(
        pattern=r"^((mitigation|decision|find_out|actual):)?[a-z][a-z0-9_]*$", max_length=80
    ),
    Field(
        description=(
            "A plan-item id (`mitigation:<id>`, `decision:<id>`, `find_out:<question>`, "
            "`actual:<id>`) or a bare mitigation id, which names `mitigation:<id>` or "
            "`decision:<id>`, whichever the questionnaire has."
        )
    ),
]
"""The key of a plan record: a plan-item id, or a bare mitigation id as format 1 keys them."""

_Number = Field(ge=-MAX_NUMBER, le=MAX_NUMBER)

StoredValueField = Annotated[
    StrictStr | list[StrictStr] | Annotated[StrictInt, _Number] | Annotated[StrictFloat, _Number],
    BeforeValidator(usable_number),
    Field(
        description=(
            "The answer: an option value (yes_no, single), a list of option values (multi), "
            "a number (finite, at most 1,000,000,000,000,000 in size), free text, or "
            "`dont_know`."
        )
    ),
]
"""A `hrdd.values.StoredValue` as answers files and test cases accept it: strict types, and
numbers within range."""


# Timestamps repeat within and across files (every answer given in one sitting shares its
# minute): a string once accepted is not parsed again. Bounded, for a long-running process.
_ACCEPTED_TIMESTAMPS: set[str] = set()
_ACCEPTED_LIMIT = 4_096


def _iso_timestamp(value: object) -> object:
    """Accept a timezone-aware ISO 8601 timestamp (string or parsed) and keep it as a string."""
    if isinstance(value, str) and value in _ACCEPTED_TIMESTAMPS:
        return value
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(
                f"{value!r} is not an ISO 8601 timestamp such as 2025-01-31T14:05:00+00:00"
            ) from None
    else:
        return value
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(
            f"timestamp {parsed.isoformat()!r} has no time zone; add one, e.g. +00:00 or Z"
        )
    if isinstance(value, datetime):
        return parsed.isoformat()
    if len(_ACCEPTED_TIMESTAMPS) < _ACCEPTED_LIMIT:
        _ACCEPTED_TIMESTAMPS.add(value)
    return value


def _iso_date(value: object) -> object:
    """Accept an ISO 8601 date (string or parsed) and keep it as a ``YYYY-MM-DD`` string."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date such as 2025-06-30") from None
    return value


Timestamp = Annotated[
    str,
    BeforeValidator(_iso_timestamp),
    Field(description="An ISO 8601 timestamp with a time zone, e.g. 2025-01-31T14:05:00+00:00."),
]
IsoDate = Annotated[
    str,
    BeforeValidator(_iso_date),
    Field(description="An ISO 8601 calendar date, e.g. 2025-06-30."),
]


class QuestionnaireRef(FrozenModel):
    """Which questionnaire, in which exact content, the answers were given to."""

    id: Id = Field(description="Questionnaire id, e.g. `decree_368`.")
    version: str = Field(min_length=1, description="Questionnaire version when last answered.")
    hash: ContentHash = Field(
        description=(
            "`sha256:` content hash of the questionnaire; `hrdd answers new` writes a file "
            "with the right one."
        ),
    )


class Respondent(FrozenModel):
    """A person who gave answers, by name, or by role only where a name is too risky."""

    name: str | None = Field(
        default=None, min_length=1, description="Full name; leave out to record the role only."
    )
    role: str | None = Field(
        default=None, min_length=1, description="Job title or role, e.g. `DPO`."
    )
    organisation: str | None = Field(
        default=None, description="Their organisation when not the assessed one (a consultant)."
    )

    @model_validator(mode="after")
    def _named_or_role(self) -> Respondent:
        if self.name is None and self.role is None:
            raise ValueError("a respondent needs a `name` or a `role` (or both)")
        return self

    @property
    def label(self) -> str:
        """Return how answers record this respondent: the name, else the role."""
        return self.name or self.role or ""


def last_respondent(answers: Answers) -> Respondent | None:
    """Return whoever last changed the file: the latest ``answered_by`` or plan change.

    Falls back to the last entry of ``respondents``; None for a file nobody has answered.
    """
    latest: tuple[datetime, str] | None = None
    stamped = [(a.answered_at, a.answered_by) for a in answers.answers.values()]
    stamped += [(m.updated_at, m.updated_by) for m in answers.mitigations.values()]
    for at, by in stamped:
        if at is None or not by:
            continue
        when = datetime.fromisoformat(at)
        if latest is None or when >= latest[0]:
            latest = (when, by)
    if latest is not None:
        for r in reversed(answers.respondents):
            if r.label == latest[1]:
                return r
        return Respondent(name=latest[1])
    return answers.respondents[-1] if answers.respondents else None


class HistoryEntry(FrozenModel):
    """A previous value of an answer: who changed what, and when."""

    value: StoredValueField
    by: str | None = Field(default=None, description="Who gave this earlier value.")
    at: Timestamp = Field(description="When this earlier value was given.")
    note: str | None = Field(default=None, description="The note that went with it.")
    role: str | None = Field(
        default=None, description="The role of who gave it, where known (merged files)."
    )
    source: str | None = Field(
        default=None,
        description=(
            "In a file made by `hrdd merge`: the answers file this value came from. Such a "
            "history holds every respondent's answer, not only earlier values."
        ),
    )


class Answer(FrozenModel):
    """One question's answer with its audit trail."""

    value: StoredValueField
    note: str | None = Field(default=None, description="Free-text note by the respondent.")
    evidence: list[str] = Field(
        default_factory=list, description="Paths or URLs of documents that back the answer."
    )
    answered_by: str | None = Field(default=None, description="Who gave the answer.")
    answered_at: Timestamp | None = Field(default=None, description="When it was given.")
    question_hash: str | None = Field(
        default=None,
        description="Fingerprint of the question when answered; a change flags it for review.",
    )
    active: bool = Field(
        default=True,
        description=(
            "false: kept but hidden because an earlier answer changed and the question no "
            "longer applies; scoring ignores it."
        ),
    )
    review: bool = Field(
        default=False, description="Flagged for re-review after a questionnaire change."
    )
    history: list[HistoryEntry] = Field(
        default_factory=list, description="Previous values, oldest first."
    )


class RetiredAnswer(Answer):
    """An answer to a question a later questionnaire version removed: kept, never scored."""

    retired_at: Timestamp = Field(
        description="When the question was found removed and the answer moved to `retired`."
    )
    retired_from: str = Field(
        min_length=1,
        description="Version of the questionnaire the answer was given to: the last with it.",
    )


class Draft(FrozenModel):
    """A note or evidence given for a question not answered yet: it goes with the answer."""

    note: str | None = Field(default=None, description="The note typed before answering.")
    evidence: list[str] = Field(
        default_factory=list, description="Paths or URLs given before answering."
    )


class MitigationStatus(StrEnum):
    """Where a plan item stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DECLINED = "declined"
    ACCEPTED = "accepted"
    """Older name of ``declined``, still read: files written before it keep loading."""


OPEN_STATUSES = frozenset({MitigationStatus.PLANNED, MitigationStatus.IN_PROGRESS})
"""Statuses of items still to be done: such an item is overdue after its due date."""


class Acceptance(FrozenModel):
    """The older form of a decline (``status: accepted``), still read."""

    reason: str = Field(min_length=1, description="Why the item was declined.")
    approver: str = Field(min_length=1, description="Who approved declining it.")
    expires: IsoDate = Field(description="When the decision must be reviewed again.")


class Decline(FrozenModel):
    """A recorded decision not to carry out a plan item. The risk remains: it is not accepted."""

    reason: str = Field(min_length=1, description="Why the item is declined.")
    approver: str = Field(min_length=1, description="Who approved declining it.")
    review: IsoDate = Field(description="When the decision must be reviewed again.")


class MitigationRecord(FrozenModel):
    """The company's record of one plan item: its progress or the decision to decline it."""

    status: MitigationStatus = Field(
        description="planned, in_progress, done or declined (`accepted`: older name of declined)."
    )
    owner: str | None = Field(default=None, description="Who is responsible.")
    due: IsoDate | None = Field(default=None, description="Target date.")
    note: str | None = Field(default=None, description="Free-text note.")
    declined: Decline | None = Field(
        default=None, description="Required when status is `declined`: reason, approver, review."
    )
    accepted: Acceptance | None = Field(
        default=None,
        description="Older form of `declined`, required when status is `accepted`.",
    )
    updated_by: str | None = Field(default=None, description="Who last changed this record.")
    updated_at: Timestamp | None = Field(default=None, description="When it was last changed.")

    @model_validator(mode="after")
    def _decision_matches_status(self) -> MitigationRecord:
        for status, key, keys in (
            (MitigationStatus.DECLINED, "declined", "reason, approver and review"),
            (MitigationStatus.ACCEPTED, "accepted", "reason, approver and expires"),
        ):
            block = getattr(self, key)
            if self.status is status and block is None:
                raise ValueError(
                    f"status `{key}` needs an `{key}:` block with {keys}"
                    if key == "accepted"
                    else f"status `{key}` needs a `{key}:` block with {keys}"
                )
            if self.status is not status and block is not None:
                raise ValueError(
                    f"`{key}:` is only allowed with status `{key}`, not `{self.status.value}`"
                )
        return self

    @property
    def is_declined(self) -> bool:
        """Tell whether the item is declined (``declined``, or the older ``accepted``)."""
        return self.status in (MitigationStatus.DECLINED, MitigationStatus.ACCEPTED)

    @property
    def review_date(self) -> str | None:
        """Return the date a decline must be reviewed by (``expires`` in the older form)."""
        if self.declined is not None:
            return self.declined.review
        if self.accepted is not None:
            return self.accepted.expires
        return None

    @property
    def decision(self) -> Decline | None:
        """Return the decline in its current form, whichever form the file holds."""
        if self.declined is not None:
            return self.declined
        if self.accepted is not None:
            a = self.accepted
            return Decline(reason=a.reason, approver=a.approver, review=a.expires)
        return None


class RetiredMitigation(MitigationRecord):
    """A plan record for an item a later questionnaire version no longer has: kept, not used."""

    retired_at: Timestamp = Field(
        description="When the item was found gone and the record moved to `retired_mitigations`."
    )
    retired_from: str = Field(
        min_length=1, description="Version of the questionnaire the record was kept for."
    )
    earlier: list[RetiredMitigation] = Field(
        default_factory=list,
        description="Records retired under the same key before (oldest first), kept as they were.",
    )


class Signoff(FrozenModel):
    """Who signed the assessment off, when, and the fingerprint of what they signed."""

    name: str = Field(min_length=1, description="Name of the person signing off.")
    role: str | None = Field(default=None, description="Their role, e.g. `General Counsel`.")
    date: IsoDate = Field(description="Date of sign-off.")
    statement: str | None = Field(default=None, description="What they attest to.")
    signed: ContentHash | None = Field(
        default=None,
        description=(
            "`sha256:` over what was signed: the answers and the decisions (declined items), "
            "not progress updates. A later change to them makes the sign-off stale."
        ),
    )
    at: Timestamp | None = Field(default=None, description="When the sign-off was recorded.")
    snapshot: Snapshot | None = Field(
        default=None,
        description=(
            "The results as they stood at sign-off (bands of impacts and scenarios, plan items "
            "with status, questionnaire and method version), for `hrdd diff`. Not signed: the "
            "fingerprint covers answers and decisions only."
        ),
    )


class MergeSource(FrozenModel):
    """One answers file `hrdd merge` brought together, as it was when merged."""

    file: str = Field(min_length=1, description="The file as it was named to `hrdd merge`.")
    respondents: list[str] = Field(
        default_factory=list, description="Who answered in it: `Name (Role)`, a name or a role."
    )
    version: str = Field(min_length=1, description="Questionnaire version it was answered to.")
    updated: Timestamp = Field(description="When that file was last changed.")


class MergeAnswer(FrozenModel):
    """What one respondent answered to a question they disagreed on."""

    source: str = Field(min_length=1, description="The answers file the answer is in.")
    value: StoredValue
    by: str | None = Field(default=None, description="Who gave it.")
    at: Timestamp | None = Field(default=None, description="When it was given.")


class MergeDecision(FrozenModel):
    """How a disagreement was resolved: the value chosen, by whom, why and when."""

    value: StoredValue
    chosen: str | None = Field(
        default=None,
        description="The file whose answer was chosen; absent when another answer was given.",
    )
    reason: str = Field(min_length=1, description="Why, as the one who decided gave it.")
    by: str = Field(min_length=1, description="Who decided.")
    at: Timestamp = Field(description="When it was decided.")
    answers: list[MergeAnswer] = Field(
        default_factory=list, description="What each respondent answered, as decided upon."
    )


class SetAsideRecord(MitigationRecord):
    """A plan record of one merged file that another file's later record replaced."""

    source: str = Field(min_length=1, description="The answers file the record is in.")


class PlanChoice(FrozenModel):
    """Which file's plan record a merge kept where the files' records differ."""

    kept: str = Field(min_length=1, description="The file whose record was kept (latest).")
    set_aside: list[SetAsideRecord] = Field(
        default_factory=list, description="The other files' records, as they were."
    )


class MergeRecord(FrozenModel):
    """The record of `hrdd merge`: the files merged and how disagreements were resolved."""

    at: Timestamp = Field(description="When the merge last wrote this file.")
    by: str | None = Field(default=None, description="Who ran the merge and decided.")
    sources: list[MergeSource] = Field(description="The answers files merged, in order.")
    decisions: dict[Id, MergeDecision] = Field(
        default_factory=dict, description="Disagreements resolved, by question id."
    )
    open: dict[Id, list[MergeAnswer]] = Field(
        default_factory=dict,
        description=(
            "Disagreements not resolved yet, by question id, with each respondent's answer; "
            "such a question has no answer in this file."
        ),
    )
    not_applicable: dict[Id, list[MergeAnswer]] = Field(
        default_factory=dict,
        description=(
            "Disagreements on questions that do not apply given the merged answers: nothing "
            "to resolve; each respondent's answer kept here."
        ),
    )
    plan: dict[PlanItemKey, PlanChoice] = Field(
        default_factory=dict,
        description="Plan items whose records differed between the files: which was kept.",
    )


class Answers(FrozenModel):
    """A whole answers file (format 1): the resume state, the CI input and the audit record."""

    format: Literal[1] = Field(description="Format version; must be 1.")
    questionnaire: QuestionnaireRef = Field(description="The questionnaire answered.")
    organisation: str = Field(min_length=1, description="The organisation assessed.")
    respondents: list[Respondent] = Field(
        default_factory=list, description="People who gave answers."
    )
    created: Timestamp = Field(description="When the assessment was started.")
    updated: Timestamp = Field(description="When it was last changed.")
    answers: dict[Id, Answer] = Field(
        default_factory=dict, description="Answers by question id, in questionnaire order."
    )
    mitigations: dict[PlanItemKey, MitigationRecord] = Field(
        default_factory=dict,
        description=(
            "Plan records (status, owner, due, acceptance) by plan-item id, e.g. "
            "`mitigation:encrypt_backups`, or by bare mitigation id."
        ),
    )
    signoff: Signoff | None = Field(default=None, description="Sign-off, once given.")
    drafts: dict[Id, Draft] = Field(
        default_factory=dict,
        description=(
            "Notes and evidence given for questions not answered yet, by question id; moved "
            "into the answer when it is given. Never scored or reported."
        ),
    )
    retired: dict[Id, RetiredAnswer] = Field(
        default_factory=dict,
        description=(
            "Answers to questions the questionnaire no longer has, by question id: kept for "
            "the record, never scored, never restored by themselves."
        ),
    )
    retired_mitigations: dict[PlanItemKey, RetiredMitigation] = Field(
        default_factory=dict,
        description=(
            "Plan records for items the questionnaire no longer has (renamed, folded into "
            "others or dropped), by the key they had: kept for the record, never used."
        ),
    )
    merge: MergeRecord | None = Field(
        default=None,
        description=(
            "Written by `hrdd merge`: the files merged, each disagreement's resolution (who "
            "decided, what, why, when) and those still open."
        ),
    )

    @field_validator("answers", "mitigations", "retired", "drafts", mode="before")
    @classmethod
    def _empty_key_is_empty(cls, value: object) -> object:
        """Read a key left empty (every entry below it commented out) as an empty mapping."""
        return {} if value is None else value


def to_value(stored: StoredValue) -> Value:
    """Return the in-memory form of a stored value: lists become frozensets."""
    if isinstance(stored, list):
        return frozenset(stored)
    if stored == PREFER_NOT_TO_SAY:
        return DONT_KNOW  # scored, and counted as a data gap, exactly like don't know
    return stored


def to_values(answers: Answers) -> dict[str, Value]:
    """Return the in-memory values of the active answers (inactive ones are left out)."""
    return {qid: to_value(a.value) for qid, a in answers.answers.items() if a.active}


def is_dont_know(value: object) -> bool:
    """Tell whether a stored or in-memory value is "don't know"."""
    return isinstance(value, str) and value == DONT_KNOW


class Orderable(Protocol):
    """A questionnaire as `ordered_for` reads it: questions and mitigations in file order."""

    def questions(self) -> list[Question]:
        """Every question in order."""
        ...

    @property
    def mitigations(self) -> Sequence[_HasId]:
        """Mitigations in order."""
        ...


class _HasId(Protocol):
    @property
    def id(self) -> str:
        """The id."""
        ...


def ordered_for(answers: Answers, questionnaire: Orderable) -> Answers:
    """Return ``answers`` with answers and mitigations in questionnaire order.

    Ids the questionnaire does not know keep their relative order, after the known ones.
    """
    q_order = {q.id: i for i, q in enumerate(questionnaire.questions())}
    m_order = {m.id: i for i, m in enumerate(questionnaire.mitigations)}

    def by(order: dict[str, int], items: Mapping[str, Any]) -> dict[str, Any]:
        # A plan-item id `kind:x` sorts where its bare id `x` would.
        keyed = sorted(
            enumerate(items),
            key=lambda p: (order.get(p[1].rpartition(":")[2], len(order)), p[0]),
        )
        return {k: items[k] for _, k in keyed}

    return answers.model_copy(
        update={
            "answers": by(q_order, answers.answers),
            "mitigations": by(m_order, answers.mitigations),
        }
    )


# -- loading -------------------------------------------------------------------------------


def load_answers(path: Path) -> tuple[Answers, Document]:
    """Load and validate an answers file.

    Raises :class:`hrdd.errors.InputError` listing every error as ``path:line:col``.
    """
    return load_model_or_raise(Answers, path)


# -- saving --------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, multi-line strings as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent list items under their key, as most YAML written by hand does."""
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _represent_str)

HEADER = "# hrdd answers file (format 1). See docs/answers-format.md.\n"


def dump_answers(answers: Answers) -> str:
    """Return the YAML text of ``answers``: stable key order, block style, unicode kept.

    Keys that hold their default value (empty lists, ``active: true``, absent notes) are left
    out, so a file shows only what was said.
    """
    data = answers.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    # `format` has no default, so it always stays; keep it first for readers.
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return HEADER + body


def save_text(path: Path, text: str) -> None:
    """Write the text of an answers file atomically with mode 0600 (see :func:`save_answers`)."""
    try:
        write_file(path, text.encode("utf-8"), mode=PRIVATE, devices=False)
    except OSError as exc:
        raise InputError(
            f"cannot write {path}: {exc.strerror or exc}; check that the folder exists and "
            "is writable"
        ) from exc


def save_answers(path: Path, answers: Answers, questionnaire: Orderable | None = None) -> None:
    """Write ``answers`` to ``path`` atomically with mode 0600.

    The text goes to a temporary file (created 0600) in the same folder, which is flushed,
    fsynced and renamed over ``path``; then the folder is fsynced so the rename survives a
    crash. A reader sees either the old file or the new one, never a half-written file.
    When ``path`` is a symbolic link, the file it names is replaced and the link kept.
    With ``questionnaire``, answers and mitigations are written in its order.

    Raises InputError (the old file untouched) when the folder cannot be written, or when
    ``path`` is not a regular file (a device, a FIFO, a folder).
    """
    if questionnaire is not None:
        answers = ordered_for(answers, questionnaire)
    data = dump_answers(answers).encode("utf-8")
    try:
        write_file(path, data, mode=PRIVATE, devices=False)
    except OSError as exc:
        raise InputError(
            f"cannot save answers to {path}: {exc.strerror or exc}; the previous file is "
            "unchanged; check that the folder exists and is writable"
        ) from exc
