"""Carry answers over to a changed questionnaire: keep, flag for review, or retire them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hrdd.answers.model import Answer, Answers, HistoryEntry, QuestionnaireRef, RetiredAnswer
from hrdd.dialogue.session import StoredValue, utc_now
from hrdd.questionnaire.hashing import question_fingerprint, questionnaire_hash
from hrdd.questionnaire.model import Question, Questionnaire


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


def reconcile(
    answers: Answers,
    questionnaire: Questionnaire,
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
    result = answers.model_copy(
        update={
            "answers": updated,
            "retired": {**answers.retired, **retired},
            "questionnaire": QuestionnaireRef(
                id=questionnaire.id, version=questionnaire.version, hash=current
            ),
        }
    )
    return result, Reconciled(content_changed, kept, flagged, retired)


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
