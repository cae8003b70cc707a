"""`hrdd signoff`: record who signed the assessment off, with a fingerprint of what they signed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hrdd.answers.model import Answers, Signoff, load_answers
from hrdd.answers.signing import signed_content
from hrdd.commands.plan import clean, open_for_change

if TYPE_CHECKING:
    from hrdd.answers.snapshot import Snapshot
    from hrdd.scoring.impacts.load import RiskModel


def run_signoff(
    path: Path,
    questionnaire_path: Path | None,
    *,
    name: str,
    role: str,
    statement: str | None,
    now: str,
) -> tuple[str, list[str]]:
    """Sign off an answers file; return the confirmation and warnings to show.

    The sign-off records ``sha256:`` over the answers and decisions; a later change to them
    makes `hrdd score` and `hrdd report` call the sign-off stale. It also keeps a snapshot of
    the results as they stand (see `hrdd diff`).
    """
    who = clean("--name", name)
    record = {"name": who, "role": clean("--role", role)}
    if statement is not None:
        record["statement"] = clean("--statement", statement)
    warnings = []
    with open_for_change(path, questionnaire_path, who, "signoff") as (answers, model, save):
        snapshot, unanswered = _snapshot(path, answers, model, now)
        if unanswered:
            warnings.append(
                f"{path}: signed off with {len(unanswered)} applicable question(s) "
                "unanswered; the sign-off covers the assessment as it stands"
            )
        if answers.signoff is not None:
            old = answers.signoff
            warnings.append(f"{path}: replaces the sign-off by {old.name} on {old.date}")
        fingerprint = signed_content(answers)
        signoff = Signoff(**record, date=now[:10], signed=fingerprint, at=now, snapshot=snapshot)
        save(answers.model_copy(update={"signoff": signoff, "updated": now}))
    return (
        f"Signed off by {who} on {now[:10]} ({fingerprint}). A later change to the answers "
        "or decisions marks this sign-off stale in score and report.\n",
        warnings,
    )


def _snapshot(
    path: Path, answers: Answers, model: RiskModel, now: str
) -> tuple[Snapshot, tuple[str, ...]]:
    """Return the snapshot of the results as signed, and the unanswered questions.

    The results are those `hrdd score` shows for the file as it will be saved (answers to
    another questionnaire version carried over, rated as of the sign-off day).
    """
    from hrdd.commands.score import carry_over
    from hrdd.questionnaire.hashing import questionnaire_hash
    from hrdd.scoring.impacts.snapshot import take_snapshot

    _, doc = load_answers(path)
    carried = carry_over(answers, doc, model, [])
    result = model.score(carried.model_copy(update={"updated": now}), rank_gaps=False)
    snapshot = take_snapshot(result, carried.mitigations, questionnaire_hash(model.questionnaire))
    return snapshot, result.unanswered
