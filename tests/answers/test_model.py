import os
import re
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from hrdd.answers.model import (
    Acceptance,
    Answer,
    Answers,
    MitigationRecord,
    QuestionnaireRef,
    RetiredAnswer,
    Signoff,
    dump_answers,
    load_answers,
    save_answers,
    to_values,
)
from hrdd.answers.snapshot import SnapshotQuestionnaire
from hrdd.commands.schema import SchemaKind, json_schema
from hrdd.diagnostics import format_finding
from hrdd.errors import InputError
from hrdd.questionnaire.conditions import CompiledQuestionnaire
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.scoring.impacts.format import RiskQuestionnaire
from hrdd.scoring.impacts.load import RiskModel, check_risk_answers
from hrdd.values import DONT_KNOW
from tests.conftest import DATA

SAMPLE = DATA / "scoring" / "sample.yaml"
WORKED = DATA / "answers" / "worked-example.yaml"
INVALID = sorted((DATA / "answers" / "invalid").glob("*.yaml"))


@pytest.fixture(scope="module")
def sample() -> tuple[RiskQuestionnaire, CompiledQuestionnaire]:
    q, _ = load_model_or_raise(RiskQuestionnaire, SAMPLE)
    return q, CompiledQuestionnaire(q)


def _answers(**changes: object) -> Answers:
    base: dict[str, object] = {
        "format": 1,
        "questionnaire": QuestionnaireRef(
            id="scoring_sample", version="1.0.0", hash="sha256:" + "0" * 64
        ),
        "organisation": "Пример ООО",
        "created": "2025-01-01T10:00:00+00:00",
        "updated": "2025-01-02T10:00:00Z",
    }
    return Answers.model_validate({**base, **changes})


def test_worked_example_loads_and_has_no_findings(
    sample: tuple[RiskQuestionnaire, CompiledQuestionnaire],
) -> None:
    answers, doc = load_answers(WORKED)
    assert answers.organisation == "Example Rides LLC"
    assert answers.answers["services"].value == ["taxi", "messenger"]
    assert answers.mitigations["transparency"].accepted is not None
    assert check_risk_answers(answers, doc, RiskModel(sample[0])) == []


def test_to_values_uses_frozensets_and_leaves_out_inactive_answers() -> None:
    answers = _answers(
        answers={
            "services": Answer(value=["taxi", "mail"]),
            "users": Answer(value=12),
            "has_entity": Answer(value=DONT_KNOW),
            "data_in_belarus": Answer(value="primary", active=False),
        }
    )
    assert to_values(answers) == {
        "services": frozenset({"taxi", "mail"}),
        "users": 12,
        "has_entity": DONT_KNOW,
    }


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    original, _ = load_answers(WORKED)
    target = tmp_path / "answers.yaml"
    save_answers(target, original)
    again, _ = load_answers(target)
    assert again == original


def test_save_is_mode_0600_even_over_a_wider_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old")
    target.chmod(0o644)
    save_answers(target, _answers())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_save_leaves_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "answers.yaml"
    save_answers(target, _answers(organisation="Old"))
    before = target.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(InputError, match="previous file is unchanged"):
        save_answers(target, _answers(organisation="New"))
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_dump_is_deterministic_block_style_and_keeps_unicode() -> None:
    answers = _answers(
        answers={
            "services": Answer(value=["taxi", "mail"], note="line one\nline two"),
            "has_entity": Answer(value="yes"),
        }
    )
    text = dump_answers(answers)
    assert text == dump_answers(_answers(**answers.model_dump()))
    assert "Пример ООО" in text
    assert "{" not in text and "[" not in text
    assert "value: 'yes'" in text  # quoted, so YAML 1.1 readers do not see a boolean
    assert "note: |-\n      line one\n      line two" in text
    assert "active" not in text and "evidence" not in text  # defaults are left out


def test_save_with_questionnaire_writes_in_questionnaire_order(
    tmp_path: Path, sample: tuple[RiskQuestionnaire, CompiledQuestionnaire]
) -> None:
    answers = _answers(
        answers={"users": Answer(value=3), "has_entity": Answer(value="yes")},
        mitigations={
            "encrypt": MitigationRecord(status="planned"),
            "staff_plan": MitigationRecord(status="done"),
        },
    )
    target = tmp_path / "a.yaml"
    save_answers(target, answers, sample[0])
    text = target.read_text()
    assert text.index("has_entity") < text.index("users")
    assert text.index("staff_plan") < text.index("encrypt")


def test_acceptance_is_required_with_status_accepted_and_only_then() -> None:
    with pytest.raises(ValidationError, match="needs an `accepted:` block"):
        MitigationRecord(status="accepted")
    with pytest.raises(ValidationError, match="only allowed with status `accepted`"):
        MitigationRecord(
            status="planned",
            accepted=Acceptance(reason="r", approver="a", expires="2026-01-01"),
        )


def test_timestamps_need_a_time_zone() -> None:
    with pytest.raises(ValidationError, match="no time zone"):
        _answers(created="2025-01-01T10:00:00")


def test_booleans_are_not_answer_values() -> None:
    with pytest.raises(ValidationError):
        Answer.model_validate({"value": True})


def test_load_reports_every_schema_error_with_positions(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "format: 2\n"
        "questionnaire: {id: x, version: '1', hash: nope}\n"
        "organisation: Acme\n"
        "created: '2025-01-01T10:00:00Z'\n"
        "updated: '2025-01-01T10:00:00Z'\n"
    )
    with pytest.raises(InputError) as info:
        load_answers(path)
    message = str(info.value)
    assert f"{path}:1:9:" in message
    assert f"{path}:2:44:" in message


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_answers_files_report_exact_positions(
    path: Path, sample: tuple[RiskQuestionnaire, CompiledQuestionnaire]
) -> None:
    expected = re.findall(r"^# expect: (\d+:\d+ \S+)$", path.read_text(), re.MULTILINE)
    assert expected, "each invalid fixture names its findings in `# expect:` lines"
    try:
        answers, doc = load_answers(path)
    except InputError as exc:
        lines = str(exc).splitlines()
    else:
        found_ = check_risk_answers(answers, doc, RiskModel(sample[0]))
        lines = [line for d in found_ for line in format_finding(d).splitlines()]
    found = sorted(
        re.sub(r"^.*?:(\d+:\d+): (?:error|warning) (\S+) .*$", r"\1 \2", line)
        for line in lines
        if line.startswith(str(path))
    )
    assert found == sorted(expected)
    assert all(line.startswith((f"{path}:", "    hint: ")) for line in lines)


def test_other_questionnaire_id_is_an_error(
    sample: tuple[RiskQuestionnaire, CompiledQuestionnaire], tmp_path: Path
) -> None:
    path = tmp_path / "a.yaml"
    save_answers(
        path,
        _answers(
            questionnaire=QuestionnaireRef(id="other", version="1", hash="sha256:" + "0" * 64)
        ),
    )
    answers, doc = load_answers(path)
    [finding] = check_risk_answers(answers, doc, RiskModel(sample[0]))
    assert finding.rule == "answer-questionnaire-mismatch"
    assert (finding.line, finding.column) == (4, 7)


def test_answers_schema_is_exported() -> None:
    schema = json_schema(SchemaKind.ANSWERS)
    assert schema["$id"] == "urn:hrdd:schema:answers:1"
    assert schema["additionalProperties"] is False
    assert {"format", "questionnaire", "organisation", "answers", "mitigations"} <= set(
        schema["properties"]
    )


RETIRED = """\
retired:
  old_question:
    value:
      - a
      - b
    note: Asked by the 2024 auditor.
    answered_by: Boris
    answered_at: '2024-12-01T09:00:00+00:00'
    retired_at: '2025-03-03T11:30:00+00:00'
    retired_from: 0.9.0
  has_entity:
    value: dont_know
    retired_at: '2025-01-01T11:30:00+00:00'
    retired_from: 0.8.0
"""


def test_retired_answers_load_are_not_checked_and_are_not_scored(
    sample: tuple[RiskQuestionnaire, CompiledQuestionnaire], tmp_path: Path
) -> None:
    path = tmp_path / "retired.yaml"
    path.write_text(WORKED.read_text(encoding="utf-8") + RETIRED, encoding="utf-8")
    answers, doc = load_answers(path)
    retired = answers.retired["old_question"]
    assert isinstance(retired, RetiredAnswer)
    assert retired.value == ["a", "b"] and retired.retired_from == "0.9.0"
    # An id the questionnaire no longer has, and one that is answered again, pass the checks.
    assert check_risk_answers(answers, doc, RiskModel(sample[0])) == []
    worked, _ = load_answers(WORKED)
    assert to_values(answers) == to_values(worked)
    # Saving keeps every retired record as it was.
    save_answers(path, answers, sample[0])
    assert load_answers(path)[0] == answers


def test_the_answers_schema_accepts_retired_answers_and_requires_their_stamp(
    tmp_path: Path,
) -> None:
    import jsonschema
    import yaml

    validator = jsonschema.Draft202012Validator(json_schema(SchemaKind.ANSWERS))
    data = yaml.safe_load(WORKED.read_text(encoding="utf-8") + RETIRED)
    validator.validate(data)
    del data["retired"]["old_question"]["retired_at"]
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == ["'retired_at' is a required property"]


def test_saving_through_a_link_replaces_the_real_file_and_keeps_the_link(tmp_path: Path) -> None:
    answers, _ = load_answers(WORKED)
    vault = tmp_path / "vault"
    vault.mkdir()
    link = tmp_path / "answers.yaml"
    link.symlink_to(Path("vault") / "answers.yaml")
    save_answers(link, answers)
    assert link.is_symlink()
    real = vault / "answers.yaml"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert load_answers(link)[0] == answers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "vault"]


def test_saving_into_a_fifo_is_refused_and_leaves_it(tmp_path: Path) -> None:
    answers, _ = load_answers(WORKED)
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"a FIFO \(named pipe\), not a regular file"):
        save_answers(fifo, answers)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def content_hash_holder(model: str, value: str) -> object:
    """Build the model with a `sha256:` field named by ``model``, holding ``value``."""
    if model == "questionnaire":
        return QuestionnaireRef(id="q", version="1", hash=value)
    if model == "signoff":
        return Signoff(name="A", date="2025-01-31", signed=value)
    return SnapshotQuestionnaire(id="q", version="1", hash=value)


@pytest.mark.parametrize(
    "value",
    [
        "sha256:" + "0" * 63,
        "sha256:" + "A" * 64,
        "sha1:" + "0" * 64,
        "0" * 64,
        "sha256:" + "0" * 65,
    ],
)
@pytest.mark.parametrize("model", ["questionnaire", "signoff", "snapshot"])
def test_every_content_hash_is_sha256_and_64_lower_case_hex_digits(model: str, value: str) -> None:
    content_hash_holder(model, "sha256:" + "0123456789abcdef" * 4)
    with pytest.raises(ValidationError, match="String should match pattern"):
        content_hash_holder(model, value)


def test_a_snapshot_takes_every_id_a_questionnaire_can_declare() -> None:
    """A sign-off snapshot holds band, impact, scenario and plan ids of any allowed length.

    A band id longer than the snapshot allowed would make the answers file unreadable after
    sign-off; the longest id the questionnaire format accepts is found, not assumed.
    """
    from pydantic import ValidationError

    from hrdd.answers.snapshot import Snapshot
    from hrdd.scoring.impacts.format import BandDef

    longest = ""
    for n in range(1, 300):
        try:
            BandDef.model_validate({"id": "b" * n, "label": "Band"})
        except ValidationError:
            break
        longest = "b" * n
    assert len(longest) > 40
    for kind in ("mitigation", "decision", "find_out", "actual"):
        snapshot = Snapshot.model_validate(
            {
                "hrdd": "1.0.0",
                "method": 1,
                "questionnaire": {"id": "q", "version": "1.0.0", "hash": "sha256:" + "0" * 64},
                "rated": True,
                "headline": [longest],
                "impacts": {longest: {"inherent": longest, "residual": longest}},
                "scenarios": {f"{longest}/{longest}/at_risk": {"inherent": longest}},
                "plan": {f"{kind}:{longest}": {"status": "planned"}},
            }
        )
        assert snapshot.impacts[longest].inherent == longest
