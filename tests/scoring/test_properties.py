from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrdd.answers.model import Acceptance, Decline, MitigationRecord, MitigationStatus
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.questionnaire.model import (
    Question,
    Questionnaire,
    QuestionType,
)
from hrdd.scoring import Assessment, Scorer
from hrdd.values import (
    DONT_KNOW,
    YES_NO_VALUES,
    Value,
)
from tests.conftest import DATA

QUESTIONNAIRES = [
    DATA / "scoring" / "sample.yaml",
    DATA / "valid" / "minimal.yaml",
    DATA / "decree-368-1.1.0.yaml",
]
IDS = [p.name for p in QUESTIONNAIRES]
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@cache
def scorer(path: Path) -> Scorer:
    questionnaire, _ = load_model_or_raise(Questionnaire, path)
    return Scorer(questionnaire)


def choices(q: Question) -> list[str]:
    return [o.value for o in q.options] or list(YES_NO_VALUES)


def value_strategy(q: Question) -> st.SearchStrategy[Value]:
    dont_know: list[st.SearchStrategy[Value]] = [st.just(DONT_KNOW)] if q.dont_know else []
    if q.type is QuestionType.MULTI:
        picked = st.frozensets(st.sampled_from(choices(q)), min_size=1)
        return st.one_of(picked, *dont_know)
    if q.type in (QuestionType.YES_NO, QuestionType.SINGLE):
        return st.one_of(st.sampled_from(choices(q)), *dont_know)
    if q.type is QuestionType.NUMBER:
        low = int(q.minimum) if q.minimum is not None else 0
        high = int(q.maximum) if q.maximum is not None else low + 5_000_000
        return st.one_of(st.integers(low, high), *dont_know)
    return st.one_of(st.text(max_size=20), *dont_know)


@st.composite
def answer_sets(draw: st.DrawFn, q: Questionnaire) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for question in q.questions():
        if draw(st.integers(0, 9)) > 0:  # one question in ten stays unanswered
            values[question.id] = draw(value_strategy(question))
    return values


def scored_questions(q: Questionnaire) -> list[Question]:
    return [x for x in q.questions() if x.type is not QuestionType.TEXT]


def same_context(a: Assessment, b: Assessment) -> bool:
    """The two differ only in points: the same questions apply and the same rules hold."""
    return a.applicable == b.applicable and a.triggered_rules == b.triggered_rules


def rank(result: Assessment, band: str) -> int:
    return result.bands.index(band)


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=IDS)
def test_ratings_stay_in_range_and_residual_never_exceeds_inherent(path: Path) -> None:
    s = scorer(path)

    @SETTINGS
    @given(answer_sets(s.questionnaire))
    def check(values: dict[str, Value]) -> None:
        result = s.assess_values(values)
        for area in result.areas:
            for sev in (area.severity, area.residual.severity):
                assert 1 <= sev.scale <= 5 and 1 <= sev.scope <= 5 and 1 <= sev.irremediability <= 5
                assert 1 <= sev.severity <= 5
            assert 1 <= area.likelihood.likelihood <= 5 and 1 <= area.residual.likelihood <= 5
            assert (
                0 <= area.likelihood.points <= area.likelihood.max_points
                or area.likelihood.max_points == 0
            )
            assert area.rating == area.severity.severity * area.likelihood.likelihood
            assert area.band in result.bands and area.residual.band in result.bands
            assert area.residual.rating <= area.rating
            assert rank(result, area.residual.band) <= rank(result, area.band)
        assert rank(result, result.overall.residual) <= rank(result, result.overall.inherent)

    check()


@st.composite
def mitigation_records(draw: st.DrawFn, q: Questionnaire) -> dict[str, MitigationRecord]:
    """A status for some mitigations; acceptances expire on a day in 2025."""
    records: dict[str, MitigationRecord] = {}
    for m in q.mitigations:
        status = draw(st.sampled_from([None, *MitigationStatus]))
        if status is None:
            continue
        accepted = declined = None
        if status in (MitigationStatus.ACCEPTED, MitigationStatus.DECLINED):
            day = draw(st.dates(date(2025, 1, 1), date(2025, 12, 31))).isoformat()
            if status is MitigationStatus.ACCEPTED:
                accepted = Acceptance(reason="r", approver="a", expires=day)
            else:
                declined = Decline(reason="r", approver="a", review=day)
        records[m.id] = MitigationRecord(status=status, accepted=accepted, declined=declined)
    return records


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=IDS)
def test_residual_never_exceeds_inherent_whatever_the_statuses_and_date(path: Path) -> None:
    s = scorer(path)

    @SETTINGS
    @given(
        answer_sets(s.questionnaire),
        mitigation_records(s.questionnaire),
        st.none() | st.dates(date(2024, 12, 1), date(2026, 1, 31)),
    )
    def check(
        values: dict[str, Value], records: dict[str, MitigationRecord], as_of: date | None
    ) -> None:
        result = s.assess_values(values, records, as_of=as_of)
        for area in result.areas:
            assert area.residual.rating <= area.rating
            assert rank(result, area.residual.band) <= rank(result, area.band)
        # An acceptance that expired scores exactly like a planned mitigation.
        planned = MitigationRecord(status=MitigationStatus.PLANNED)
        expired = {m.mitigation for g in result.plan for m in g.mitigations if m.acceptance_expired}
        lapsed = {
            mid
            for mid, r in records.items()
            if r.review_date is not None
            and as_of is not None
            and date.fromisoformat(r.review_date) < as_of
        }
        assert expired == lapsed & set(result.triggered_mitigations)
        replanned = {mid: planned if mid in expired else r for mid, r in records.items()}
        again = s.assess_values(values, replanned, as_of=as_of)
        assert [a.residual for a in again.areas] == [a.residual for a in result.areas]

    check()


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=IDS)
def test_declining_an_item_never_lowers_a_rating(path: Path) -> None:
    s = scorer(path)

    @SETTINGS
    @given(answer_sets(s.questionnaire), mitigation_records(s.questionnaire), st.data())
    def check(
        values: dict[str, Value], records: dict[str, MitigationRecord], data: st.DataObject
    ) -> None:
        before = s.assess_values(values, records)
        items = [m for g in before.plan for m in g.mitigations]
        if not items:
            return
        item = data.draw(st.sampled_from(items)).mitigation
        decline = Decline(reason="r", approver="a", review="2030-01-01")
        records = {**records, item: MitigationRecord(status="declined", declined=decline)}
        after = s.assess_values(values, records)
        for old, new in zip(before.areas, after.areas, strict=True):
            assert new.rating >= old.rating
            assert new.residual.rating >= old.residual.rating

    check()


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=IDS)
def test_more_points_never_lower_the_inherent_rating(path: Path) -> None:
    s = scorer(path)

    @SETTINGS
    @given(
        answer_sets(s.questionnaire), st.sampled_from(scored_questions(s.questionnaire)), st.data()
    )
    def check(values: dict[str, Value], question: Question, data: st.DataObject) -> None:
        first = data.draw(value_strategy(question))
        second = data.draw(value_strategy(question))
        low = s.assess_values({**values, question.id: first})
        high = s.assess_values({**values, question.id: second})
        if not same_context(low, high):
            return  # another question or rule came into play: not a like-for-like change
        for a, b in zip(low.areas, high.areas, strict=True):
            if b.likelihood.points >= a.likelihood.points:
                assert b.rating >= a.rating
                assert rank(high, b.band) >= rank(low, a.band)

    check()


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=IDS)
def test_dont_know_is_never_rated_below_a_concrete_answer(path: Path) -> None:
    s = scorer(path)
    offered = [x for x in s.questionnaire.questions() if x.dont_know]

    @SETTINGS
    @given(answer_sets(s.questionnaire), st.sampled_from(offered or [None]), st.data())
    def points(values: dict[str, Value], question: Question | None, data: st.DataObject) -> None:
        if question is None:
            return
        concrete = data.draw(value_strategy(question).filter(lambda v: v != DONT_KNOW))
        unknown = s.assess_values({**values, question.id: DONT_KNOW})
        known = s.assess_values({**values, question.id: concrete})
        for a, b in zip(unknown.areas, known.areas, strict=True):
            mine_a = sum(p.points for p in a.point_drivers if p.question == question.id)
            mine_b = sum(p.points for p in b.point_drivers if p.question == question.id)
            assert mine_a >= mine_b
        if same_context(unknown, known):
            for a, b in zip(unknown.areas, known.areas, strict=True):
                assert a.rating >= b.rating
                assert rank(unknown, a.band) >= rank(known, b.band)

    points()


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=IDS)
def test_same_input_gives_byte_identical_json(path: Path) -> None:
    s = scorer(path)

    @settings(max_examples=20, deadline=None)
    @given(answer_sets(s.questionnaire))
    def check(values: dict[str, Value]) -> None:
        fresh = Scorer(s.questionnaire)
        assert (
            s.assess_values(values).model_dump_json()
            == fresh.assess_values(dict(values)).model_dump_json()
        )

    check()
