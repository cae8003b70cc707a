"""Test cases of a format-2 questionnaire: the expected impact bands, headline and plan.

A case (`<stem>.tests/*.yaml`, `format: 2`) gives answers and, optionally, plan records keyed
by plan-item id; `expect` names the bands each impact must get (inherent and residual, `none`
for not rated), the headline in order, the first plan items and the provisional impacts.
See docs/testing-questionnaires.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from hrdd.answers.check import check_values
from hrdd.answers.model import MitigationRecord, StoredValueField, to_value
from hrdd.diagnostics import Diagnostic, FindingLevel
from hrdd.questionnaire.loading import Document, read_document, validate_model
from hrdd.questionnaire.model import Id
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.load import RiskModel
from hrdd.scoring.impacts.result import ItemKind, Result
from hrdd.suggest import did_you_mean_hint
from hrdd.values import FrozenModel, Value

NOT_RATED = "none"
"""The band an expectation gives an impact that has no rating (or no residual)."""


class ImpactExpectation(FrozenModel):
    """The bands one impact must get; leave a key out to not check it."""

    inherent: Id | None = Field(
        default=None, description="Expected inherent band id, or `none` for not rated."
    )
    residual: Id | None = Field(
        default=None, description="Expected residual band id, or `none` when nothing is left."
    )


class ImpactCaseExpectation(FrozenModel):
    """What a format-2 case expects; every part is optional."""

    impacts: dict[Id, ImpactExpectation] | None = Field(
        default=None,
        description="Bands per impact id; an impact left out is expected not to be rated.",
    )
    headline: list[Id] | None = Field(
        default=None, description="The headline impacts, in order ([] for none)."
    )
    plan_starts: list[str] | None = Field(
        default=None, description="The first plan-item ids, in order (e.g. `decision:x`)."
    )
    provisional: dict[Id, bool] = Field(
        default_factory=dict, description="Impact id -> whether its rating is provisional."
    )
    rated: bool | None = Field(
        default=None, description="false: no path is open, no salient impact identified."
    )


class ImpactCase(FrozenModel):
    """One test-case file of a format-2 questionnaire."""

    format: Literal[2] = Field(description="Format version of the case; must be 2.")
    name: str = Field(min_length=1, description="What situation the case describes.")
    reasoning: str = Field(
        min_length=1, description="Why an analyst would defend these ratings, step by step."
    )
    answers: dict[Id, StoredValueField] = Field(
        default_factory=dict, description="Question id -> value, as in an answers file."
    )
    plan: dict[str, MitigationRecord] = Field(
        default_factory=dict,
        description="Plan records by plan-item id (`mitigation:x`, `decision:x`...).",
    )
    expect: ImpactCaseExpectation = Field(description="The expected outcome.")


@dataclass
class ImpactTally:
    """What the cases of one questionnaire reach, by kind."""

    options: set[str] = field(default_factory=set)
    questions: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)
    mitigations: set[str] = field(default_factory=set)
    impacts: set[str] = field(default_factory=set)


MITIGATION_KINDS = frozenset(
    {
        ItemKind.DECISION,
        ItemKind.CLOSE,
        ItemKind.NARROW,
        ItemKind.LOWER,
        ItemKind.ASSESS,
        ItemKind.REMEDY,
    }
)


class ImpactSuite:
    """Load, run and count the cases of one format-2 questionnaire with one index."""

    def __init__(self, q: RiskQuestionnaire) -> None:
        self.q = q
        self.engine = RiskModel(q).engine
        self.index = self.engine.index
        self.tally = ImpactTally()

    def load(self, path: Path) -> tuple[ImpactCase | None, list[Diagnostic]]:
        """Read one case; return it (None when unusable) and every finding with its place."""
        doc, found = read_document(path)
        if doc is None:
            return None, found
        case, schema = validate_model(ImpactCase, doc)
        found = [*found, *schema]
        if case is not None:
            found += check_values(
                case.answers, doc, self.index.questions, self.q.id, ("answers",), value_key=False
            )
            found += self._check_ids(case, doc)
        errors = [d for d in found if d.severity is FindingLevel.ERROR]
        return (None if errors else case), sorted(found, key=Diagnostic.sort_key)

    def _check_ids(self, case: ImpactCase, doc: Document) -> list[Diagnostic]:
        bands = [*self.index.band_ids, NOT_RATED]
        impacts = list(self.index.impacts)
        items = self._item_ids()
        problems: list[tuple[tuple[str | int, ...], str, str, list[str], bool]] = []
        expect = case.expect
        for iid, expected in (expect.impacts or {}).items():
            if iid not in impacts:
                msg = f"`{iid}` is not an impact of `{self.q.id}`"
                problems.append((("expect", "impacts", iid), "unknown-impact", msg, impacts, True))
            for key in ("inherent", "residual"):
                band = getattr(expected, key)
                if band is not None and band not in bands:
                    msg = f"`{band}` is not a band"
                    where: tuple[str | int, ...] = ("expect", "impacts", iid, key)
                    problems.append((where, "unknown-band", msg, bands, False))
        for i, iid in enumerate(expect.headline or []):
            if iid not in impacts:
                msg = f"`{iid}` is not an impact of `{self.q.id}`"
                problems.append((("expect", "headline", i), "unknown-impact", msg, impacts, False))
        for iid in expect.provisional:
            if iid not in impacts:
                msg = f"`{iid}` is not an impact of `{self.q.id}`"
                where = ("expect", "provisional", iid)
                problems.append((where, "unknown-impact", msg, impacts, True))
        for i, item in enumerate(expect.plan_starts or []):
            if item not in items:
                msg = f"`{item}` is not a plan-item id of `{self.q.id}`"
                where = ("expect", "plan_starts", i)
                problems.append((where, "unknown-plan-item", msg, sorted(items), False))
        for item in case.plan:
            if self.index.plan_item(item) not in items:
                msg = f"`{item}` is not a plan item of `{self.q.id}`"
                problems.append((("plan", item), "unknown-plan-item", msg, sorted(items), True))
        result: list[Diagnostic] = []
        for path, rule, message, candidates, at_key in problems:
            hint = did_you_mean_hint(message.split("`")[1], candidates)
            result.append(doc.finding(path, rule, message, hint=hint, at_key=at_key))
        return result

    def _item_ids(self) -> set[str]:
        ids = set(self.index.item_ids.values())
        ids |= {f"actual:{a.id}" for a in self.q.actual_impacts}
        ids |= {f"find_out:{qid}" for qid in self.index.questions}
        return ids

    def run(self, case: ImpactCase) -> tuple[Result, tuple[str, ...]]:
        """Score one case as a single-file `hrdd score` does; return the result and the diffs."""
        values: dict[str, Value] = {k: to_value(v) for k, v in case.answers.items()}
        result = self.engine.score(values, case.plan, rank_gaps=True)
        self._count(values, result)
        return result, tuple(compare(case, result))

    def _count(self, values: Mapping[str, Value], result: Result) -> None:
        world, _, _ = self.index.resolve(values, riskiest=True)
        for qid, value in values.items():
            if qid not in world or world[qid] != value:
                continue  # not asked in this case: its answer reaches nothing
            self.tally.questions.add(qid)
            if isinstance(value, frozenset):
                self.tally.options.update(f"{qid}={v}" for v in value)
            else:
                self.tally.options.add(f"{qid}={value}")
        for qid, value in values.items():
            if value == "dont_know" and qid in self.index.questions:
                self.tally.options.add(f"{qid}=dont_know")
                self.tally.questions.add(qid)
        self.tally.paths.update(result.open_paths)
        self.tally.impacts.update(i.id for i in result.impacts)
        self.tally.mitigations.update(p.subject for p in result.plan if p.kind in MITIGATION_KINDS)


def _band(value: str | None) -> str:
    return NOT_RATED if value is None else value


def compare(case: ImpactCase, result: Result) -> list[str]:
    """Return one line per expectation that does not hold, e.g. ``x inherent: expected ...``."""
    lines: list[str] = []
    expect = case.expect
    if expect.rated is not None and expect.rated != result.rated:
        lines.append(
            f"rated: expected {str(expect.rated).lower()}, got {str(result.rated).lower()}"
        )
    if expect.impacts is not None:
        rated = {i.id: i for i in result.impacts}
        for iid in [*expect.impacts, *(i for i in rated if i not in expect.impacts)]:
            wanted = expect.impacts.get(iid, ImpactExpectation(inherent=NOT_RATED))
            got = rated.get(iid)
            actual = {
                "inherent": _band(got.band if got else None),
                "residual": _band(got.residual if got else None),
            }
            for key in ("inherent", "residual"):
                want = getattr(wanted, key)
                if want is not None and want != actual[key]:
                    lines.append(f"{iid} {key}: expected {want}, got {actual[key]}")
    if expect.headline is not None and tuple(expect.headline) != result.headline:
        lines.append(
            f"headline: expected [{', '.join(expect.headline)}], got [{', '.join(result.headline)}]"
        )
    if expect.plan_starts is not None:
        got_items = [p.id for p in result.plan[: len(expect.plan_starts)]]
        if got_items != list(expect.plan_starts):
            lines.append(
                f"plan starts: expected [{', '.join(expect.plan_starts)}], "
                f"got [{', '.join(got_items)}]"
            )
    by_id = {i.id: i for i in result.impacts}
    for iid, provisional in expect.provisional.items():
        got_flag = by_id[iid].provisional if iid in by_id else False
        if got_flag != provisional:
            lines.append(
                f"{iid} provisional: expected {str(provisional).lower()}, "
                f"got {str(got_flag).lower()}"
            )
    return lines
