"""The one interface every `hrdd score` output format implements, and the rows they share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hrdd.answers.model import Answers
from hrdd.questionnaire.model import Questionnaire, text_in
from hrdd.safe_text import printable
from hrdd.scoring.model import AreaResult, Assessment, PlannedMitigation

if TYPE_CHECKING:
    from hrdd.output.results import RatedFile

DONT_KNOW_SHOWN = "don't know"


@dataclass(frozen=True)
class ScoredFile:
    """One answers file with its questionnaire and the assessment computed from them."""

    path: str
    answers: Answers
    questionnaire: Questionnaire
    assessment: Assessment


class ScoreRenderer(ABC):
    """Turn scored files into the text of one output format; never write it anywhere."""

    @abstractmethod
    def render(self, files: Sequence[ScoredFile], *, explain: bool) -> str:
        """Return the whole output; ``explain`` adds the drivers of every figure."""

    def render_rated(self, files: Sequence[RatedFile], *, explain: bool) -> str:
        """Return the whole output for format-2 files; ``explain`` adds every scenario."""
        return "".join(self.stream_rated(files, len(files), explain=explain))

    @abstractmethod
    def stream_rated(
        self, files: Iterable[RatedFile], count: int, *, explain: bool
    ) -> Iterator[str]:
        """Yield the output for ``count`` format-2 files in pieces, as the files come.

        The pieces add up to `render_rated`. No file is kept: only what a layout needs from
        every file before it can print (a table's cells) is held. With ``explain`` a
        portfolio iterates ``files`` twice.
        """


def _shown_cells(cells: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(printable(cell) for cell in cells)


def label(scored: ScoredFile, band: str) -> str:
    """Return the questionnaire's label of a band id."""
    q = scored.questionnaire
    for b in q.scoring.bands:
        if b.id == band:
            return printable(text_in(b.label, q.default_language, q.default_language))
    return band


def area_title(scored: ScoredFile, area_id: str) -> str:
    """Return an area's title in the questionnaire's default language."""
    q = scored.questionnaire
    for area in q.areas:
        if area.id == area_id:
            return printable(text_in(area.title, q.default_language, q.default_language))
    return area_id


def status(assessment: Assessment) -> str:
    """Return `complete` or `incomplete (N unanswered)`."""
    if assessment.complete:
        return "complete"
    return f"incomplete ({len(assessment.unanswered)} unanswered)"


AREA_HEADERS = ("Area", "Severity", "Likelihood", "Inherent", "Residual", "Data gaps")


def area_row(scored: ScoredFile, area: AreaResult) -> tuple[str, ...]:
    """Return one area's cells: title, S (dims), L (P/M), inherent, residual, gaps."""
    s = area.severity
    lik = area.likelihood
    res = area.residual
    return (
        f"{area_title(scored, area.area)} ({area.area})",
        f"{s.severity} ({s.scale}/{s.scope}/{s.irremediability})",
        f"{lik.likelihood} ({lik.points}/{lik.max_points})",
        f"{label(scored, area.band)} {area.rating}",
        f"{label(scored, res.band)} {res.rating}",
        str(len(area.data_gaps)),
    )


PLAN_HEADERS = ("#", "Mitigation", "Horizon", "Areas", "Effort", "Status", "Owner", "Due")


def plan_rows(scored: ScoredFile) -> list[tuple[str, ...]]:
    """Return the plan's rows in rank order."""
    ordered = sorted(
        (m for group in scored.assessment.plan for m in group.mitigations), key=lambda m: m.rank
    )
    return [
        _shown_cells(
            (
                str(m.rank) + (" !" if m.priority else ""),
                m.mitigation + (" (legal/safety review)" if m.review else ""),
                m.horizon.replace("_", " "),
                ", ".join(m.areas),
                m.effort,
                _status(m),
                m.owner or "-",
                m.due or "-",
            )
        )
        for m in ordered
    ]


def _status(m: PlannedMitigation) -> str:
    """Return a plan item's status; a lapsed acceptance says so, since it no longer holds."""
    if m.status is None:
        return "-"
    return f"{m.status.value} (expired)" if m.acceptance_expired else m.status.value


PORTFOLIO_HEADERS = ("File", "Organisation", "Status", "Inherent", "Residual", "Data gaps")


def portfolio_row(scored: ScoredFile) -> tuple[str, ...]:
    """Return one file's cells for the portfolio table."""
    a = scored.assessment
    return _shown_cells(
        (
            scored.path,
            scored.answers.organisation,
            status(a),
            label(scored, a.overall.inherent),
            label(scored, a.overall.residual),
            str(len(a.data_gaps)),
        )
    )


def summary_lines(scored: ScoredFile) -> list[str]:
    """Return the lines under an assessment's tables: overall bands, gaps, unanswered."""
    a = scored.assessment
    lines = [
        f"Overall: inherent {label(scored, a.overall.inherent)}, "
        f"residual {label(scored, a.overall.residual)}; {status(a)}"
    ]
    if a.data_gaps:
        lines.append("Data gaps (answered don't know): " + ", ".join(a.data_gaps))
    if a.unanswered:
        lines.append("Unanswered: " + ", ".join(a.unanswered))
    from hrdd.answers.signing import STALE_NOTE, SignoffState, signoff_state

    signoff = scored.answers.signoff
    if signoff is not None:
        state = signoff_state(scored.answers)
        line = f"Sign-off: {signoff.name} on {signoff.date}"
        if state is SignoffState.STALE:
            line += f"; {STALE_NOTE}"
        elif state is SignoffState.UNVERIFIED:
            line += " (recorded without a fingerprint: what it covers cannot be checked)"
        lines.append(line)
    return lines


def _shown(answer: object) -> str:
    if answer == "dont_know":
        return DONT_KNOW_SHOWN
    if isinstance(answer, list):
        return "[" + ", ".join(str(v) for v in answer) + "]"
    return str(answer)


def _effect(parts: dict[str, int]) -> str:
    shown = [f"{name} {value:+d}" for name, value in parts.items() if value]
    return ", ".join(shown) or "no effect"


def explain_lines(scored: ScoredFile) -> list[str]:
    """Return the drivers of every figure of every area, as indented plain-text lines."""
    return [printable(line) for line in _explain_lines(scored)]


def _explain_lines(scored: ScoredFile) -> list[str]:
    weights = scored.questionnaire.scoring.severity.weights
    lines: list[str] = []
    for area in scored.assessment.areas:
        s, lik, res = area.severity, area.likelihood, area.residual
        lines.append(f"{area.area}: {area.vector}")
        for d in area.severity_drivers:
            source = "the area default" if d.source == "default" else f"rule {d.source}"
            lines.append(f"  {d.dimension} {d.value} from {source}")
        mean = " + ".join(f"{weights.get(k, 0)}x{getattr(s, k)}" for k in weights)
        escalated = " (lifted: a dimension is 5)" if s.escalated else ""
        lines.append(
            f"  severity: ({mean}) / {sum(weights.values())} -> {s.weighted}; "
            f"S = {s.severity}{escalated}"
        )
        floor = f"rule {lik.floor_rule}" if lik.floor_rule else "no rule"
        lines.append(
            f"  likelihood: {lik.points} of {lik.max_points} points, floor {lik.floor} "
            f"({floor}) -> L = {lik.likelihood}"
        )
        for p in area.point_drivers:
            gap = " (data gap: scored as the riskiest answer)" if p.dont_know else ""
            lines.append(f"    {p.question} = {_shown(p.answer)}: +{p.points}{gap}")
        override = f", raised by an override to {area.override}" if area.override else ""
        lines.append(
            f"  rating: {s.severity} x {lik.likelihood} = {area.rating} -> {area.band}{override}"
        )
        if area.involvement:
            lines.append(f"  involvement: {area.involvement}")
        lines.append(f"  residual: {res.vector}")
        lines.extend(
            f"    {m.mitigation}: "
            + _effect(
                {
                    "likelihood": m.likelihood,
                    "scale": m.scale,
                    "scope": m.scope,
                    "irremediability": m.irremediability,
                }
            )
            for m in res.drivers
        )
        if res.drivers:
            lines.append(
                f"    applied after caps: {_effect({k: -v for k, v in res.drops.items()})}"
            )
    return lines
