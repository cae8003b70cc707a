"""`hrdd score` on a format-2 questionnaire: the shared results view in every format."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from hrdd.answers.model import Answers
from hrdd.cli import run
from hrdd.commands.assess import rated_results_text
from hrdd.commands.score import score_files
from hrdd.output.results import table_text
from hrdd.questionnaire.loading import read_document, validate_model
from hrdd.report.results import NOT_RATED, TOP, mid_sentence
from hrdd.scoring.impacts.ranking import rank_impacts, rank_plan
from tests.conftest import DATA, REPO, case_answers_file

V2 = REPO / "questionnaires" / "decree-368.yaml"
TEST_CASES = REPO / "questionnaires" / "decree-368.tests"
# The cases answer the bundled version: an unknown question id is then an error, not a
# question an older version had.


CASES = Path(tempfile.mkdtemp(prefix="hrdd-score-v2-"))
atexit.register(shutil.rmtree, CASES, True)
for _case in sorted(TEST_CASES.glob("*.yaml")):
    case_answers_file(_case, CASES / _case.name)
RIDE = CASES / "ride-hailing.yaml"


def score(*args: str | Path) -> int:
    return run(["score", *map(str, args)])


def test_table_reads_at_80_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert score(RIDE, "-q", V2, "--explain") == 0
    out = capsys.readouterr().out
    too_long = [line for line in out.splitlines() if len(line) > 80]
    assert too_long == []
    # Titles, not ids; the legend and both sentences.
    assert "Users' data disclosed to state bodies" in out
    assert "informal_approach_playbook" not in out
    assert "Bands, lowest first: Low, Medium, High, Critical." in out
    assert "Inherent: the risk to people as things stand today" in out
    assert "Residual: the risk that would remain" in out
    # --explain: every scenario with its vector.
    assert "disclosure/state_system/at_risk (people at risk)" in out
    assert "SC5/SP4/IR5=S5 L0:4+1-0 F1=L5 critical" in out


def test_the_three_worst_are_told_apart_by_path_and_reach(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert score(RIDE, "-q", V2) == 0
    out = capsys.readouterr().out
    [rated] = score_files([RIDE], V2).rated
    view = rated.view
    shown = [(i.title, i.path, i.reaches) for i in view.top]
    assert len(set(shown)) == TOP
    for title, path, reaches in shown:
        assert title in out
        # The path stands mid-sentence: "through state access ...", not "through State ...".
        assert f"through {mid_sentence(path)}, reaching {reaches}" in out
    for impact in view.top:
        assert impact.reasons and "Main reasons   " + "; ".join(impact.reasons) in out


def test_main_reasons_are_the_biggest_drivers_not_the_first_answers() -> None:
    [rated] = score_files([RIDE], V2).rated
    for impact, view in zip(rated.result.impacts, rated.view.impacts, strict=True):
        worst = next(s for s in impact.scenarios if s.id == impact.worst)
        assert view.reasons == worst.drivers[:2]
    # Staff coercion: its scale (5) outweighs the entity's likelihood, which the
    # questionnaire asks first.
    staff = next(i for i in rated.view.impacts if i.id == "staff_coercion")
    assert staff.reasons[0].endswith("(scale 5)")


def test_impacts_and_plan_follow_the_one_ranking() -> None:
    for case in sorted(CASES.glob("*.yaml")):
        [rated] = score_files([case], V2).rated
        ranks = {b.id: n for n, b in enumerate(rated.questionnaire.matrix.bands)}
        ranked = [i.id for i in rank_impacts(rated.result.impacts, ranks)]
        assert [i.id for i in rated.view.impacts] == ranked, case.name
        assert [p.id for p in rated.view.plan] == [p.id for p in rank_plan(rated.result.plan)]


def test_not_rated_says_so_and_what_would_open_a_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert score(CASES / "b2b-no-nexus.yaml", "-q", V2) == 0
    out = capsys.readouterr().out
    assert f"Headline: {NOT_RATED}" in out
    assert "one would open if:" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_provisional_ratings_show_their_range(capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / "dating-app-first-sitting.yaml"
    assert score(case, "-q", V2, "--format", "markdown") == 0
    out = capsys.readouterr().out
    assert "High to Critical (provisional)" in out
    [rated] = score_files([case], V2).rated
    first = rated.result.impacts[0]
    assert first.provisional and first.best != first.band


@pytest.mark.parametrize(
    ("level", "inherent", "code"),
    [("critical", False, 1), ("critical", True, 1), ("high", False, 1)],
)
def test_fail_on_reads_impact_bands(level: str, inherent: bool, code: int) -> None:
    flags = ["--inherent"] if inherent else []
    assert score(RIDE, "-q", V2, "--fail-on", level, *flags, "--format", "json") == code


def test_fail_on_passes_when_no_impact_reaches_the_band(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The KGB vendor: critical inherent, but stopping the sales closes every scenario.
    case = CASES / "b2b-sells-to-kgb.yaml"
    assert score(case, "-q", V2, "--fail-on", "low", "--format", "json") == 0
    assert score(case, "-q", V2, "--fail-on", "critical", "--inherent", "--format", "json") == 1
    assert score(case, "-q", V2, "--fail-on", "severe") == 2
    assert "has no such band (bands: low, medium, high, critical)" in capsys.readouterr().err


def test_json_is_stable_and_ranked(capsys: pytest.CaptureFixture[str]) -> None:
    assert score(RIDE, "-q", V2, "--format", "json") == 0
    first = capsys.readouterr().out
    assert score(RIDE, "-q", V2, "--format", "json") == 0
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert data["format"] == 2
    [entry] = data["files"]
    assert entry["top"] == ["disclosure", "staff_coercion", "chilling"]
    assert entry["plan_order"][:3] == [
        "mitigation:informal_approach_playbook",
        "mitigation:staff_crisis_plan",
        "decision:connect_or_refuse",
    ]
    assert entry["result"]["impacts"][0]["id"] == "disclosure"
    assert "order" not in entry["result"]["plan"][0]


def test_folders_give_one_row_per_file_without_ranking_gaps(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert score(CASES, "-q", V2) == 0
    out = capsys.readouterr().out
    assert out.startswith("Portfolio")
    assert "Results:" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    run_ = score_files([CASES], V2)
    assert len(run_.rated) == len(list(CASES.glob("*.yaml")))
    assert not any(f.result.find_out_ranked for f in run_.rated)
    [single] = score_files([RIDE], V2).rated
    assert single.result.find_out_ranked


def test_markdown_keeps_hostile_text_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = RIDE.read_text(encoding="utf-8")
    hostile = "organisation: '<script>x</script> | [a](http://evil) # h'\n"
    lines = [
        hostile if line.startswith("organisation:") else line for line in text.splitlines(True)
    ]
    path = tmp_path / "hostile.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    assert score(path, "-q", V2, "--format", "markdown") == 0
    out = capsys.readouterr().out
    assert "<script>" not in out and "[a](http://evil)" not in out
    assert "\\<script\\>" in out and "\\[a\\](http\\://evil)" in out


def test_bad_answers_get_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = RIDE.read_text(encoding="utf-8").replace("  has_entity:", "  has_entitty:")
    path = tmp_path / "typo.yaml"
    path.write_text(text, encoding="utf-8")
    assert score(path, "-q", V2) == 2
    err = capsys.readouterr().err
    assert "`has_entitty` is not a question of `decree_368`" in err
    assert "did you mean `has_entity`?" in err
    assert "Traceback" not in err


def test_mixing_formats_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    worked = DATA / "answers" / "worked-example.yaml"
    assert score(RIDE, worked) == 2
    assert "Traceback" not in capsys.readouterr().err


# --- the end of `hrdd assess`: the same view, the same top risks -----------------------------


def _case_answers(path: Path) -> Answers:
    doc, problems = read_document(path)
    assert doc is not None and problems == []
    answers, found = validate_model(Answers, doc)
    assert answers is not None and found == []
    return answers


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_assess_ends_with_the_score_view_for_every_case(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(case.parent)
    [rated] = score_files([Path(case.name)], V2).rated
    shown = table_text([rated], explain=False, width=80)
    end = rated_results_text(rated.questionnaire, _case_answers(case), Path(case.name), width=80)
    # One renderer: the score view, then the next step; the same top risks in the same order.
    assert end.startswith(shown)
    # Then the next steps: the plan, then the report, as for format 1.
    rest = end[len(shown) :]
    assert rest.startswith("Next steps:\n  Set owners, due dates and decisions in the plan:")
    assert " plan " in rest and " report " in rest
    # Every line fits 80 columns but the commands, printed whole to run as printed.
    commands = (" report ", " plan ")
    assert max(len(line) for line in end.splitlines() if not any(c in line for c in commands)) <= 80
    tops = [i.title for i in rated.view.top]
    positions = [end.index(f". {title}\n") for title in tops]
    assert positions == sorted(positions)


def test_report_renders_format_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", str(RIDE), "-q", str(V2)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Human-rights risk and mitigation report: ")
    assert "## Board summary" in out


def test_an_answers_file_of_1_0_0_scores_against_the_bundled_version_and_stays_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A file answered with 1.0.0 has an answer to a question 2.0.0 split (`g_notified`) and
    # records for mitigations 2.0.0 folded into others: it must still score against the
    # bundled 2.1.0, say what was set aside, and not be rewritten.
    old = DATA / "answers" / "v1" / "ride-hailing-1.0.0.yaml"
    copy = tmp_path / old.name
    copy.write_bytes(old.read_bytes())
    assert score(copy, "-q", V2) == 0
    captured = capsys.readouterr()
    assert "warning answer-stale" in captured.err
    assert "scored against 2.1.0" in captured.err
    assert "`g_notified`" in captured.err
    assert "`keys_abroad`" in captured.err and "`written_demands`" in captured.err
    assert "Users' data disclosed to state bodies" in captured.out
    assert copy.read_bytes() == old.read_bytes()


def test_plan_and_signoff_work_on_a_format_2_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The plan of a format-2 assessment is keyed by plan-item ids; setting, declining and
    # signing off save at once and score shows the decline as a risk that remains.
    path = tmp_path / "rides.yaml"
    path.write_bytes(RIDE.read_bytes())
    path.chmod(0o600)
    assert (
        run(
            [
                "plan",
                "set",
                str(path),
                "decision:connect_or_refuse",
                "-q",
                str(V2),
                "--by",
                "Anna",
                "--owner",
                "Board",
                "--due",
                "2026-12-31",
            ]
        )
        == 0
    )
    assert (
        run(
            [
                "plan",
                "decline",
                str(path),
                "mitigation:dual_approval",
                "-q",
                str(V2),
                "--by",
                "Anna",
                "--reason",
                "cost",
                "--approver",
                "CEO",
                "--review",
                "2027-06-30",
            ]
        )
        == 0
    )
    assert (
        run(
            [
                "plan",
                "set",
                str(path),
                "no_such_item",
                "-q",
                str(V2),
                "--by",
                "Anna",
                "--owner",
                "x",
            ]
        )
        == 2
    )
    assert run(["signoff", str(path), "-q", str(V2), "--name", "Anna", "--role", "CEO"]) == 0
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["mitigations"]["decision:connect_or_refuse"]["owner"] == "Board"
    assert saved["mitigations"]["mitigation:dual_approval"]["status"] == "declined"
    assert saved["signoff"]["name"] == "Anna"
    capsys.readouterr()
    assert score(path, "-q", V2) == 0
    assert "declined: risk remains" in capsys.readouterr().out
