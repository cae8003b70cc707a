"""What a sign-off covers: a fingerprint of the answers and the decisions, not of progress.

A sign-off attests to what the company said (the answers) and what it decided (the plan
items it declined, with reason, approver and review date). Owners, due dates, notes and
progress (planned, in progress, done) change as the plan is carried out; they do not make a
sign-off stale. Anything else that changes after the sign-off does.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import TYPE_CHECKING

from hrdd.questionnaire.hashing import canonical_json

if TYPE_CHECKING:
    from hrdd.answers.model import Answers


class SignoffState(StrEnum):
    """Whether a sign-off still covers the file."""

    NONE = "none"
    CURRENT = "current"
    STALE = "stale"
    UNVERIFIED = "unverified"
    """Signed before sign-offs carried a fingerprint: hrdd cannot tell what was signed."""


def signed_content(answers: Answers) -> str:
    """Return ``sha256:<hex>`` over the answers and decisions of ``answers``."""
    data = {
        "questionnaire": {"id": answers.questionnaire.id, "hash": answers.questionnaire.hash},
        "organisation": answers.organisation,
        "answers": {qid: a.value for qid, a in answers.answers.items() if a.active},
        "decisions": {
            item: record.decision.model_dump(mode="json")
            for item, record in answers.mitigations.items()
            if record.decision is not None
        },
    }
    return "sha256:" + hashlib.sha256(canonical_json(data)).hexdigest()


def signoff_state(answers: Answers) -> SignoffState:
    """Tell whether the file's sign-off still covers its answers and decisions."""
    signoff = answers.signoff
    if signoff is None:
        return SignoffState.NONE
    if signoff.signed is None:
        return SignoffState.UNVERIFIED
    if signoff.signed == signed_content(answers):
        return SignoffState.CURRENT
    return SignoffState.STALE


STALE_NOTE = (
    "STALE: answers or decisions changed after this sign-off; it no longer covers the "
    "assessment as it stands. Sign off again."
)
