"""The snapshot of a result kept at sign-off, and the version of the method that rated it."""

from __future__ import annotations

from collections.abc import Mapping

from hrdd import __version__
from hrdd.scoring.impacts._base import (
    MitigationRecord,
    Snapshot,
    SnapshotImpact,
    SnapshotItem,
    SnapshotQuestionnaire,
    SnapshotRating,
)
from hrdd.scoring.impacts.ranking import rank_plan
from hrdd.scoring.impacts.result import Result

METHOD_VERSION = 1
"""The version of the rating method (docs/scoring.md). Raise it with any change to the engine
that can move a rating or the plan by itself, so that `hrdd diff` labels such moves as the
method's, not the company's."""


def record_for(records: Mapping[str, MitigationRecord], item: str) -> MitigationRecord | None:
    """Return the plan record of a plan-item id, keyed by the id or by its bare mitigation id."""
    return records.get(item) or records.get(item.partition(":")[2])


def take_snapshot(
    result: Result,
    records: Mapping[str, MitigationRecord],
    questionnaire_hash: str,
) -> Snapshot:
    """Return the snapshot of ``result``: bands, headline and plan items with their status."""
    impacts = {
        i.id: SnapshotImpact(inherent=i.band, residual=i.residual, provisional=i.provisional)
        for i in result.impacts
    }
    scenarios = {
        s.id: SnapshotRating(
            inherent=s.inherent.band, residual=s.residual.band if s.residual else None
        )
        for i in result.impacts
        for s in i.scenarios
    }
    plan = {}
    for item in rank_plan(result.plan):
        record = record_for(records, item.id)
        plan[item.id] = SnapshotItem(
            status=record.status.value if record is not None else None,
            declined=item.declined,
        )
    return Snapshot(
        hrdd=__version__,
        method=METHOD_VERSION,
        questionnaire=SnapshotQuestionnaire(
            id=result.questionnaire, version=result.version, hash=questionnaire_hash
        ),
        rated=result.rated,
        headline=list(result.headline),
        impacts=impacts,
        scenarios=scenarios,
        plan=plan,
    )
