"""The portfolio overview: one row per client, built one answers file at a time.

Only the row of each file is kept (never its full result), so a portfolio of thousands of
clients needs the memory of its rows. Rows are pre-sorted into sections by headline band and
by name, so the HTML needs no script to be read in either order.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from hrdd import __version__
from hrdd.answers.model import OPEN_STATUSES, Answers
from hrdd.answers.signing import SignoffState, signoff_state
from hrdd.report.page import Page
from hrdd.report.results import ResultsView, Words, field_values, results_view
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.result import Result
from hrdd.scoring.impacts.snapshot import record_for

CODE_LENGTH = 10
"""Hex digits of a pseudonym: 40 bits, so a clash within 10,000 clients is about 1 in 20,000."""
SIGNOFF_MAX_DAYS = 365
"""A sign-off older than this (on the portfolio's day) is due again, as a yearly review is."""
UNREADABLE = "could not be read"
NOT_RATED = "not rated"
PSEUDONYM_NOTE = (
    "Organisation names are replaced by codes (an HMAC of the name under the consultant's "
    "key): the same name gives the same code in every portfolio made with that key. The "
    "codes do not hide a client from anyone who knows its ratings, sector or size: in a "
    "small portfolio a client can be recognised by its row."
)
SHAREABLE_NOTE = (
    "Shareable version: no names of people, no file names, no notes or evidence. "
    "Ratings, counts and dates only."
)
INTERNAL_NOTE = (
    "Internal version: it names the answers files. Use --profile shareable for readers "
    "outside the firm."
)


class Pseudonyms:
    """Stable codes for organisation names: an HMAC-SHA256 of the name under a secret key."""

    def __init__(self, key: bytes, keep: frozenset[str] = frozenset()) -> None:
        """Remember the key, and the names to keep as they are (normalised)."""
        self._key = key
        self._keep = frozenset(_normal(k) for k in keep)

    def code(self, name: str) -> str:
        """Return the code of a name; names differing only in case or spaces share it."""
        if _normal(name) in self._keep:
            return name
        digest = hmac.new(self._key, _normal(name).encode("utf-8"), hashlib.sha256)
        return "C-" + digest.hexdigest()[:CODE_LENGTH].upper()


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Row:
    """One client in the overview, everything in words."""

    name: str
    file: str
    band: str | None
    """The headline band id; None when not rated or not read."""
    headline: str
    residual: str
    worst: str
    gaps: int
    unanswered: int
    open_items: int
    overdue: int
    signoff: str
    signoff_due: bool
    """The sign-off is stale, unverifiable, missing, or older than a year."""
    error: str
    """Why the file could not be read (empty when it was)."""


def _signoff(answers: Answers, day: date) -> tuple[str, bool]:
    s = answers.signoff
    state = signoff_state(answers)
    if s is None:
        return "none", True
    if state is SignoffState.STALE:
        return f"stale: answers changed after {s.date}", True
    if state is SignoffState.UNVERIFIED:
        return f"{s.date}, without a fingerprint", True
    age = (day - date.fromisoformat(s.date)).days
    if age > SIGNOFF_MAX_DAYS:
        return f"{s.date}, over a year old", True
    return s.date, False


def _worst(view: ResultsView) -> str:
    first = (view.top or view.impacts)[0] if view.impacts else None
    if first is None or not view.rated:
        return "-"
    return f"{first.title}, through {first.path}"


def client_row(
    q: RiskQuestionnaire,
    result: Result,
    answers: Answers,
    *,
    day: date,
    name: str,
    file: str,
) -> Row:
    """Return one client's row: headline band, worst scenario, gaps, plan and sign-off."""
    view = results_view(q, result, answers)
    today = day.isoformat()
    open_items = overdue = 0
    for item in result.plan:
        record = record_for(answers.mitigations, item.id)
        if item.declined or (record is not None and record.is_declined):
            continue
        if record is None or record.status in OPEN_STATUSES:
            open_items += 1
            if record is not None and record.due is not None and record.due < today:
                overdue += 1
    first = (view.top or view.impacts)[0] if view.rated and view.impacts else None
    signoff, due = _signoff(answers, day)
    return Row(
        name=name,
        file=file,
        band=first.band if first is not None else None,
        headline=first.inherent if first is not None else NOT_RATED,
        residual=first.residual if first is not None else "-",
        worst=_worst(view),
        gaps=len(result.dont_know),
        unanswered=len(result.unanswered),
        open_items=open_items,
        overdue=overdue,
        signoff=signoff,
        signoff_due=due,
        error="",
    )


def error_row(name: str, file: str, error: str) -> Row:
    """Return the row of a file that could not be read, with its finding."""
    return Row(
        name=name,
        file=file,
        band=None,
        headline=UNREADABLE,
        residual="-",
        worst="-",
        gaps=0,
        unanswered=0,
        open_items=0,
        overdue=0,
        signoff="-",
        signoff_due=False,
        error=error,
    )


@dataclass(frozen=True)
class Section:
    """Rows under one headline band, sorted by name."""

    anchor: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Portfolio(Page):
    """Everything the portfolio templates show, nothing they must compute."""

    show_files: bool
    notes: tuple[str, ...]
    questionnaire: str
    legend: str
    clients: int
    counts: tuple[tuple[str, int], ...]
    """How many clients per headline band (and not rated, not read), worst first."""
    overdue_total: int
    signoffs_due: int
    sections: tuple[Section, ...]
    by_name: tuple[Row, ...]


def _sort_name(row: Row) -> tuple[str, str]:
    return (_normal(row.name), row.file)


def build_portfolio(
    rows: list[Row],
    words: Words | None,
    *,
    day: date,
    profile: str,
    pseudonymised: bool,
    questionnaire: str,
    lang: str = "en",
) -> Portfolio:
    """Return the portfolio context: sections by headline band, worst first, then by name."""
    bands = list(reversed(words.bands)) if words is not None else []
    groups: list[tuple[str, str, list[Row]]] = [
        (b, words.band(b) if words is not None else b, []) for b in bands
    ]
    not_rated: list[Row] = []
    unread: list[Row] = []
    index = {b: g for b, _, g in groups}
    for row in rows:
        if row.error:
            unread.append(row)
        elif row.band is None:
            not_rated.append(row)
        else:
            index.setdefault(row.band, []).append(row)
    sections: list[Section] = []
    counts: list[tuple[str, int]] = []
    for band, title, group in [*groups, ("not-rated", "Not rated", not_rated)]:
        counts.append((title, len(group)))
        if group:
            ordered = tuple(sorted(group, key=_sort_name))
            sections.append(Section(f"band-{band}", f"Headline {title}", ordered))
    if unread:
        counts.append(("Could not be read", len(unread)))
        sections.append(
            Section("unread", "Could not be read", tuple(sorted(unread, key=_sort_name)))
        )
    notes = [SHAREABLE_NOTE if profile == "shareable" else INTERNAL_NOTE]
    if pseudonymised:
        notes.append(PSEUDONYM_NOTE)
    return Portfolio(
        lang=lang,
        title="Human-rights risk portfolio",
        date=day.isoformat(),
        profile=profile,
        show_files=profile != "shareable" and not pseudonymised,
        notes=tuple(notes),
        hrdd_version=__version__,
        questionnaire=questionnaire,
        legend=words.legend() if words is not None else "",
        clients=len(rows),
        counts=tuple(counts),
        overdue_total=sum(r.overdue for r in rows),
        signoffs_due=sum(1 for r in rows if r.signoff_due),
        sections=tuple(sections),
        by_name=tuple(sorted(rows, key=_sort_name)),
    )


PORTFOLIO_TEMPLATES = {
    "html": "html/portfolio/base.html.j2",
    "markdown": "markdown/portfolio/base.md.j2",
}


def render_portfolio(portfolio: Portfolio, output_format: str) -> str:
    """Return the portfolio as HTML or Markdown from the bundled templates."""
    from hrdd.report.env import make_env

    env = make_env(output_format)
    template = env.get_template(PORTFOLIO_TEMPLATES[output_format])
    text = template.render(field_values(portfolio))
    return text if text.endswith("\n") else text + "\n"
