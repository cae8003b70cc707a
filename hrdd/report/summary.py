"""Word the executive summary: the overall picture, the salient risks, the next 30 days."""

from __future__ import annotations

from hrdd.report.views import AreaView, PlanItem, Summary, TopRisk
from hrdd.report.words import Words
from hrdd.scoring.model import Assessment

TOP_RISKS = 3
"""How many areas the executive summary singles out."""


def summary(
    w: Words,
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
        if m.status in ("accepted", "declined") and not m.acceptance_expired
    ]
    if declined:
        lines.append(
            f"The company has declined {plural(len(declined), 'recommended mitigation')}. "
            "Declining does not accept the harm: the risks stay rated as if nothing were "
            "done about them; see Declined actions for the reasons and review dates."
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
            f"Decide again on the declined actions past their review date: {_join(expired)}; "
            "until then, treat them as recommended."
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
