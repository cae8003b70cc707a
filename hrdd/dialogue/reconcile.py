"""Carry answers and plan records over to a changed questionnaire: keep, flag or retire them.

Works across formats: answers given to a format-1 version (Decree 368 1.0.0, 1.1.0) resume
with a format-2 version (2.0.0) by the same rules as between two versions of one format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hrdd.answers.model import (
    Answer,
    Answers,
    HistoryEntry,
    MitigationRecord,
    QuestionnaireRef,
    RetiredAnswer,
    RetiredMitigation,
)
from hrdd.dialogue.session import utc_now
from hrdd.questionnaire.hashing import question_fingerprint, questionnaire_hash
from hrdd.questionnaire.model import Question, Questionnaire
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.values import StoredValue


@dataclass(frozen=True)
class Reconciled:
    """What changed when answers given to another questionnaire content were carried over."""

    changed: bool
    """True when the questionnaire's version or content differs from the one answered."""
    kept: list[str] = field(default_factory=list)
    """Answers to unchanged questions, carried over as they were."""
    flagged: list[str] = field(default_factory=list)
    """Answers to changed questions (or invalid now), flagged ``review: true``."""
    retired: dict[str, RetiredAnswer] = field(default_factory=dict)
    """Answers to questions the questionnaire no longer has: moved to the file's ``retired``."""
    plan_kept: dict[str, str] = field(default_factory=dict)
    """Plan records carried over: the key they had -> the key they have now (a bare id of a
    format-1 file becomes the plan-item id it names in format 2)."""
    plan_retired: dict[str, RetiredMitigation] = field(default_factory=dict)
    """Plan records for items the questionnaire no longer has: moved to the file's
    ``retired_mitigations``."""


def reconcile(
    answers: Answers,
    questionnaire: Questionnaire | RiskQuestionnaire,
    valid: Callable[[Question, StoredValue], bool],
    now: str | None = None,
) -> tuple[Answers, Reconciled]:
    """Carry answers over to the current questionnaire content.

    Answers to questions whose fingerprint is unchanged stay as they are; answers to changed
    questions, or whose value no longer fits the question (``valid`` says), are flagged
    ``review: true``; answers to removed questions move to the file's ``retired`` mapping
    (stamped ``now``, default the current time, and the version they were given to) and are
    returned. The file's questionnaire reference is brought up to date. Nothing changes when
    the content hash and version are the same and every value is valid.

    Plan records go the same way when the content changed (`plan_records`): a record for an
    item the questionnaire has is carried over, keyed by its plan-item id; a record for an
    item it no longer has moves to ``retired_mitigations``. No value and no record is ever
    dropped.

    A retired answer is never moved back: when its question returns in a later version it
    is simply unanswered, so it is asked again.
    """
    current = questionnaire_hash(questionnaire)
    ref = answers.questionnaire
    content_changed = ref.hash != current or ref.version != questionnaire.version
    known = {q.id: q for q in questionnaire.questions()}
    kept: list[str] = []
    flagged: list[str] = []
    removed: dict[str, Answer] = {}
    updated: dict[str, Answer] = {}
    for qid, answer in answers.answers.items():
        question = known.get(qid)
        if question is None:
            removed[qid] = answer
            continue
        fingerprint = question_fingerprint(question)
        same = answer.question_hash == fingerprint or (
            answer.question_hash is None and not content_changed
        )
        if same and valid(question, answer.value):
            kept.append(qid)
            updated[qid] = answer
        else:
            flagged.append(qid)
            updated[qid] = answer.model_copy(update={"review": True})
    if not content_changed and not flagged and not removed:
        return answers, Reconciled(changed=False, kept=kept)
    stamp = now or utc_now()
    retired = {
        qid: retire(answer, answers.retired.get(qid), at=stamp, version=ref.version)
        for qid, answer in removed.items()
    }
    records = answers.mitigations
    plan_kept: dict[str, str] = {}
    plan_gone: dict[str, MitigationRecord] = {}
    if content_changed:
        records, plan_kept, plan_gone = plan_records(answers.mitigations, questionnaire)
    plan_retired = {
        key: retire_record(
            record, answers.retired_mitigations.get(key), at=stamp, version=ref.version
        )
        for key, record in plan_gone.items()
    }
    result = answers.model_copy(
        update={
            "answers": updated,
            "retired": {**answers.retired, **retired},
            "mitigations": records,
            "retired_mitigations": {**answers.retired_mitigations, **plan_retired},
            "questionnaire": QuestionnaireRef(
                id=questionnaire.id, version=questionnaire.version, hash=current
            ),
        }
    )
    return result, Reconciled(
        content_changed, kept, flagged, retired, plan_kept=plan_kept, plan_retired=plan_retired
    )


def plan_keys(questionnaire: Questionnaire | RiskQuestionnaire) -> dict[str, str]:
    """Return every key a plan record of ``questionnaire`` may have -> the key it is kept under.

    Format 1 keys records by bare mitigation id (`x`; `mitigation:x` is read as `x`). Format 2
    keys them by plan-item id: `mitigation:x`, `decision:x`, `find_out:<question>`,
    `actual:<id>`; a bare `x` names `mitigation:x` or `decision:x`, whichever there is.
    """
    if isinstance(questionnaire, RiskQuestionnaire):
        keys = {item: item for item in questionnaire.plan_item_ids()}
        for item in list(keys):
            kind, _, bare = item.partition(":")
            if kind in ("mitigation", "decision"):
                keys[bare] = item
        return keys
    keys = {m.id: m.id for m in questionnaire.mitigations}
    keys.update({f"mitigation:{m.id}": m.id for m in questionnaire.mitigations})
    return keys


def plan_records(
    records: dict[str, MitigationRecord], questionnaire: Questionnaire | RiskQuestionnaire
) -> tuple[dict[str, MitigationRecord], dict[str, str], dict[str, MitigationRecord]]:
    """Sort plan records into those carried over and those whose item is gone.

    Returns the records kept (under the key the questionnaire uses), old key -> new key of
    each kept record, and the records to retire by the key they had. When two keys name
    the same item (`x` and `mitigation:x`), the one already in the current form is kept and
    the other retired: nothing is dropped.
    """
    keys = plan_keys(questionnaire)
    kept: dict[str, MitigationRecord] = {}
    moved: dict[str, str] = {}
    gone: dict[str, MitigationRecord] = {}
    # Keys already in their current form first, so they win over an alias of the same item.
    for key in sorted(records, key=lambda k: keys.get(k) != k):
        target = keys.get(key)
        if target is None or target in kept:
            gone[key] = records[key]
            continue
        kept[target] = records[key]
        moved[key] = target
    order = list(records)
    kept = dict(sorted(kept.items(), key=lambda kv: order.index(_source(moved, kv[0]))))
    return (
        kept,
        {k: moved[k] for k in order if k in moved},
        {k: gone[k] for k in order if k in gone},
    )


def _source(moved: dict[str, str], target: str) -> str:
    return next(old for old, new in moved.items() if new == target)


def retire_record(
    record: MitigationRecord, earlier: RetiredMitigation | None, *, at: str, version: str
) -> RetiredMitigation:
    """Return ``record`` as a retired plan record; one retired before under its key is kept."""
    before: list[RetiredMitigation] = []
    if earlier is not None:
        before = [*earlier.earlier, earlier.model_copy(update={"earlier": []})]
    fields = record.model_dump(exclude={"retired_at", "retired_from", "earlier"})
    return RetiredMitigation(**fields, retired_at=at, retired_from=version, earlier=before)


def retire(
    answer: Answer, earlier: RetiredAnswer | None, *, at: str, version: str
) -> RetiredAnswer:
    """Return ``answer`` as a retired answer, stamped with when and from which version.

    When the same question was retired before (it came back, was answered again and was
    removed again), the earlier retired value is kept in the history, so nothing is lost.
    """
    history = list(answer.history)
    if earlier is not None:
        history = [
            *earlier.history,
            HistoryEntry(
                value=earlier.value,
                by=earlier.answered_by,
                at=earlier.answered_at or earlier.retired_at,
                note=earlier.note,
            ),
            *history,
        ]
    fields = answer.model_dump(exclude={"history"})
    return RetiredAnswer(**fields, history=history, retired_at=at, retired_from=version)
