"""The rules of `hrdd merge`: who agrees, what is a disagreement, what the merged file keeps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hrdd.answers.merge import MAX_REASON, Merger, Source, reason_problem
from hrdd.answers.model import Answers, MergeRecord
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.loading import load_questionnaire_or_raise
from tests.conftest import DATA

MERGE = DATA / "merge"
NOW = "2025-04-01T12:00:00+00:00"


def questionnaire() -> RiskQuestionnaire:
    loaded, _ = load_questionnaire_or_raise(MERGE / "workshop.yaml")
    assert isinstance(loaded, RiskQuestionnaire)
    return loaded


def data(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((MERGE / f"{name}.yaml").read_text(encoding="utf-8"))
    return loaded


def source(label: str, content: dict[str, Any]) -> Source:
    answers = Answers.model_validate(content)
    return Source(label, answers, answers.questionnaire.version)


def merger(*contents: tuple[str, dict[str, Any]]) -> Merger:
    q = questionnaire()
    return Merger(q, CompiledQuestionnaire(q), [source(label, c) for label, c in contents])


def workshop() -> Merger:
    return merger(*((f"{n}.yaml", data(n)) for n in ("legal", "cto", "dpo")))


def with_answers(name: str, **values: object) -> dict[str, Any]:
    """Return a fixture file with some answers replaced (None removes one)."""
    content = data(name)
    for qid, value in values.items():
        if value is None:
            content["answers"].pop(qid, None)
        else:
            content["answers"][qid] = {"value": value, "answered_by": "X"}
    return content


def test_the_workshop_files_agree_on_six_questions_and_disagree_on_two() -> None:
    m = workshop()
    assert m.agreed() == ["users", "content", "staff_access", "staff_names", "transit", "approval"]
    assert m.disputed() == ["sorm", "has_staff"]


def test_the_question_that_decides_others_comes_first_with_what_each_choice_does() -> None:
    opened = workshop().open()
    assert [d.question for d in opened] == ["has_staff", "sorm"]
    gate, sorm = opened
    assert gate.gates and not sorm.gates
    effects = {
        choice.value: effect for choice, effect in zip(gate.choices, gate.effects, strict=True)
    }
    assert effects["yes"].opens == ("staff_access", "staff_names")
    assert effects["yes"].closes == ()
    assert effects["no"].closes == ("staff_access", "staff_names")
    # Who gave which answer, each once, and nobody left out.
    assert [[g.source.label for g in c.given] for c in gate.choices] == [
        ["legal.yaml", "dpo.yaml"],
        ["cto.yaml"],
    ]


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ("yes", "dont_know", False),  # don't know against a value
        ("yes", "prefer_not_to_say", False),  # withheld against a value
        ("dont_know", "prefer_not_to_say", False),
        ("dont_know", "dont_know", True),
        ("yes", None, True),  # unanswered by one: the other's answer is taken
    ],
)
def test_what_counts_as_agreement(first: str, second: str | None, agree: bool) -> None:
    m = merger(
        ("a.yaml", with_answers("legal", sorm=first)),
        ("b.yaml", with_answers("legal", sorm=second)),
    )
    assert ("sorm" in m.agreed()) is agree
    assert ("sorm" in m.disputed()) is not agree


def test_numbers_agree_as_numbers_and_text_whatever_the_spacing() -> None:
    m = merger(
        ("a.yaml", with_answers("legal", users=400000, staff_names="Anna  and Ivan ")),
        ("b.yaml", with_answers("legal", users=400000.0, staff_names="Anna and Ivan")),
        ("c.yaml", with_answers("legal", users=None, staff_names="anna and ivan")),
    )
    assert "users" in m.agreed()
    assert "staff_names" in m.disputed()  # case is what a respondent chose to write


def test_inactive_answers_do_not_count() -> None:
    other = with_answers("legal", staff_access="standing")
    other["answers"]["staff_access"]["active"] = False
    m = merger(("a.yaml", data("legal")), ("b.yaml", other))
    assert "staff_access" in m.agreed()


def test_a_decision_goes_in_with_every_respondents_answer_in_the_history() -> None:
    m = workshop()
    m.decide(
        "has_staff",
        "yes",
        chosen="legal.yaml, dpo.yaml",
        reason="Payroll lists twelve staff in Minsk.",
        by="Olga Facilitator",
        at=NOW,
    )
    merged = m.merged(now=NOW, by="Olga Facilitator")
    answer = merged.answers["has_staff"]
    assert (answer.value, answer.answered_by, answer.answered_at) == (
        "yes",
        "Olga Facilitator",
        NOW,
    )
    said = [(h.source, h.by, h.role, h.value) for h in answer.history]
    assert said == [
        ("legal.yaml", "Anna Petrova", "Head of Legal", "yes"),
        ("cto.yaml", "Ivan Sidorov", "CTO", "no"),
        ("dpo.yaml", "DPO", None, "yes"),
    ]
    assert merged.merge is not None
    decision = merged.merge.decisions["has_staff"]
    assert (decision.by, decision.reason, decision.chosen) == (
        "Olga Facilitator",
        "Payroll lists twelve staff in Minsk.",
        "legal.yaml, dpo.yaml",
    )
    assert [a.value for a in decision.answers] == ["yes", "no", "yes"]
    assert list(merged.merge.open) == ["sorm"]
    # The gate decided "yes": the staff questions apply, their agreed answers are active.
    assert merged.answers["staff_access"].active
    assert any(p.name == "Olga Facilitator" for p in merged.respondents)


def test_earlier_values_in_a_respondents_own_history_are_kept_too() -> None:
    m = workshop()
    m.decide(
        "sorm", "yes", chosen="legal.yaml, cto.yaml", reason="SORM boxes seen.", by="O", at=NOW
    )
    history = m.merged(now=NOW, by="O").answers["sorm"].history
    assert [(h.source, h.value) for h in history] == [
        ("legal.yaml", "yes"),
        ("cto.yaml", "dont_know"),  # Ivan's earlier value, from his file's history
        ("cto.yaml", "yes"),
        ("dpo.yaml", "dont_know"),
    ]


def test_a_gate_decided_against_sets_aside_the_disagreements_it_closes() -> None:
    dpo = with_answers("dpo", staff_access="standing")
    m = merger(("legal.yaml", data("legal")), ("cto.yaml", data("cto")), ("dpo.yaml", dpo))
    assert [d.question for d in m.open()] == ["has_staff", "sorm", "staff_access"]
    m.decide(
        "has_staff", "no", chosen="cto.yaml", reason="The office closed in 2024.", by="O", at=NOW
    )
    assert [d.question for d in m.open()] == ["sorm"]
    merged = m.merged(now=NOW, by="O")
    assert merged.merge is not None
    assert [a.value for a in merged.merge.not_applicable["staff_access"]] == [
        "on_request",
        "standing",
    ]
    assert "staff_access" not in merged.answers
    assert not merged.answers["staff_names"].active  # agreed, kept, but closed by the gate


def test_reasons_are_required_plain_and_bounded() -> None:
    assert reason_problem("  ") == "give a reason: it is kept with the decision"
    assert reason_problem("ok\x1b[31m") is not None
    assert reason_problem("x" * 10_000) == f"at most {MAX_REASON:,} characters, this is 10,000"
    assert reason_problem("Two lines\nare fine") is None
    m = workshop()
    with pytest.raises(ValueError, match="at most 2,000 characters"):
        m.decide("sorm", "yes", chosen=None, reason="x" * 10_000, by="O", at=NOW)
    with pytest.raises(ValueError, match="not a disagreement"):
        m.decide("users", 1, chosen=None, reason="why", by="O", at=NOW)
    assert m.decisions == {}


def test_an_earlier_merge_is_resumed_unless_its_answers_changed() -> None:
    m = workshop()
    m.decide("has_staff", "yes", chosen="legal.yaml", reason="Payroll.", by="O", at=NOW)
    m.decide("sorm", "yes", chosen="legal.yaml", reason="Seen.", by="O", at=NOW)
    record = m.merged(now=NOW, by="O").merge
    assert isinstance(record, MergeRecord)
    again = workshop()
    assert again.reuse(record) == []
    assert again.open() == []
    changed = merger(
        ("legal.yaml", data("legal")),
        ("cto.yaml", data("cto")),
        ("dpo.yaml", with_answers("dpo", sorm="no")),
    )
    assert changed.reuse(record) == ["sorm"]
    assert [d.question for d in changed.open()] == ["sorm"]


def test_plan_records_the_latest_wins_and_the_other_is_kept() -> None:
    records, choices = workshop().plan()
    assert records["mitigation:approve_abroad"].owner == "CTO"
    choice = choices["mitigation:approve_abroad"]
    assert choice.kept == "cto.yaml"
    assert [(r.source, r.owner) for r in choice.set_aside] == [("legal.yaml", "Head of Legal")]


def test_plan_records_that_say_the_same_are_no_conflict() -> None:
    same = data("cto")
    same["mitigations"]["mitigation:approve_abroad"]["updated_at"] = "2025-01-01T00:00:00+00:00"
    records, choices = merger(("a.yaml", data("cto")), ("b.yaml", same)).plan()
    assert choices == {}
    assert records["mitigation:approve_abroad"].updated_at == "2025-03-05T16:00:00+00:00"


def test_notes_evidence_and_drafts_are_merged_not_lost() -> None:
    legal = data("legal")
    legal["answers"]["content"]["note"] = "Support reads chats."
    legal["answers"]["content"]["evidence"] = ["https://intranet.example/data-map.pdf", "memo.pdf"]
    cto = data("cto")
    cto["drafts"] = {"content": {"note": "Ask security.", "evidence": ["audit.pdf"]}}
    dpo = data("dpo")
    merged = merger(("legal.yaml", legal), ("cto.yaml", cto), ("dpo.yaml", dpo)).merged(
        now=NOW, by=None
    )
    content = merged.answers["content"]
    assert content.note == (
        "Anna Petrova: Support reads chats.\n\nDPO: Chat history is readable by support "
        "staff.\n\nAsk security."
    )
    assert content.evidence == ["https://intranet.example/data-map.pdf", "memo.pdf", "audit.pdf"]
    assert merged.drafts == {}


def test_the_merged_file_saves_and_loads_again(tmp_path: Path) -> None:
    from hrdd.answers.model import load_answers, save_answers

    m = workshop()
    m.decide("sorm", "dont_know", chosen=None, reason="Nobody has checked.", by="O", at=NOW)
    path = tmp_path / "agreed.yaml"
    save_answers(path, m.merged(now=NOW, by="O"), questionnaire())
    loaded, _ = load_answers(path)
    assert loaded.merge is not None
    assert loaded.merge.decisions["sorm"].chosen is None
    assert loaded.answers["sorm"].value == "dont_know"
    assert path.stat().st_mode & 0o777 == 0o600


CHOICES = {
    "sorm": ["yes", "no", "dont_know"],
    "content": ["yes", "no"],
    "transit": ["clear", "tls"],
    "approval": ["yes", "no"],
}


@given(
    st.lists(
        st.fixed_dictionaries(
            {qid: st.sampled_from([None, *values]) for qid, values in CHOICES.items()}
        ),
        min_size=2,
        max_size=4,
    )
)
@settings(max_examples=60, deadline=None)
def test_agreed_means_every_answer_given_is_the_same(files: list[dict[str, str | None]]) -> None:
    contents = []
    for n, values in enumerate(files):
        content = data("legal")
        content["answers"] = {
            qid: {"value": value} for qid, value in values.items() if value is not None
        }
        contents.append((f"f{n}.yaml", content))
    m = merger(*contents)
    merged = m.merged(now=NOW, by=None)
    for qid in CHOICES:
        given = {values[qid] for values in files} - {None}
        if len(given) == 1:
            assert merged.answers[qid].value == next(iter(given))
            assert len(merged.answers[qid].history) == sum(v[qid] is not None for v in files)
        else:
            assert qid not in merged.answers
            assert (qid in m.disputed()) is (len(given) > 1)
            if len(given) > 1:
                assert merged.merge is not None
                assert qid in merged.merge.open
