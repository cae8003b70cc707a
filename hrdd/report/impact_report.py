"""The report of a format-2 questionnaire (the risk model): its context, built in one place.

Every word about impacts, scenarios and the plan comes from the shared results view
(`hrdd.report.results`), so the report names the same top risks in the same order as
`hrdd score`. Templates only lay the context out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from hrdd import __version__
from hrdd.answers.model import Answers
from hrdd.questionnaire.model import text_in
from hrdd.report.context import ReportOptions, report_date
from hrdd.report.impact_links import (
    Addressed,
    Anchors,
    AnswerPart,
    AnswerWords,
    addressed,
    area_questions,
    path_questions,
)
from hrdd.report.page import Page
from hrdd.report.results import (
    INHERENT_SENTENCE,
    RESIDUAL_SENTENCE,
    ImpactView,
    PlanView,
    ScenarioView,
    field_values,
    mid_sentence,
    results_view,
)
from hrdd.report.words import INTERNAL_NOTE, INVOLVEMENT_WORDS, SHAREABLE_NOTE
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.index import RiskIndex
from hrdd.scoring.impacts.ranking import rank_plan
from hrdd.scoring.impacts.result import ItemKind, PlanItem, Result

INVOLVEMENT = INVOLVEMENT_WORDS | {
    "none": (
        "The company is not involved: the harm can come only through networks it does not "
        "run, and its product design (encryption) is what limits it."
    ),
}
WORST_SCENARIOS = 5
"""At most this many scenarios in the board summary (at least the top risks)."""
DRIVERS_SHOWN = 3
DECLINED_WORDS = "declined: the risk remains"
REVIEW_WORDS = "review first"
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
    (
        "Review first",
        "a step that can put staff or users at legal or physical risk: take legal and "
        "safety advice before acting on it.",
    ),
    ("Band", "the rating of a scenario or impact, from severity first, then likelihood."),
    (
        "Scale, scope, irremediability",
        "how grave the harm is, how many people it reaches, how hard it is to undo, "
        "each from 1 (least) to 5 (most); together they give the severity.",
    ),
    ("Likelihood", "how likely the harm is, from 1 (remote) to 5 (expected or happening)."),
    (
        "Provisional",
        "a rating that unanswered or don't-know questions can still move, shown as a "
        "range from the favourable case to the riskiest.",
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

GLOSSARY = (
    (
        "SORM",
        "interception equipment telecom operators must install, through which the security "
        "services connect at any time, unseen by the operator (reported by Human Constanta "
        "and Amnesty International).",
    ),
    (
        "interaction system",
        "the state system of Decree No. 368 that NGOs report gives the security services "
        "direct access to users' data (the decree's text was not reviewed).",
    ),
    ("EAEU", "the Eurasian Economic Union: Russia, Belarus, Armenia, Kazakhstan, Kyrgyzstan."),
    ("UNGP", "the UN Guiding Principles on Business and Human Rights."),
    ("HRIA", "a human-rights impact assessment."),
    (
        "context only",
        "a harm that can come only through networks the company does not run, with its "
        "traffic encrypted: shown so the board knows of it, kept out of the headline.",
    ),
    ("TLS", "the standard encryption of traffic between an app and its servers."),
    (
        "salient",
        "a salient impact is one of the most severe harms to people the company could be "
        "involved in (the UN Guiding Principles' term).",
    ),
)
"""Words of the Decree 368 domain, explained on the board summary's page when it uses them."""


def _glossary(texts: list[str]) -> tuple[tuple[str, str], ...]:
    """Return the GLOSSARY entries whose term occurs in ``texts``."""
    joined = " ".join(texts)
    return tuple((term, meaning) for term, meaning in GLOSSARY if term in joined)


@dataclass(frozen=True)
class StepLink:
    """A link to a plan item or an impact: its words and its anchor."""

    label: str
    anchor: str
    title: str
    """What it links to, in full (a tooltip in HTML)."""


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
    context_only: bool


@dataclass(frozen=True)
class ScenarioPart(ScenarioView):
    """A scenario of an impact in the report body: its words in the results view, and more."""

    path: str
    """Its path's title, to stand inside a sentence."""
    involvement: str
    """The company's involvement, in a sentence."""
    involvement_reason: str
    scenario_id: str
    """Its id (``impact/path`` or ``impact/path/at_risk``), the name templates know it by."""
    anchor: str
    steps: tuple[StepLink, ...]
    """The plan items acting on its path."""


@dataclass(frozen=True)
class ImpactPart(ImpactView):
    """An impact in the report body, with its scenarios and the plan items addressing it."""

    number: int
    anchor: str
    description: str
    rights: str
    who: str
    involvement: str
    """The company's involvement, in a sentence."""
    scenarios: tuple[ScenarioPart, ...]
    steps: tuple[StepLink, ...]
    """Plan items for the impact as a whole (harm done, find out, assess, remedy)."""
    notes: tuple[AnswerPart, ...]
    """Answers that move it, with the respondents' notes and evidence (internal only)."""


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

    anchor: str
    title: str
    exposure: str
    paths: str
    preparedness: str
    in_place: str
    missing: str
    """Applicable safeguards and practices not in place."""
    notes: tuple[AnswerPart, ...]


@dataclass(frozen=True)
class PlanPart(PlanView):
    """A plan item in the one plan order: its words in the results view, and more."""

    anchor: str
    reason: str
    assigned: str
    """Owner, status and due date in a few words, or ``no owner yet``."""
    notes: tuple[str, ...]
    """Declined, review and board flags in words."""
    impacts: tuple[StepLink, ...]
    """The impacts it addresses, in the impact ranking."""


@dataclass(frozen=True)
class Appendix:
    """The technical appendix."""

    method: tuple[str, ...]
    choices: tuple[str, ...]
    vectors: tuple[tuple[str, str, str], ...]
    answers: tuple[AnswerPart, ...]


@dataclass(frozen=True)
class ImpactReport(Page):
    """Everything the format-2 report templates show, nothing they must compute."""

    organisation: str
    shareable: bool
    profile_note: str
    footer: str
    """Organisation and date, for the printed pages' footer."""
    disclaimer: str
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
    finding_out: tuple[PlanPart, ...]
    """The plan's find-out steps, named under "Not known yet" on the board summary."""
    would_open: tuple[str, ...]
    terms: tuple[tuple[str, str], ...]
    impacts: tuple[ImpactPart, ...]
    register: tuple[RegisterEntry, ...]
    areas: tuple[AreaPart, ...]
    other_notes: tuple[AnswerPart, ...]
    """Notes and evidence on answers that move no part shown above (internal only)."""
    plan: tuple[PlanPart, ...]
    plan_withheld: str
    signoff: str | None
    signoff_stale: str | None
    top: tuple[str, ...]
    """The ids of the top risks, as `hrdd score` names them (for tests and readers alike)."""
    appendix: Appendix | None
    """None when left out (``--no-appendix``)."""


class _Text:
    def __init__(self, q: RiskQuestionnaire) -> None:
        self.lang = q.default_language

    def __call__(self, value: object) -> str:
        if value is None:
            return ""
        return text_in(value, self.lang, self.lang)  # type: ignore[arg-type]


def _plan_parts(
    q: RiskQuestionnaire,
    ranked: list[PlanItem],
    plan: tuple[PlanView, ...],
    shareable: bool,
    links: Addressed,
    anchors: Anchors,
    impact_links: dict[str, StepLink],
) -> tuple[tuple[PlanPart, ...], int]:
    mitigations = {m.id: m for m in q.mitigations}
    items = {i.id: i for i in ranked}
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
                **field_values(replace(view, owner="-") if shareable else view),
                anchor=anchors("plan", item.id),
                reason=item.reason,
                assigned=_assigned(view, shareable),
                notes=tuple(notes),
                impacts=tuple(impact_links[i] for i in links.items.get(item.id, ())),
            )
        )
    return tuple(parts), withheld


def _assigned(view: PlanView, shareable: bool) -> str:
    """Say who does a plan item, where it stands and by when, in a few words."""
    said = [] if shareable or view.owner == "-" else [f"owner {view.owner}"]
    said += [] if view.status == "-" else [view.status]
    said += [] if view.due == "-" else [f"due {view.due}"]
    return ", ".join(said) if said else ("no status yet" if shareable else "no owner yet")


def _involvement(view: ImpactView | ScenarioView) -> str:
    """Return the company's involvement in an impact or scenario, in a sentence."""
    return INVOLVEMENT.get(view.involvement, view.involvement)


def _who(t: _Text, q: RiskQuestionnaire, impact_id: str) -> str:
    impact = next((i for i in q.impacts if i.id == impact_id), None)
    if impact is None:
        return ""
    return ", ".join(t(h) for h in impact.rights_holders)


def _worst(
    t: _Text, q: RiskQuestionnaire, impacts: tuple[ImpactView, ...], anchors: dict[str, str]
) -> tuple[WorstScenario, ...]:
    # With no salient impact, the context-only ones are still worth the board's eye.
    chosen = [i for i in impacts if not i.context_only][:WORST_SCENARIOS] or list(
        impacts[:WORST_SCENARIOS]
    )
    return tuple(
        WorstScenario(
            impact=i.title,
            band=i.inherent,
            who=_who(t, q, i.id),
            path=mid_sentence(i.path),
            reaches=i.reaches,
            why=i.scenarios[0].drivers[:DRIVERS_SHOWN] if i.scenarios else i.reasons,
            anchor=anchors[i.id],
            context_only=i.context_only,
        )
        for i in chosen
    )


def _decisions(result: Result, plan: tuple[PlanPart, ...], kinds: dict[int, str]) -> list[str]:
    shown = [
        f"{part.title} ({'; '.join([*part.notes, f'plan step {part.number}'])})"
        for part in plan
        if kinds[part.number] == ItemKind.DECISION.value
        or any("legal floor" in n for n in part.notes)
    ]
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


def _steps(ids: list[str], anchors: Anchors, context: _Links) -> tuple[StepLink, ...]:
    """Links to the plan items ``ids`` that the report lists, in plan order."""
    shown = sorted((context.numbers[i], i) for i in ids if i in context.numbers)
    return tuple(StepLink(f"step {n}", anchors("plan", i), context.titles[i]) for n, i in shown)


def _impact_parts(
    t: _Text,
    q: RiskQuestionnaire,
    result: Result,
    view: tuple[ImpactView, ...],
    context: _Links,
) -> tuple[ImpactPart, ...]:
    by_id = {i.id: i for i in q.impacts}
    scenarios = {s.id: s for i in result.impacts for s in i.scenarios}
    parts: list[ImpactPart] = []
    for n, i in enumerate(view, 1):
        notes: list[AnswerPart] = []
        scenario_parts: list[ScenarioPart] = []
        for s in i.scenarios:
            rated = scenarios[s.id]
            if context.words is not None:
                notes += context.words.annotated(
                    path_questions(context.index, rated.path), context.shown
                )
            scenario_parts.append(
                ScenarioPart(
                    **field_values(
                        replace(s, path=mid_sentence(s.path), involvement=_involvement(s))
                    ),
                    involvement_reason=rated.involvement_reason,
                    scenario_id=s.id,
                    anchor=context.anchors("scenario", s.id),
                    steps=_steps(context.links.scenarios.get(s.id, []), context.anchors, context),
                )
            )
        impact = by_id.get(i.id)
        parts.append(
            ImpactPart(
                **field_values(
                    replace(i, involvement=_involvement(i), scenarios=tuple(scenario_parts))
                ),
                number=n,
                anchor=context.anchors("impact", i.id),
                description=" ".join(t(impact.description).split()) if impact else "",
                rights=", ".join(impact.rights) if impact else "",
                who=_who(t, q, i.id),
                steps=_steps(context.links.impacts.get(i.id, []), context.anchors, context),
                notes=tuple(notes),
            )
        )
    return tuple(parts)


@dataclass
class _Links:
    """What the parts of the body share while they are built."""

    index: RiskIndex
    anchors: Anchors
    links: Addressed
    numbers: dict[str, int]
    """Plan-item id -> its number, for the items the report lists."""
    titles: dict[str, str]
    """Plan-item id -> its title."""
    words: AnswerWords | None
    """None in the shareable profile: no notes or evidence."""
    shown: set[str]
    """Questions whose notes are already shown."""


def _area_parts(
    t: _Text, q: RiskQuestionnaire, result: Result, context: _Links
) -> tuple[AreaPart, ...]:
    area_titles = {a.id: t(a.title) for a in q.areas}
    path_titles = {p.id: t(p.title) for p in q.paths}
    exposure = {lv.id: t(lv.label) for lv in q.levels.exposure}
    prepared = {lv.id: t(lv.label) for lv in q.levels.preparedness}
    titles = {s.id: t(s.title) for p in q.paths for s in p.safeguards}
    titles |= {p.id: t(p.title) for a in q.areas for p in a.practices}
    return tuple(
        AreaPart(
            anchor=context.anchors("area", a.id),
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
            missing=", ".join(titles.get(x, x) for x in a.applicable if x not in a.in_place),
            notes=(
                context.words.annotated(area_questions(context.index, a.id), context.shown)
                if context.words is not None
                else ()
            ),
        )
        for a in result.areas
    )


def build_impact_report(
    q: RiskQuestionnaire,
    result: Result,
    answers: Answers,
    options: ReportOptions,
    questionnaire_hash: str,
    *,
    appendix: bool = True,
    index: RiskIndex | None = None,
) -> ImpactReport:
    """Return the context of the format-2 report for one answers file.

    ``index`` is the questionnaire's index when the caller has one (built here otherwise);
    ``appendix`` False leaves out the technical appendix.
    """
    t = _Text(q)
    shareable = options.profile.value == "shareable"
    view = results_view(q, result, answers)
    when = report_date(answers, options)
    ranked = rank_plan(result.plan)
    anchors = Anchors()
    links = addressed(q, result, ranked)
    impact_links = {
        i.id: StepLink(str(n), anchors("impact", i.id), i.title)
        for n, i in enumerate(view.impacts, 1)
    }
    plan, withheld = _plan_parts(q, ranked, view.plan, shareable, links, anchors, impact_links)
    context = _Links(
        index=index if index is not None else RiskIndex(q),
        anchors=anchors,
        links=links,
        numbers={ranked[p.number - 1].id: p.number for p in plan},
        titles={ranked[p.number - 1].id: p.title for p in plan},
        words=None if shareable else AnswerWords(q, answers),
        shown=set(),
    )
    impacts = _impact_parts(t, q, result, view.impacts, context)
    actual = {a.id: a for a in q.actual_impacts}
    impact_titles = {i.id: i.title for i in view.impacts} | {
        i.id: t(i.title) for i in q.impacts if i.id not in impact_links
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
    areas = _area_parts(t, q, result, context)
    other_notes = (
        context.words.annotated(context.index.question_order, context.shown)
        if context.words is not None
        else ()
    )
    kinds = {p.number: ranked[p.number - 1].kind.value for p in plan}
    signoff, stale = _signoff(answers, shareable)
    find_out = tuple(p.title.removeprefix("Find out: ") for p in plan if p.kind == "find out")
    unknown = tuple(dict.fromkeys(view.gaps + find_out))
    if view.unanswered:
        unknown += (f"{view.unanswered} applicable questions are not answered yet.",)
    vectors = tuple(
        (s.id, s.inherent_vector, s.residual_vector) for i in impacts for s in i.scenarios
    )
    worst = _worst(t, q, view.impacts, {k: v.anchor for k, v in impact_links.items()})
    decisions = tuple(_decisions(result, plan, kinds))
    # Find-out steps are named once, under "Not known yet", not again in the 30/90-day lists.
    finding_out = tuple(p for p in plan if p.kind == "find out")
    next_30 = tuple(
        p
        for p in plan
        if p.horizon == "now" and kinds[p.number] != "decision" and p.kind != "find out"
    )
    next_90 = tuple(p for p in plan if p.horizon == "90 days" and p.kind != "find out")
    board_text = [view.headline, *decisions, *unknown, *view.would_open]
    board_text += [f"{w.path} {w.reaches} {' '.join(w.why)}" for w in worst]
    board_text += ["context only" for w in worst if w.context_only]
    board_text += [p.title for p in next_30 + next_90]
    fmt = options.output_format
    q_arg = f" --questionnaire {options.questionnaire_file}" if options.questionnaire_file else ""
    no_appendix = "" if appendix else " --no-appendix"
    return ImpactReport(
        lang=q.default_language,
        title=f"Human-rights risk and mitigation report: {answers.organisation}",
        organisation=answers.organisation,
        date=when,
        profile=options.profile.value,
        shareable=shareable,
        profile_note=SHAREABLE_NOTE if shareable else INTERNAL_NOTE,
        footer=f"{answers.organisation} · {when}",
        disclaimer=NOT_LEGAL_ADVICE,
        hrdd_version=__version__,
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        questionnaire_hash=questionnaire_hash,
        answers_file=options.answers_file,
        answers_hash=options.answers_hash,
        regenerate=(
            f"hrdd report {options.answers_file}{q_arg} --format {fmt} "
            f"--profile {options.profile.value} --date {when}{no_appendix}"
        ),
        status="complete" if not view.unanswered else f"incomplete ({view.unanswered} unanswered)",
        rated=view.rated,
        headline=view.headline,
        legend=view.legend,
        worst=worst,
        decisions=decisions,
        next_30=next_30,
        next_90=next_90,
        unknown=unknown,
        finding_out=finding_out,
        would_open=view.would_open,
        terms=TERMS + _glossary(board_text),
        impacts=impacts,
        register=register,
        areas=areas,
        other_notes=other_notes,
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
            answers=() if shareable else _all_answers(q, answers),
        )
        if appendix
        else None,
    )


def _all_answers(q: RiskQuestionnaire, answers: Answers) -> tuple[AnswerPart, ...]:
    """Every answer, section by section, for the technical appendix."""
    words = AnswerWords(q, answers)
    parts = (words.part(question.id) for s in q.sections for question in s.questions)
    return tuple(p for p in parts if p is not None)
