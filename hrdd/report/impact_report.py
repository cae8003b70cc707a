"""The report of a format-2 questionnaire (the risk model): its context, built in one place.

Every word about impacts, scenarios and the plan comes from the shared results view
(`hrdd.report.results`), so the report names the same top risks in the same order as
`hrdd score`. Templates only lay the context out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hrdd import __version__
from hrdd.answers.model import Answers
from hrdd.questionnaire.model import (
    text_in,
)
from hrdd.report.context import ReportOptions, report_date
from hrdd.report.results import (
    INHERENT_SENTENCE,
    RESIDUAL_SENTENCE,
    ImpactView,
    PlanView,
    results_view,
)
from hrdd.report.words import INTERNAL_NOTE, INVOLVEMENT_WORDS, SHAREABLE_NOTE
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.ranking import rank_plan
from hrdd.scoring.impacts.result import ItemKind, Result
from hrdd.values import (
    DONT_KNOW,
)

WORST_SCENARIOS = 5
"""At most this many scenarios in the board summary (at least the top risks)."""
DRIVERS_SHOWN = 3
DECLINED_WORDS = "declined: the risk remains"
REVIEW_WORDS = "needs legal and safety review first"
PRESUMED_WORDS = "presumed: access is not visible to you"
NOT_LEGAL_ADVICE = (
    "This report is not legal advice. It rates risks to people from the answers given; "
    "take legal and safety advice before acting on any step marked for review."
)
TERMS = (
    (
        "Impact",
        "a harm to people (users, staff, others) that the company's presence or "
        "service in Belarus can lead to.",
    ),
    (
        "Path",
        "the way the harm can reach people, for example state access to a system or "
        "pressure on staff in Belarus.",
    ),
    (
        "Scenario",
        "one impact through one path; people at particular risk (journalists, "
        "activists) are a scenario of their own.",
    ),
    ("Inherent", INHERENT_SENTENCE.removeprefix("Inherent: ")),
    ("Residual", RESIDUAL_SENTENCE.removeprefix("Residual: ")),
    ("Band", "the rating of a scenario or impact, from severity first, then likelihood."),
    (
        "Provisional",
        "a rating that unanswered or don't-know questions can still move; it is "
        "shown as a range from the favourable case to the riskiest.",
    ),
    (
        "Legal floor",
        "a legal duty the company cannot switch off while it stays (such as an "
        "order to connect to state systems): it keeps the likelihood up whatever else is done.",
    ),
    (
        "Involvement",
        "whether the company may cause or contribute to the harm, or is linked "
        "to it through a business relationship (UN Guiding Principle 13).",
    ),
)


@dataclass(frozen=True)
class WorstScenario:
    """One of the worst scenarios, in plain words for the board."""

    impact: str
    band: str
    who: str
    path: str
    reaches: str
    why: tuple[str, ...]
    anchor: str


@dataclass(frozen=True)
class ScenarioPart:
    """A scenario of an impact in the report body."""

    path: str
    reaches: str
    at_risk: bool
    inherent: str
    residual: str
    involvement: str
    involvement_reason: str
    drivers: tuple[str, ...]
    inherent_vector: str
    residual_vector: str
    scenario_id: str


@dataclass(frozen=True)
class ImpactPart:
    """An impact in the report body, with its scenarios and the plan items addressing it."""

    number: int
    anchor: str
    title: str
    description: str
    rights: str
    who: str
    inherent: str
    residual: str
    provisional: bool
    context_only: bool
    involvement: str
    gaps: tuple[str, ...]
    scenarios: tuple[ScenarioPart, ...]


@dataclass(frozen=True)
class RegisterEntry:
    """Harm that has happened."""

    title: str
    impacts: str
    presumed: str
    action: str


@dataclass(frozen=True)
class AreaPart:
    """An area's exposure and preparedness; never a severity."""

    title: str
    exposure: str
    paths: str
    preparedness: str
    in_place: str


@dataclass(frozen=True)
class PlanPart:
    """A plan item in the one plan order."""

    number: int
    anchor: str
    kind: str
    title: str
    horizon: str
    owner: str
    status: str
    due: str
    reason: str
    notes: tuple[str, ...]
    """Declined, review and board flags in words."""


@dataclass(frozen=True)
class AnswerPart:
    """One answer in the appendix (internal profile only)."""

    question: str
    value: str
    note: str
    evidence: tuple[tuple[str, str], ...]
    """Each item with its link: the item itself for http and https, else empty (no link)."""
    by: str


@dataclass(frozen=True)
class Appendix:
    """The technical appendix."""

    method: tuple[str, ...]
    choices: tuple[str, ...]
    vectors: tuple[tuple[str, str, str], ...]
    answers: tuple[AnswerPart, ...]


@dataclass(frozen=True)
class ImpactReport:
    """Everything the format-2 report templates show, nothing they must compute."""

    lang: str
    title: str
    organisation: str
    date: str
    profile: str
    shareable: bool
    profile_note: str
    disclaimer: str
    hrdd_version: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    answers_file: str
    answers_hash: str
    regenerate: str
    status: str
    rated: bool
    headline: str
    legend: str
    worst: tuple[WorstScenario, ...]
    decisions: tuple[str, ...]
    next_30: tuple[PlanPart, ...]
    next_90: tuple[PlanPart, ...]
    unknown: tuple[str, ...]
    would_open: tuple[str, ...]
    terms: tuple[tuple[str, str], ...]
    impacts: tuple[ImpactPart, ...]
    register: tuple[RegisterEntry, ...]
    areas: tuple[AreaPart, ...]
    plan: tuple[PlanPart, ...]
    plan_withheld: str
    signoff: str | None
    signoff_stale: str | None
    top: tuple[str, ...]
    """The ids of the top risks, as `hrdd score` names them (for tests and readers alike)."""
    appendix: Appendix


class _Text:
    def __init__(self, q: RiskQuestionnaire) -> None:
        self.lang = q.default_language

    def __call__(self, value: object) -> str:
        if value is None:
            return ""
        return text_in(value, self.lang, self.lang)  # type: ignore[arg-type]


def _plan_parts(
    q: RiskQuestionnaire, result: Result, plan: tuple[PlanView, ...], shareable: bool
) -> tuple[tuple[PlanPart, ...], int]:
    mitigations = {m.id: m for m in q.mitigations}
    items = {i.id: i for i in rank_plan(result.plan)}
    parts: list[PlanPart] = []
    withheld = 0
    for view in plan:
        item = items[view.id]
        mitigation = mitigations.get(item.subject)
        if shareable and mitigation is not None and mitigation.internal:
            withheld += 1
            continue
        notes: list[str] = []
        if view.declined:
            notes.append(DECLINED_WORDS)
        if item.flagged:
            notes.append("declined on a path with a legal floor: for the board")
        if mitigation is not None and mitigation.review and item.kind is not ItemKind.ACTUAL:
            notes.append(REVIEW_WORDS)
        parts.append(
            PlanPart(
                number=view.number,
                anchor=f"plan-{view.number}",
                kind=view.kind,
                title=view.title,
                horizon=view.horizon,
                owner="-" if shareable else view.owner,
                status=view.status,
                due=view.due,
                reason=item.reason,
                notes=tuple(notes),
            )
        )
    return tuple(parts), withheld


def _who(t: _Text, q: RiskQuestionnaire, impact_id: str) -> str:
    impact = next((i for i in q.impacts if i.id == impact_id), None)
    if impact is None:
        return ""
    return ", ".join(t(h) for h in impact.rights_holders)


def _worst(
    t: _Text, q: RiskQuestionnaire, impacts: tuple[ImpactView, ...], anchors: dict[str, str]
) -> tuple[WorstScenario, ...]:
    chosen = [i for i in impacts if not i.context_only][:WORST_SCENARIOS]
    return tuple(
        WorstScenario(
            impact=i.title,
            band=i.inherent,
            who=_who(t, q, i.id),
            path=i.path,
            reaches=i.reaches,
            why=i.scenarios[0].drivers[:DRIVERS_SHOWN] if i.scenarios else i.reasons,
            anchor=anchors[i.id],
        )
        for i in chosen
    )


def _decisions(result: Result, plan: tuple[PlanPart, ...], kinds: dict[int, str]) -> list[str]:
    shown: list[str] = []
    for part in plan:
        if kinds[part.number] == ItemKind.DECISION.value or any(
            "legal floor" in n for n in part.notes
        ):
            extra = f" ({'; '.join(part.notes)})" if part.notes else ""
            shown.append(f"{part.title}{extra} (plan step {part.number})")
    shown.extend(f"Legal-compliance flag: {flag}" for flag in result.flags)
    return shown


def _signoff(answers: Answers, shareable: bool) -> tuple[str | None, str | None]:
    s = answers.signoff
    if s is None:
        return None, None
    if shareable:
        text = f"Signed off on {s.date}."
    else:
        who = f"{s.name}, {s.role}" if s.role else s.name
        text = f"Signed off by {who} on {s.date}."
        if s.statement:
            text += " " + " ".join(s.statement.split())
    changed = answers.updated[:10]
    stale = None
    if date.fromisoformat(changed) > date.fromisoformat(str(s.date)):
        stale = (
            f"The answers changed on {changed}, after this sign-off: it does not cover "
            "the current answers; sign off again."
        )
    return text, stale


def _is_web(text: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and text == text.strip()


def _answers(t: _Text, q: RiskQuestionnaire, answers: Answers) -> tuple[AnswerPart, ...]:
    shown: list[AnswerPart] = []
    for section in q.sections:
        for question in section.questions:
            answer = answers.answers.get(question.id)
            if answer is None:
                continue
            labels = {o.value: t(o.label) or o.value for o in question.options}
            value = answer.value
            if value == DONT_KNOW:
                words = "Don't know"
            elif isinstance(value, list):
                words = ", ".join(labels.get(str(v), str(v)) for v in value) or "None selected"
            else:
                words = labels.get(str(value), str(value))
            shown.append(
                AnswerPart(
                    question=t(question.text),
                    value=words,
                    note=" ".join((answer.note or "").split()),
                    evidence=tuple((e, e if _is_web(e) else "") for e in answer.evidence),
                    by=answer.answered_by or "",
                )
            )
    return tuple(shown)


METHOD = (
    "Impacts on people are rated, not control gaps. Each impact is reached through paths "
    "(state access, pressure on staff, orders to block); an impact through one open path is "
    "a scenario.",
    "A scenario's severity comes from the scale of what the path reaches, the scope (how "
    "many people) and irremediability; its likelihood from the facts that open the path, "
    "raised by evidence of interest (demands received) and lowered by safeguards in place.",
    "A legal floor keeps the likelihood up while the company stays, inherent and residual.",
    "An impact takes the band of its worst scenario; impacts and the plan are ranked by one "
    "function, shared with `hrdd score`.",
    "An unknown answer is rated at its riskiest value within its bound; the rating then "
    "carries its range and the plan lists what to find out.",
    "The residual counts only steps that close a path, narrow what it reaches or lower its "
    "likelihood; assessments and remedies never lower a residual.",
)


def _choices(t: _Text, q: RiskQuestionnaire) -> tuple[str, ...]:
    m = q.matrix
    bands = ", ".join(t(b.label) for b in m.bands)
    return (
        f"Design choice: the bands ({bands}) and the severity-first matrix that assigns them "
        "are declared in the questionnaire.",
        "Design choice: severity weights, scope tiers, safeguard caps and the likelihood steps "
        "of interest and safeguards are set in the questionnaire, not derived from data.",
        "Design choice: the plan order (harm done first, then decisions, find-out items, "
        "close, narrow, lower, assess, remedy) and its tie-breaks.",
    )


def build_impact_report(
    q: RiskQuestionnaire,
    result: Result,
    answers: Answers,
    options: ReportOptions,
    questionnaire_hash: str,
) -> ImpactReport:
    """Return the context of the format-2 report for one answers file."""
    t = _Text(q)
    shareable = options.profile.value == "shareable"
    view = results_view(q, result, answers)
    when = report_date(answers, options)
    anchors = {i.id: f"impact-{n}" for n, i in enumerate(view.impacts, 1)}
    by_id = {i.id: i for i in q.impacts}
    scenarios = {s.id: s for i in result.impacts for s in i.scenarios}
    impacts = tuple(
        ImpactPart(
            number=n,
            anchor=anchors[i.id],
            title=i.title,
            description=" ".join(t(by_id[i.id].description).split()) if i.id in by_id else "",
            rights=", ".join(by_id[i.id].rights) if i.id in by_id else "",
            who=_who(t, q, i.id),
            inherent=i.inherent,
            residual=i.residual,
            provisional=i.provisional,
            context_only=i.context_only,
            involvement=INVOLVEMENT_WORDS.get(i.involvement, i.involvement),
            gaps=i.gaps,
            scenarios=tuple(
                ScenarioPart(
                    path=s.path,
                    reaches=s.reaches,
                    at_risk=s.at_risk,
                    inherent=s.inherent,
                    residual=s.residual,
                    involvement=INVOLVEMENT_WORDS.get(s.involvement, s.involvement),
                    involvement_reason=scenarios[s.id].involvement_reason,
                    drivers=s.drivers,
                    inherent_vector=s.inherent_vector,
                    residual_vector=s.residual_vector,
                    scenario_id=s.id,
                )
                for s in i.scenarios
            ),
        )
        for n, i in enumerate(view.impacts, 1)
    )
    actual = {a.id: a for a in q.actual_impacts}
    impact_titles = {i.id: i.title for i in view.impacts} | {
        i.id: t(i.title) for i in q.impacts if i.id not in anchors
    }
    register = tuple(
        RegisterEntry(
            title=t(actual[e.id].title) if e.id in actual else e.id,
            impacts=", ".join(impact_titles.get(x, x) for x in e.impacts),
            presumed=PRESUMED_WORDS if e.presumed else "",
            action=" ".join(t(actual[e.id].action).split()) if e.id in actual else "",
        )
        for e in result.register
    )
    area_titles = {a.id: t(a.title) for a in q.areas}
    path_titles = {p.id: t(p.title) for p in q.paths}
    exposure = {lv.id: t(lv.label) for lv in q.levels.exposure}
    prepared = {lv.id: t(lv.label) for lv in q.levels.preparedness}
    titles = {s.id: t(s.title) for p in q.paths for s in p.safeguards}
    titles |= {p.id: t(p.title) for a in q.areas for p in a.practices}
    areas = tuple(
        AreaPart(
            title=area_titles.get(a.id, a.id),
            exposure=exposure.get(a.exposure, a.exposure),
            paths=", ".join(path_titles.get(p, p) for p in a.exposure_paths) or "none open",
            preparedness=(
                "not applicable"
                if a.preparedness is None
                else f"{prepared.get(a.preparedness, a.preparedness)} "
                f"({len(a.in_place)} of {len(a.applicable)} in place)"
            ),
            in_place=", ".join(titles.get(x, x) for x in a.in_place),
        )
        for a in result.areas
    )
    plan, withheld = _plan_parts(q, result, view.plan, shareable)
    kinds = {p.number: rank_plan(result.plan)[p.number - 1].kind.value for p in plan}
    signoff, stale = _signoff(answers, shareable)
    find_out = tuple(p.title.removeprefix("Find out: ") for p in plan if p.kind == "find out")
    unknown = tuple(dict.fromkeys(view.gaps + find_out))
    if view.unanswered:
        unknown += (f"{view.unanswered} applicable questions are not answered yet.",)
    vectors = tuple(
        (s.scenario_id, s.inherent_vector, s.residual_vector) for i in impacts for s in i.scenarios
    )
    fmt = options.output_format
    q_arg = f" --questionnaire {options.questionnaire_file}" if options.questionnaire_file else ""
    return ImpactReport(
        lang=q.default_language,
        title=f"Human-rights risk and mitigation report: {answers.organisation}",
        organisation=answers.organisation,
        date=when,
        profile=options.profile.value,
        shareable=shareable,
        profile_note=SHAREABLE_NOTE if shareable else INTERNAL_NOTE,
        disclaimer=NOT_LEGAL_ADVICE,
        hrdd_version=__version__,
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        questionnaire_hash=questionnaire_hash,
        answers_file=options.answers_file,
        answers_hash=options.answers_hash,
        regenerate=(
            f"hrdd report {options.answers_file}{q_arg} --format {fmt} "
            f"--profile {options.profile.value} --date {when}"
        ),
        status="complete" if not view.unanswered else f"incomplete ({view.unanswered} unanswered)",
        rated=view.rated,
        headline=view.headline,
        legend=view.legend,
        worst=_worst(t, q, view.impacts, anchors),
        decisions=tuple(_decisions(result, plan, kinds)),
        next_30=tuple(p for p in plan if p.horizon == "now" and kinds[p.number] != "decision"),
        next_90=tuple(p for p in plan if p.horizon == "90 days"),
        unknown=unknown,
        would_open=view.would_open,
        terms=TERMS,
        impacts=impacts,
        register=register,
        areas=areas,
        plan=plan,
        plan_withheld=(
            f"Not listed in this shareable version: {withheld} internal plan item(s)."
            if withheld
            else ""
        ),
        signoff=signoff,
        signoff_stale=stale,
        top=tuple(i.id for i in view.top),
        appendix=Appendix(
            method=METHOD,
            choices=_choices(t, q),
            vectors=vectors,
            answers=() if shareable else _answers(t, q, answers),
        ),
    )
