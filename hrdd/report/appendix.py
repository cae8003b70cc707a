"""Word the back of the report: method, limitations, sources and the answers appendix."""

from __future__ import annotations

from datetime import datetime

from hrdd.answers.model import Answer, Answers
from hrdd.questionnaire.model import (
    Question,
    Questionnaire,
)
from hrdd.report.summary import plural
from hrdd.report.views import AnswerView, AppendixSection, RetiredView, SourceView
from hrdd.report.words import Words
from hrdd.scoring.model import Assessment
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
)


def method_lines(q: Questionnaire) -> list[str]:
    """Return the method in plain words with this questionnaire's own numbers."""
    s = q.scoring
    weights = s.severity.weights
    bands = ", ".join(f"{b.id} {b.min}-{b.max}" for b in s.bands)
    overrides = "; ".join(
        f"at least {o.band} when severity >= {o.min_severity} and likelihood >= {o.min_likelihood}"
        for o in s.overrides
    )
    caps = s.residual_caps
    return [
        "Risk is risk to people (users, their contacts, staff), not to the company. "
        "Severity comes first, as the UN Guiding Principles ask.",
        "Severity S (1-5) is the weighted mean of scale, scope and irremediability "
        f"(weights {weights.get('scale', 0)}, {weights.get('scope', 0)} and "
        f"{weights.get('irremediability', 0)}, rounded half up); a dimension among "
        f"{', '.join(s.severity.escalate_dimensions) or 'none'} at 5 lifts severity to at least "
        f"{s.severity.escalate_to}.",
        "Likelihood L (1-5) grows with the risk points of the answers: "
        "L = 1 + 4 x points / most possible points, rounded half up, and never below the "
        "floor a triggered rule sets.",
        f"Rating R = S x L (1-25), banded as {bands}; severity-first overrides: {overrides}.",
        "Residual rating: the same after the expected effect of every recommended mitigation "
        "that is not declined (a risk acceptance past its expiry date no longer declines "
        "anything), limited per area to a drop of "
        f"{caps.likelihood} in likelihood and {caps.scale}/{caps.scope}/"
        f"{caps.irremediability} in scale/scope/irremediability.",
        "These weights, points, cut-offs and bands are design choices of the questionnaire "
        "authors, not a standard. They make ratings comparable and explainable; they do not "
        "measure risk precisely.",
    ]


def limitations(q: Questionnaire, assessment: Assessment) -> list[str]:
    """Return what the reader must not conclude from the report."""
    flagged = [s for s in q.sources if s.confidence.value != "verified"]
    lines = [
        "This report is not legal advice. Take local legal advice before acting, above all on "
        "the actions marked for legal and safety review.",
        "The legal texts the questionnaire deals with were not reviewed for this report: what "
        "it says about them rests on the sources listed below, each with its confidence.",
        "Answers are the respondents' own statements; they were not audited.",
        '"Don\'t know" is scored as the riskiest answer; unanswered questions add no points.',
        "Residual ratings assume the mitigations deliver their expected effect; they are a "
        "forecast, not a measurement.",
    ]
    if flagged:
        lines.append(
            f"{plural(len(flagged), 'source')} marked secondary or unverified: claims that rest "
            "only on them are not confirmed and are labelled where cited."
        )
    return lines


def sources(w: Words) -> list[SourceView]:
    """Return the questionnaire's sources, numbered as cited."""
    return [
        SourceView(
            number=w.source_number[s.id],
            id=s.id,
            title=" ".join(s.title.split()),
            publisher=s.publisher or "",
            date=s.date or "",
            url=s.url or "",
            confidence=s.confidence.value,
            flagged=s.confidence.value != "verified",
            note=" ".join((s.note or "").split()),
        )
        for s in w.q.sources
    ]


def answer_view(w: Words, question: Question, answer: Answer | None, shareable: bool) -> AnswerView:
    """Return one question with its answer; notes, evidence and names only when internal."""
    if answer is None:
        return AnswerView(
            id=question.id,
            question=w.text(question.text),
            answer="Not answered",
            answered=False,
            dont_know=False,
            note="",
            evidence=[],
            answered_by="",
            answered_at="",
            review=False,
        )
    return AnswerView(
        id=question.id,
        question=w.text(question.text),
        answer=w.answer(question, answer.value),
        answered=True,
        dont_know=isinstance(answer.value, str) and answer.value in (DONT_KNOW, PREFER_NOT_TO_SAY),
        note="" if shareable else (answer.note or ""),
        evidence=[] if shareable else list(answer.evidence),
        answered_by="" if shareable else (answer.answered_by or ""),
        answered_at="" if shareable else _when(answer.answered_at),
        review=answer.review,
    )


def _when(timestamp: str | None) -> str:
    """Return an ISO timestamp as `YYYY-MM-DD HH:MM UTC+hh:mm`, for people to read."""
    if not timestamp:
        return ""
    moment = datetime.fromisoformat(timestamp)
    offset = moment.isoformat()[19:].lstrip(".0123456789")
    zone = "UTC" if offset in ("+00:00", "") else f"UTC{offset}"
    return f"{moment:%Y-%m-%d %H:%M} {zone}"


def appendix(
    w: Words, answers: Answers, assessment: Assessment, hidden: set[str], shareable: bool
) -> list[AppendixSection]:
    """Return every applicable question with its answer, section by section."""
    applicable = set(assessment.applicable)
    sections = []
    for section in w.q.sections:
        rows = [
            answer_view(w, q, _active(answers, q.id), shareable)
            for q in section.questions
            if q.id in applicable and q.id not in hidden
        ]
        if rows:
            sections.append(AppendixSection(title=w.text(section.title), answers=rows))
    return sections


def _active(answers: Answers, qid: str) -> Answer | None:
    answer = answers.answers.get(qid)
    return answer if answer is not None and answer.active else None


def retired_answers(w: Words, answers: Answers, shareable: bool) -> list[RetiredView]:
    """Return the answers to questions no longer in the questionnaire; none when shareable.

    Their question is usually gone, so the answer is shown as stored (labels only when the
    question exists again); a shareable report leaves them out, as it leaves out notes.
    """
    if shareable:
        return []
    views = []
    for qid, retired in answers.retired.items():
        question = w.questions.get(qid)
        if question is not None:
            shown = w.answer(question, retired.value)
        elif isinstance(retired.value, str) and retired.value == DONT_KNOW:
            shown = "Don't know"
        elif isinstance(retired.value, list):
            shown = ", ".join(retired.value) or "None selected"
        else:
            shown = str(retired.value)
        views.append(
            RetiredView(
                id=qid,
                question=w.text(question.text) if question is not None else "",
                answer=shown,
                note=retired.note or "",
                evidence=list(retired.evidence),
                answered_by=retired.answered_by or "",
                answered_at=_when(retired.answered_at),
                retired_from=retired.retired_from,
                retired_at=_when(retired.retired_at),
            )
        )
    return views
