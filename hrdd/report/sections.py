"""Word each part of the report from the Assessment: areas, plan, summary, appendix."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from hrdd.answers import Answer, Answers, MitigationStatus
from hrdd.models import DONT_KNOW, Question, Questionnaire
from hrdd.report.views import (
    AcceptedView,
    AnswerView,
    AppendixSection,
    AreaView,
    DriverLine,
    PlanItem,
    RetiredView,
    SourceView,
    Summary,
    TopRisk,
)
from hrdd.scoring.model import AreaResult, Assessment, PlannedMitigation

if TYPE_CHECKING:
    from hrdd.report.context import _Words

TOP_RISKS = 3
"""How many areas the executive summary singles out."""

OPEN = {None, MitigationStatus.PLANNED, MitigationStatus.IN_PROGRESS}


def plan_item(w: _Words, m: PlannedMitigation, today: str, shareable: bool) -> PlanItem:
    """Return one planned mitigation worded for the plan."""
    from hrdd.report.context import HORIZON_TITLES, STATUS_LABELS

    spec = w.mitigations[m.mitigation]
    status = STATUS_LABELS[m.status] if m.status is not None else "Not started"
    status_id = m.status.value if m.status is not None else "open"
    if m.acceptance_expired:
        # The acceptance lapsed: the mitigation is recommended again until someone decides.
        status, status_id = "Acceptance expired", "open"
    return PlanItem(
        rank=m.rank,
        id=m.mitigation,
        title=w.text(spec.title),
        action=w.text(spec.action),
        done_when=w.text(spec.done_when),
        suggested_owner=w.text(spec.owner),
        horizon=m.horizon,
        horizon_title=HORIZON_TITLES.get(m.horizon, m.horizon),
        areas=[w.area_title(a) for a in m.areas],
        effort=m.effort.capitalize(),
        review=m.review,
        priority=m.priority,
        references=w.references(spec.references),
        status=status,
        status_id=status_id,
        owner=m.owner or "",
        due=m.due or "",
        overdue=bool(m.due and m.due < today and (m.status in OPEN or m.acceptance_expired)),
        note="" if shareable else (m.note or ""),
        expected_reduction=m.expected_reduction,
    )


def _likelihood_drivers(w: _Words, a: AreaResult, hidden: set[str]) -> list[DriverLine]:
    lines: list[DriverLine] = []
    withheld = 0
    for d in a.point_drivers:
        if d.question in hidden:
            withheld += d.points
            continue
        question = w.questions.get(d.question)
        asked = w.text(question.text) if question else d.question
        answer = w.answer(question, d.answer) if question else str(d.answer)
        if d.dont_know:
            lines.append(
                DriverLine(
                    text=f"{asked} Answer: don't know, scored as the riskiest answer until known.",
                    effect=f"+{d.points}",
                    gap=True,
                )
            )
        else:
            lines.append(DriverLine(text=f"{asked} Answer: {answer}.", effect=f"+{d.points}"))
    if withheld:
        lines.append(
            DriverLine(text="Answers to internal questions (withheld).", effect=f"+{withheld}")
        )
    lik = a.likelihood
    total = (
        f"Likelihood {lik.likelihood} of 5, from {lik.points} of {lik.max_points} possible "
        "risk points"
    )
    if lik.floor_rule is not None:
        total += f"; at least {lik.floor} because: {w.rule_words(lik.floor_rule)}"
    lines.append(DriverLine(text=total + "."))
    return lines


def _severity_drivers(w: _Words, a: AreaResult) -> list[DriverLine]:
    from hrdd.report.context import DIMENSION_WORDS

    lines = []
    for d in a.severity_drivers:
        why = "the area's starting level" if d.source == "default" else w.rule_words(d.source)
        lines.append(
            DriverLine(text=f"{DIMENSION_WORDS[d.dimension]}: {why}.", effect=f"{d.value} of 5")
        )
    s = a.severity
    total = f"Severity {s.severity} of 5 (weighted mean {s.weighted}"
    total += ", raised because a dimension is at its maximum)." if s.escalated else ")."
    lines.append(DriverLine(text=total))
    return lines


def area_view(
    w: _Words,
    a: AreaResult,
    items: dict[str, PlanItem],
    hidden_q: set[str],
    hidden_m: set[str],
    number: int,
) -> AreaView:
    """Return one area's view: ratings, plain-word drivers, rights, gaps and mitigations."""
    from hrdd.report.context import INVOLVEMENT_WORDS

    area = w.areas[a.area]
    band, residual = w.band(a.band), w.band(a.residual.band)
    override = ""
    if a.override is not None:
        override = (
            f"Raised to {w.band(a.override).label} by the severity-first rule: a harm this "
            "severe is rated by its severity, not only by the product of the two figures."
        )
    counted = [d.mitigation for d in a.residual.drivers if d.mitigation not in hidden_m]
    residual_summary = (
        f"R {a.residual.rating} = severity {a.residual.severity.severity} "
        f"x likelihood {a.residual.likelihood}"
    )
    return AreaView(
        number=number,
        code=f"A{number}",
        id=a.area,
        title=w.text(area.title),
        description=w.text(area.description),
        priority=a.priority,
        band=band,
        rating=a.rating,
        severity=a.severity.severity,
        likelihood=a.likelihood.likelihood,
        residual_band=residual,
        residual_rating=a.residual.rating,
        residual_severity=a.residual.severity.severity,
        residual_likelihood=a.residual.likelihood,
        summary=(
            f"R {a.rating} = severity {a.severity.severity} x likelihood {a.likelihood.likelihood}"
        ),
        residual_summary=residual_summary,
        severity_drivers=_severity_drivers(w, a),
        likelihood_drivers=_likelihood_drivers(w, a, hidden_q),
        override=override,
        involvement=INVOLVEMENT_WORDS.get(a.involvement or "", ""),
        rights=list(area.rights),
        data_gaps=[
            w.text(w.questions[q].text) if q in w.questions else q
            for q in a.data_gaps
            if q not in hidden_q
        ],
        mitigations=[f"{items[m].title} (#{items[m].rank})" for m in counted if m in items],
        references=w.references(area.references),
        vector=a.vector,
        residual_vector=a.residual.vector,
    )


def summary(
    w: _Words,
    assessment: Assessment,
    areas: list[AreaView],
    plan: list[PlanItem],
    today: str,
    expired: list[str],
) -> Summary:
    """Return the executive summary: picture, salient risks and the next 30 days."""
    overall = assessment.overall
    counts = [
        f"{n} {w.band(b).label.lower()}"
        for b, n in reversed(list(overall.inherent_counts.items()))
        if n
    ]
    counted = {d.mitigation for a in assessment.areas for d in a.residual.drivers}
    lines = [
        f"Before any action, the {plural(len(areas), 'risk area')} assessed "
        f"{'is' if len(areas) == 1 else 'are'} rated {_join(counts)}: the highest is "
        f"{w.band(overall.inherent).label}.",
        f"If the {plural(len(counted), 'recommended mitigation')} the company has not "
        f"declined work as expected, the highest remaining risk is "
        f"{w.band(overall.residual).label}.",
    ]
    top_band = assessment.bands[-1]
    stuck = [a.title for a in areas if a.residual_band.id == top_band]
    if stuck:
        lines.append(
            f"Even after those mitigations, {plural(len(stuck), 'area')} "
            f"{'stays' if len(stuck) == 1 else 'stay'} {w.band(top_band).label}: "
            f"{_join(stuck)}. This needs a decision at board level on further steps."
        )
    declined = [
        m
        for g in assessment.plan
        for m in g.mitigations
        if m.status == "accepted" and not m.acceptance_expired
    ]
    if declined:
        lines.append(
            f"The company has declined {plural(len(declined), 'recommended mitigation')} and "
            "accepted the risk instead; see Accepted risks for the reasons and expiry dates."
        )
    if not assessment.complete:
        lines.append(
            f"The assessment is incomplete ({plural(len(assessment.unanswered), 'question')} "
            "unanswered): the ratings may understate the risk."
        )
    if assessment.data_gaps:
        lines.append(
            f'{plural(len(assessment.data_gaps), "question")} answered "don\'t know": each '
            "is scored as the riskiest answer until someone finds out."
        )
    ranked = sorted(
        areas,
        key=lambda a: (-a.band.rank, -a.rating, -a.residual_band.rank, -a.residual_rating),
    )
    top = [
        TopRisk(
            code=a.code,
            title=a.title,
            band=a.band,
            residual_band=a.residual_band,
            why=_first_sentence(a.description),
            drivers=[d.text for d in a.likelihood_drivers[:-1] if d.effect][:2],
        )
        for a in ranked[:TOP_RISKS]
        if a.band.rank > 0 or len(ranked) <= TOP_RISKS
    ]
    soon = [
        p
        for p in plan
        if p.horizon == "immediate" and p.status_id in ("open", "planned", "in_progress")
    ]
    steps = []
    if not soon:
        steps.append("No mitigation is due within 30 days; start the 90-day items below.")
    reviews = [p for p in plan if p.review and p.status_id != "done"]
    if reviews:
        steps.append(
            f"Before anyone acts on the {plural(len(reviews), 'action')} marked for review, get "
            "legal and safety advice."
        )
    gaps = [a for a in areas if a.data_gaps]
    if gaps:
        steps.append(
            'Find out the answers recorded as "don\'t know": they are listed under each area.'
        )
    if expired:
        steps.append(
            f"Decide again on the expired risk acceptance of: {_join(expired)}; until then, "
            "treat the mitigation as recommended."
        )
    overdue = [p for p in plan if p.overdue]
    if overdue:
        names = "; ".join(p.title for p in overdue)
        steps.append(f"Overdue on {today}: {names}. Agree a new date or escalate.")
    return Summary(overall=lines, top_risks=top, next_30_days=soon, next_steps=steps)


def plural(count: int, noun: str) -> str:
    """Return ``count noun`` with the noun in plural when count is not 1."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def accepted_risks(
    w: _Words, answers: Answers, assessment: Assessment, hidden: set[str], today: str
) -> list[AcceptedView]:
    """Return every recorded risk acceptance; an expiry before the report date is expired."""
    views = []
    for mid, record in answers.mitigations.items():
        if record.accepted is None or mid in hidden:
            continue
        spec = w.mitigations.get(mid)
        views.append(
            AcceptedView(
                id=mid,
                title=w.text(spec.title) if spec else mid,
                areas=[w.area_title(a) for a in spec.areas] if spec else [],
                reason=record.accepted.reason,
                approver=record.accepted.approver,
                expires=record.accepted.expires,
                expired=record.accepted.expires < today,
                recommended=mid in assessment.triggered_mitigations,
            )
        )
    return views


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


def sources(w: _Words) -> list[SourceView]:
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


def answer_view(
    w: _Words, question: Question, answer: Answer | None, shareable: bool
) -> AnswerView:
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
        dont_know=isinstance(answer.value, str) and answer.value == DONT_KNOW,
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
    w: _Words, answers: Answers, assessment: Assessment, hidden: set[str], shareable: bool
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


def retired_answers(w: _Words, answers: Answers, shareable: bool) -> list[RetiredView]:
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
