from pathlib import Path

from hrdd.questionnaire.hashing import file_hash, question_fingerprint, questionnaire_hash
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.questionnaire.model import Option, Question
from hrdd.scoring.impacts.format import RiskQuestionnaire
from tests.conftest import MINIMAL, SAMPLE


def _question(**changes: object) -> Question:
    base: dict[str, object] = {
        "id": "local",
        "text": "Do you keep data in Belarus?",
        "help": "Why it matters.",
        "type": "single",
        "options": [Option(value="yes", label="Yes"), Option(value="no", label="No")],
    }
    return Question.model_validate({**base, **changes})


def test_questionnaire_hash_is_sha256_of_content_and_ignores_yaml_layout(tmp_path: Path) -> None:
    q, _ = load_model_or_raise(RiskQuestionnaire, SAMPLE)
    digest = questionnaire_hash(q)
    assert digest.startswith("sha256:") and len(digest) == 7 + 64
    relaid = tmp_path / "relaid.yaml"
    text = SAMPLE.read_text(encoding="utf-8")
    relaid.write_text("# a new comment\n" + text.replace('version: "1.0.0"', "version: '1.0.0'"))
    again, _ = load_model_or_raise(RiskQuestionnaire, relaid)
    assert questionnaire_hash(again) == digest


def test_questionnaire_hash_changes_with_content() -> None:
    q, _ = load_model_or_raise(RiskQuestionnaire, SAMPLE)
    changed = q.model_copy(update={"version": "1.0.1"})
    assert questionnaire_hash(changed) != questionnaire_hash(q)


def test_fingerprint_ignores_help_but_not_text_options_or_labels() -> None:
    base = question_fingerprint(_question())
    assert len(base) == 16
    assert question_fingerprint(_question(help="Other help.")) == base
    assert question_fingerprint(_question(text="Do you keep backups in Belarus?")) != base
    assert question_fingerprint(_question(type="multi")) != base
    assert (
        question_fingerprint(
            _question(
                options=[Option(value="yes", label="Yes, all"), Option(value="no", label="No")]
            )
        )
        != base
    )
    assert (
        question_fingerprint(
            _question(options=[Option(value="yes", label="Yes"), Option(value="nope", label="No")])
        )
        != base
    )


def test_file_hash() -> None:
    assert file_hash(b"") == (
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_sources_without_reference_or_read_at_hash_as_before_the_keys_existed() -> None:
    # Answers files record the questionnaire hash: adding the optional keys to the format
    # must not make every existing answers file stale.
    q, _ = load_model_or_raise(RiskQuestionnaire, MINIMAL)
    dumped = q.model_dump(mode="json")["sources"]
    assert dumped
    assert all(
        set(s) == {"id", "title", "url", "publisher", "date", "confidence", "note"} for s in dumped
    )
    first = q.sources[0]
    cited = first.model_copy(update={"reference": "A/HRC/27/37"})
    read = first.model_copy(update={"read_at": "https://docsbay.net/copy"})
    for changed in (cited, read):
        other = q.model_copy(update={"sources": [changed, *q.sources[1:]]})
        assert questionnaire_hash(other) != questionnaire_hash(q)
