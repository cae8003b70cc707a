"""`hrdd signoff`: record who signed the assessment off, with a fingerprint of what they signed."""

from __future__ import annotations

from pathlib import Path

from hrdd.answers.model import Signoff
from hrdd.answers.signing import signed_content
from hrdd.commands.plan import clean, open_for_change


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
    makes `hrdd score` and `hrdd report` call the sign-off stale.
    """
    from hrdd.scoring.impacts.engine import RiskEngine
    from hrdd.scoring.impacts.index import RiskIndex

    who = clean("--name", name)
    record = {"name": who, "role": clean("--role", role)}
    if statement is not None:
        record["statement"] = clean("--statement", statement)
    warnings = []
    with open_for_change(path, questionnaire_path, who) as (answers, questionnaire, save):
        unanswered = RiskEngine(RiskIndex(questionnaire)).score_answers(answers).unanswered
        if unanswered:
            warnings.append(
                f"{path}: signed off with {len(unanswered)} applicable question(s) "
                "unanswered; the sign-off covers the assessment as it stands"
            )
        if answers.signoff is not None:
            old = answers.signoff
            warnings.append(f"{path}: replaces the sign-off by {old.name} on {old.date}")
        fingerprint = signed_content(answers)
        signoff = Signoff(**record, date=now[:10], signed=fingerprint, at=now)
        save(answers.model_copy(update={"signoff": signoff, "updated": now}))
    return (
        f"Signed off by {who} on {now[:10]} ({fingerprint}). A later change to the answers "
        "or decisions marks this sign-off stale in score and report.\n",
        warnings,
    )
