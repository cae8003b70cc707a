"""Word the risk areas and the action plan: area cards, plan items, accepted risks."""

from __future__ import annotations

from hrdd.answers.model import Answers, MitigationStatus
from hrdd.report.views import AcceptedView, AreaView, DriverLine, PlanItem
from hrdd.report.words import (
    DIMENSION_WORDS,
    HORIZON_TITLES,
    INVOLVEMENT_WORDS,
    STATUS_LABELS,
    Words,
)
from hrdd.scoring.model import AreaResult, Assessment, PlannedMitigation

OPEN = {None, MitigationStatus.PLANNED, MitigationStatus.IN_PROGRESS}


def plan_item(w: Words, m: PlannedMitigation, today: str, shareable: bool) -> PlanItem:
    """Return one planned mitigation worded for the plan."""
    spec = w.mitigations[m.mitigation]
    status = STATUS_LABELS[m.status] if m.status is not None else "Not started"
    status_id = m.status.value if m.status is not None else "open"
    if m.acceptance_expired:
        # The decline is past its review date: recommended again until someone decides.
        status, status_id = "Decline past its review date", "open"
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


def _likelihood_drivers(w: Words, a: AreaResult, hidden: set[str]) -> list[DriverLine]:
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


def _severity_drivers(w: Words, a: AreaResult) -> list[DriverLine]:

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
    w: Words,
    a: AreaResult,
    items: dict[str, PlanItem],
    hidden_q: set[str],
    hidden_m: set[str],
    number: int,
) -> AreaView:
    """Return one area's view: ratings, plain-word drivers, rights, gaps and mitigations."""
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


def accepted_risks(
    w: Words, answers: Answers, assessment: Assessment, hidden: set[str], today: str
) -> list[AcceptedView]:
    """Return every declined plan item; a review date before the report date is expired.

    A decline on an area held up by a legal floor (a regime the company cannot switch off
    while it stays) is flagged for the board: declining there leaves the floor in place.
    """
    floored = {a.area for a in assessment.areas if a.likelihood.floor_rule is not None}
    views = []
    for mid, record in answers.mitigations.items():
        decision = record.decision
        if decision is None or mid in hidden:
            continue
        spec = w.mitigations.get(mid)
        views.append(
            AcceptedView(
                id=mid,
                title=w.text(spec.title) if spec else mid,
                areas=[w.area_title(a) for a in spec.areas] if spec else [],
                reason=decision.reason,
                approver=decision.approver,
                expires=decision.review,
                expired=decision.review < today,
                recommended=mid in assessment.triggered_mitigations,
                floored=[w.area_title(a) for a in spec.areas if a in floored] if spec else [],
            )
        )
    return views
