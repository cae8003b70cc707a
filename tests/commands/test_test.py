import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hrdd.commands.test import cases_folder, exit_code, option_keys, run_suite
from hrdd.errors import InputError
from hrdd.output.test import FORMATTERS, TestFormat
from tests.conftest import REPO, SAMPLE


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "sample.yaml"
    shutil.copy(SAMPLE, target)
    shutil.copytree(cases_folder(SAMPLE), cases_folder(target))
    return target


def test_bundled_sample_cases_pass_with_coverage() -> None:
    suite = run_suite(SAMPLE)
    assert [c.passed for c in suite.cases] == [True, True]
    cov = suite.coverage
    assert (cov.questions.reached, cov.questions.total) == (7, 7)
    assert (cov.options.reached, cov.options.total) == (8, 17)
    assert "has_entity=dont_know" in cov.options.missed
    parts = dict(cov.parts)
    assert list(parts) == ["paths", "mitigations", "impacts"]
    assert all(reach.missed == () for reach in parts.values())
    assert exit_code([suite], None) == 0
    assert exit_code([suite], 50) == 1
    assert exit_code([suite], 47) == 0


def test_option_keys_include_dont_know_and_implicit_yes_no() -> None:
    from hrdd.questionnaire.loading import load_model_or_raise
    from hrdd.scoring.impacts.format import RiskQuestionnaire

    q, _ = load_model_or_raise(RiskQuestionnaire, SAMPLE)
    keys = option_keys(q.questions())
    assert keys[:3] == ["has_entity=yes", "has_entity=no", "has_entity=dont_know"]
    assert "comments=" not in " ".join(keys)


def test_a_failing_case_shows_expected_and_actual(sample_copy: Path) -> None:
    case = cases_folder(sample_copy) / "ride-hailing.yaml"
    text = case.read_text().replace(
        "disclosure: {inherent: critical, residual: high}",
        "disclosure: {inherent: high, residual: high}",
    )
    text = text.replace(
        "plan_starts: [mitigation:move_data, mitigation:encrypt]",
        "plan_starts: [mitigation:encrypt, mitigation:move_data]",
    )
    case.write_text(text)
    suite = run_suite(sample_copy)
    failed = [c for c in suite.cases if not c.passed]
    assert [c.name for c in failed] == ["Ride-hailing app with a Minsk data centre"]
    assert failed[0].mismatches == (
        "disclosure inherent: expected high, got critical",
        "plan starts: expected [mitigation:encrypt, mitigation:move_data], "
        "got [mitigation:move_data, mitigation:encrypt]",
    )
    assert exit_code([suite], None) == 1
    output = FORMATTERS.formatter(TestFormat.TEXT).render([suite], coverage=False)
    assert "FAIL" in output and "      disclosure inherent: expected high, got critical" in output
    junit = ET.fromstring(FORMATTERS.formatter(TestFormat.JUNIT).render([suite], coverage=False))
    assert junit.get("failures") == "1"
    assert (
        junit.find(".//failure").get("message")
        == "disclosure inherent: expected high, got critical"
    )
    data = json.loads(FORMATTERS.formatter(TestFormat.JSON).render([suite], coverage=True))
    assert data["suites"][0]["failed"] == 1
    assert data["suites"][0]["coverage"]["options"]["missed"][0] == "has_entity=dont_know"


def test_case_errors_have_positions(sample_copy: Path) -> None:
    bad = cases_folder(sample_copy) / "zz-bad.yaml"
    bad.write_text(
        "format: 2\n"
        "name: Bad\n"
        "reasoning: R\n"
        "answers:\n"
        "  has_entty: 'yes'\n"
        "  services: taxi\n"
        "expect:\n"
        "  impacts:\n"
        "    disclosur: {inherent: critcal}\n"
        "  plan_starts: [mitigation:move_dta]\n"
    )
    with pytest.raises(InputError) as info:
        run_suite(sample_copy)
    lines = str(info.value).splitlines()
    findings = [line for line in lines if line.startswith(f"{bad}:")]
    shown = [line.split(f"{bad}:")[1].split(" ")[0:3] for line in findings]
    assert shown == [
        ["5:3:", "error", "answer-unknown-question"],
        ["6:13:", "error", "answer-wrong-type"],
        ["9:5:", "error", "unknown-impact"],
        ["9:27:", "error", "unknown-band"],
        ["10:17:", "error", "unknown-plan-item"],
    ]
    assert lines[1] == "    hint: did you mean `has_entity`?"


def test_a_questionnaire_without_cases_fails_only_a_coverage_minimum(tmp_path: Path) -> None:
    target = tmp_path / "alone.yaml"
    shutil.copy(SAMPLE, target)
    suite = run_suite(target)
    assert suite.cases == ()
    assert exit_code([suite], None) == 0
    assert exit_code([suite], 0) == 1
    assert "no test cases in" in FORMATTERS.formatter(TestFormat.TEXT).render(
        [suite], coverage=False
    )


# --- the bundled questionnaire ---------------------------------------------------------------

DECREE_V2 = REPO / "questionnaires" / "decree-368.yaml"


def test_format_2_cases_pass_with_coverage_of_paths_mitigations_and_impacts() -> None:
    suite = run_suite(DECREE_V2)
    assert len(suite.cases) == 20
    assert all(c.passed for c in suite.cases), [c.mismatches for c in suite.cases]
    parts = dict(suite.coverage.parts)
    assert list(parts) == ["paths", "mitigations", "impacts"]
    assert parts["paths"].percent == 100.0 and parts["impacts"].percent == 100.0
    assert suite.coverage.questions.percent == 100.0
    assert exit_code([suite], 80) == 0


def test_a_format_2_case_that_disagrees_shows_each_difference(tmp_path: Path) -> None:
    questionnaire = tmp_path / "q.yaml"
    shutil.copy(DECREE_V2, questionnaire)
    folder = tmp_path / "q.tests"
    folder.mkdir()
    case = (DECREE_V2.parent / "decree-368.tests" / "ride-hailing.yaml").read_text("utf-8")
    case = case.replace("disclosure: {inherent: critical", "disclosure: {inherent: high", 1)
    case = case.replace("  - decision:connect_or_refuse\n", "  - decision:stay_exit_assessment\n")
    case += "  provisional: {chilling: true}\n"
    (folder / "ride.yaml").write_text(case, encoding="utf-8")
    (result,) = run_suite(questionnaire).cases
    assert result.mismatches == (
        "disclosure inherent: expected high, got critical",
        "plan starts: expected [mitigation:informal_approach_playbook, "
        "mitigation:staff_crisis_plan, decision:stay_exit_assessment], got "
        "[mitigation:informal_approach_playbook, mitigation:staff_crisis_plan, "
        "decision:connect_or_refuse]",
        "chilling provisional: expected true, got false",
    )
    # An impact the case leaves out is expected not to be rated.
    (folder / "ride.yaml").write_text(
        case.replace("    chilling: {inherent: high, residual: high}\n", "")
    )
    (result,) = run_suite(questionnaire).cases
    assert "chilling inherent: expected none, got high" in result.mismatches


def test_unknown_impacts_bands_and_plan_items_are_errors_at_their_place(tmp_path: Path) -> None:
    questionnaire = tmp_path / "q.yaml"
    shutil.copy(DECREE_V2, questionnaire)
    folder = tmp_path / "q.tests"
    folder.mkdir()
    case = (DECREE_V2.parent / "decree-368.tests" / "ride-hailing.yaml").read_text("utf-8")
    case = case.replace(
        "    disclosure: {inherent: critical", "    disclosur: {inherent: critcal", 1
    )
    case = case.replace("  - decision:connect_or_refuse\n", "  - connect_or_refuse\n")
    (folder / "ride.yaml").write_text(case, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run_suite(questionnaire)
    text = str(caught.value)
    assert "unknown-impact `disclosur` is not an impact" in text and "`disclosure`?" in text
    assert "unknown-band `critcal` is not a band" in text
    assert "unknown-plan-item `connect_or_refuse` is not a plan-item id" in text
    assert all(line.count(":") >= 3 for line in text.splitlines() if "error" in line)
