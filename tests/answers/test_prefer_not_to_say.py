"""'Prefer not to say' on sensitive questions: accepted there only, scored as a data gap."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hrdd.answers.check import check_answers
from hrdd.answers.model import load_answers, save_answers
from hrdd.dialogue.session import Session, new_answers
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.questionnaire.model import (
    Questionnaire,
)
from hrdd.scoring import assess
from hrdd.values import (
    DONT_KNOW,
    PREFER_NOT_TO_SAY,
)
from tests.conftest import BRANCHING

SAMPLE = BRANCHING


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    q, _ = load_model_or_raise(Questionnaire, SAMPLE)
    return q


def answered(q: Questionnaire, tmp_path: Path, **values: object) -> Path:
    s = Session(q, CompiledQuestionnaire(q), new_answers(q, "Acme", "2025-01-01T09:00:00+00:00"))
    for qid, value in values.items():
        s.answer(qid, value)  # type: ignore[arg-type]
    path = tmp_path / "a.yaml"
    save_answers(path, s.answers, q)
    return path


def test_a_sensitive_question_takes_prefer_not_to_say_and_scores_it_as_a_gap(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    base = {"has_entity": "yes", "entity_kind": "branch"}
    path = answered(questionnaire, tmp_path, **base, staff=PREFER_NOT_TO_SAY)
    answers, doc = load_answers(path)
    compiled = CompiledQuestionnaire(questionnaire)
    assert check_answers(answers, doc, questionnaire, compiled) == []
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["answers"]["staff"]["value"] == "prefer_not_to_say"
    secret = assess(questionnaire, answers, compiled)
    assert "staff" in secret.data_gaps
    # Scored exactly like don't know: never a way to lower a rating.
    unknown = answers.model_copy(
        update={
            "answers": {
                **answers.answers,
                "staff": answers.answers["staff"].model_copy(update={"value": DONT_KNOW}),
            }
        }
    )
    same = assess(questionnaire, unknown, compiled)
    assert [(a.area, a.rating, a.band) for a in secret.areas] == [
        (a.area, a.rating, a.band) for a in same.areas
    ]


def test_prefer_not_to_say_is_refused_where_the_question_is_not_sensitive(
    questionnaire: Questionnaire, tmp_path: Path
) -> None:
    path = answered(questionnaire, tmp_path, has_entity="no")
    text = path.read_text(encoding="utf-8").replace("value: 'no'", "value: prefer_not_to_say")
    path.write_text(text, encoding="utf-8")
    answers, doc = load_answers(path)
    found = check_answers(answers, doc, questionnaire, CompiledQuestionnaire(questionnaire))
    assert [(d.rule, d.message) for d in found] == [
        (
            "answer-invalid-value",
            "`has_entity` does not offer prefer not to say (it is not marked sensitive)",
        )
    ]
    assert found[0].line > 1


@pytest.mark.slow
def test_the_dialogue_offers_prefer_not_to_say_on_a_sensitive_question(tmp_path: Path) -> None:
    from tests.commands.test_assess_pty import ENTER, answer_company, answers_file, start

    term = start(tmp_path)
    answer_company(term)
    assert "[- for prefer not to say]" in term.log.getvalue()
    term.send("-" + ENTER)
    term.question("Which services do you offer in Belarus?")
    term.send("\x03")
    assert term.finish() == 130
    saved = yaml.safe_load(answers_file(tmp_path).read_text(encoding="utf-8"))
    assert saved["answers"]["staff"]["value"] == "prefer_not_to_say"
