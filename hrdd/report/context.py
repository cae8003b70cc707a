"""Build the whole render context of a report: typed, display-ready, computed only here.

Templates receive a :class:`ReportContext` and only lay it out. Nothing here scores: every
figure comes from the :class:`~hrdd.scoring.model.Assessment`; this module picks, words and
filters (the shareable profile) what the engine concluded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hrdd import __version__
from hrdd.answers.model import Answers
from hrdd.questionnaire.model import Questionnaire
from hrdd.report.appendix import (
    answer_view,
    appendix,
    limitations,
    method_lines,
    retired_answers,
    sources,
)
from hrdd.report.areas import accepted_risks, area_view, plan_item
from hrdd.report.heatmap import Heatmap, heatmap
from hrdd.report.options import Profile
from hrdd.report.summary import plural, summary
from hrdd.report.views import (
    AcceptedView,
    AnswerView,
    AppendixSection,
    AreaView,
    BandView,
    HorizonGroup,
    RetiredView,
    SourceView,
    Summary,
)
from hrdd.report.words import HORIZON_TITLES, INTERNAL_NOTE, SHAREABLE_NOTE, Words
from hrdd.scoring.model import Assessment


@dataclass(frozen=True)
class ReportOptions:
    """What the command line adds to the inputs: profile, date and the files' names and hashes."""

    profile: Profile = Profile.INTERNAL
    report_date: str | None = None
    answers_file: str = "answers.yaml"
    answers_hash: str = ""
    questionnaire_file: str | None = None
    output_format: str = "markdown"


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template shows, already worded, filtered and ordered."""

    lang: str
    title: str
    organisation: str
    date: str
    profile: str
    shareable: bool
    profile_note: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_title: str
    questionnaire_hash: str
    answers_file: str
    answers_hash: str
    hrdd_version: str
    regenerate: str
    complete: bool
    status: str
    status_note: str
    respondents: list[str]
    signoff: str | None
    disclaimer: list[str]
    summary: Summary
    bands: list[BandView]
    heatmap: Heatmap
    areas: list[AreaView]
    plan: list[HorizonGroup]
    plan_note: str
    accepted: list[AcceptedView]
    method: list[str]
    limitations: list[str]
    sources: list[SourceView]
    appendix: list[AppendixSection]
    inactive: list[AnswerView] = field(default_factory=list)
    retired: list[RetiredView] = field(default_factory=list)


def report_date(answers: Answers, options: ReportOptions) -> str:
    """Return the report's date: ``--date`` when given, else the day the answers last changed."""
    if options.report_date:
        return date.fromisoformat(options.report_date).isoformat()
    return answers.updated[:10]


def build_context(
    questionnaire: Questionnaire,
    answers: Answers,
    assessment: Assessment,
    options: ReportOptions,
) -> ReportContext:
    """Return the render context of one report; the only place that computes for templates."""
    w = Words(questionnaire)
    shareable = options.profile is Profile.SHAREABLE
    today = report_date(answers, options)
    hidden_q = {q.id for q in questionnaire.questions() if q.internal} if shareable else set()
    hidden_m = {m.id for m in questionnaire.mitigations if m.internal} if shareable else set()

    planned = [m for g in assessment.plan for m in g.mitigations]
    items = {m.mitigation: plan_item(w, m, today, shareable) for m in planned}
    visible = [m for m in planned if m.mitigation not in hidden_m]
    groups = [
        HorizonGroup(
            horizon=g.horizon,
            title=HORIZON_TITLES.get(g.horizon, g.horizon),
            items=[items[m.mitigation] for m in g.mitigations if m.mitigation not in hidden_m],
        )
        for g in assessment.plan
    ]
    groups = [g for g in groups if g.items]
    areas = [
        area_view(w, a, items, hidden_q, hidden_m, n) for n, a in enumerate(assessment.areas, 1)
    ]

    withheld_q = len([q for q in hidden_q if q in assessment.applicable])
    withheld_m = len(planned) - len(visible)
    profile_note = INTERNAL_NOTE
    if shareable:
        profile_note = SHAREABLE_NOTE + (
            f" Withheld here: {plural(withheld_q, 'internal question')} and "
            f"{plural(withheld_m, 'internal mitigation')}; the ratings still count them."
        )
    plan_note = ""
    if withheld_m:
        plan_note = (
            f"Not listed in this shareable version: {plural(withheld_m, 'internal mitigation')}; "
            "the residual ratings include their expected effect."
        )

    unanswered = [q for q in assessment.unanswered if q not in hidden_q]
    status_note = ""
    if not assessment.complete:
        status_note = (
            f"Not answered yet: {plural(len(assessment.unanswered), 'applicable question')}. "
            "Unanswered questions add no risk points, so the ratings may understate the risk."
        )
        if unanswered:
            shown = "; ".join(w.text(w.questions[q].text) for q in unanswered if q in w.questions)
            status_note += f" Not answered: {shown}"
    lang = w.lang
    accepted = accepted_risks(w, answers, assessment, hidden_m, today)
    fmt = "html" if options.output_format == "html" else "markdown"
    command = [f"hrdd report {options.answers_file}"]
    if options.questionnaire_file:
        command.append(f"--questionnaire {options.questionnaire_file}")
    command += [f"--format {fmt}", f"--profile {options.profile.value}", f"--date {today}"]

    return ReportContext(
        lang=lang,
        title=f"Human-rights risk and mitigation report: {answers.organisation}",
        organisation=answers.organisation,
        date=today,
        profile=options.profile.value,
        shareable=shareable,
        profile_note=profile_note,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_title=w.text(questionnaire.title),
        questionnaire_hash=assessment.hash,
        answers_file=options.answers_file,
        answers_hash=options.answers_hash,
        hrdd_version=__version__,
        regenerate=" ".join(command),
        complete=assessment.complete,
        status="Complete" if assessment.complete else "Incomplete",
        status_note=status_note,
        respondents=[] if shareable else _respondents(answers),
        signoff=_signoff(answers),
        disclaimer=[p.strip() for p in w.text(questionnaire.disclaimer).split("\n\n") if p.strip()],
        summary=summary(
            w,
            assessment,
            areas,
            [items[m.mitigation] for m in visible],
            today,
            [a.title for a in accepted if a.expired],
        ),
        bands=[w.band(b) for b in w.band_ids],
        heatmap=heatmap(areas, _grid(w, questionnaire)),
        areas=areas,
        plan=groups,
        plan_note=plan_note,
        accepted=accepted,
        method=method_lines(questionnaire),
        limitations=limitations(questionnaire, assessment),
        sources=sources(w),
        appendix=appendix(w, answers, assessment, hidden_q, shareable),
        inactive=_inactive(w, answers, hidden_q, shareable),
        retired=retired_answers(w, answers, shareable),
    )


def _grid(w: Words, q: Questionnaire) -> dict[tuple[int, int], BandView]:
    """Band of every severity x likelihood cell, from the engine's own band function."""
    from hrdd.scoring.method import band_for

    return {
        (s, lik): w.band(band_for(s * lik, s, lik, q.scoring)[0])
        for s in range(1, 6)
        for lik in range(1, 6)
    }


def _respondents(answers: Answers) -> list[str]:
    shown = []
    for r in answers.respondents:
        extra = ", ".join(x for x in (r.role, r.organisation) if x)
        if r.name is None:  # recorded by role only
            shown.append(", ".join(x for x in (r.role, r.organisation) if x))
        else:
            shown.append(f"{r.name} ({extra})" if extra else r.name)
    return shown


def _signoff(answers: Answers) -> str | None:
    s = answers.signoff
    if s is None:
        return None
    from hrdd.answers.signing import STALE_NOTE, SignoffState, signoff_state

    who = f"{s.name}, {s.role}" if s.role else s.name
    text = f"Signed off by {who} on {s.date}."
    text = f"{text} {s.statement.strip()}" if s.statement else text
    return f"{text} {STALE_NOTE}" if signoff_state(answers) is SignoffState.STALE else text


def _inactive(w: Words, answers: Answers, hidden: set[str], shareable: bool) -> list[AnswerView]:

    return [
        answer_view(w, w.questions[qid], a, shareable)
        for qid, a in answers.answers.items()
        if not a.active and qid in w.questions and qid not in hidden
    ]
