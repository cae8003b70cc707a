"""The results as they stood at sign-off, kept in the answers file for later comparison.

A snapshot is what the signer saw: the headline, every impact and scenario with its inherent
and residual band, and the plan items with their status, under one questionnaire version and
one version of hrdd's method. `hrdd diff` compares a later assessment against it, and tells a
move that comes from a new questionnaire or method apart from one that comes from the answers.
It is not an answer: the sign-off fingerprint never covers it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from hrdd.questionnaire.model import ContentHash, Id
from hrdd.values import FrozenModel

ScenarioKey = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*){1,2}$", max_length=200),
    Field(description="A scenario id: `impact/path` or `impact/path/at_risk`."),
]
SnapshotKey = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*(:[a-z][a-z0-9_]*)?$", max_length=80),
    Field(description="An impact id or a plan-item id such as `mitigation:encrypt_backups`."),
]
Band = Id
"""A band id: any id a questionnaire may give its bands."""


class SnapshotRating(FrozenModel):
    """A scenario's bands at sign-off."""

    inherent: Band = Field(description="The inherent band id.")
    residual: Band | None = Field(
        default=None, description="The residual band id; absent: a recommended step closes it."
    )


class SnapshotImpact(SnapshotRating):
    """An impact's bands at sign-off (the band of its worst scenario)."""

    provisional: bool = Field(
        default=False, description="true: data gaps could still move the rating."
    )


class SnapshotItem(FrozenModel):
    """A plan item at sign-off."""

    status: str | None = Field(
        default=None,
        max_length=40,
        description="Its recorded status (planned, in_progress, done, declined); absent: none.",
    )
    declined: bool = Field(default=False, description="true: declined, the risk remains.")


class SnapshotQuestionnaire(FrozenModel):
    """The questionnaire the snapshot was rated with."""

    id: str = Field(min_length=1, max_length=80, description="Questionnaire id.")
    version: str = Field(min_length=1, max_length=80, description="Questionnaire version.")
    hash: ContentHash = Field(description="`sha256:` content hash of it.")


class Snapshot(FrozenModel):
    """The headline results at sign-off, with the questionnaire and method that gave them."""

    hrdd: str = Field(min_length=1, max_length=40, description="hrdd's version at sign-off.")
    method: int = Field(
        ge=1,
        le=1_000_000,
        description="Version of hrdd's rating method; a new one can move ratings by itself.",
    )
    questionnaire: SnapshotQuestionnaire = Field(description="The questionnaire rated with.")
    rated: bool = Field(description="false: no path to people was open (not rated).")
    headline: list[Annotated[str, StringConstraints(max_length=80)]] = Field(
        default_factory=list, description="Ids of the headline impacts."
    )
    impacts: dict[SnapshotKey, SnapshotImpact] = Field(
        default_factory=dict, description="Every rated impact by id, worst first."
    )
    scenarios: dict[ScenarioKey, SnapshotRating] = Field(
        default_factory=dict, description="Every scenario by id."
    )
    plan: dict[SnapshotKey, SnapshotItem] = Field(
        default_factory=dict, description="Every plan item by plan-item id, in plan order."
    )
