"""`hrdd diff`: two assessments of one company a year apart, across a questionnaire change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from hrdd.cli import run
from hrdd.commands.signoff import run_signoff
from tests.conftest import DATA, REPO

V2 = REPO / "questionnaires" / "decree-368.yaml"
V110 = DATA / "decree-368-1.1.0.yaml"
BUNDLED_VERSION = yaml.safe_load(V2.read_text(encoding="utf-8"))["version"]
OLD = DATA / "answers" / "v1" / "mobile-operator-1.0.0.yaml"
LATER = "2026-03-02T10:00:00+00:00"


def hrdd(*args: str | Path) -> int:
    return run([str(a) for a in args])


def write(path: Path, data: dict[str, object]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    path.chmod(0o600)
    return path


def year_later(old: Path, folder: Path) -> Path:
    """The same company a year on, answered to the bundled version; the plan moved on."""
    data = yaml.safe_load(old.read_text(encoding="utf-8"))
    data["questionnaire"]["version"] = BUNDLED_VERSION
    data["updated"] = "2026-03-03T10:00:00+00:00"
    answers = data["answers"]
    # A question 2.0.0 split: the new file was answered afresh and has no answer to it.
    answers.pop("g_notified")
    for gone in ("no_single_person", "demand_register_keep"):
        data["mitigations"].pop(gone)
    # Logging every access is now in place (answered by someone else, with an interim value);
    # the staff left Belarus (better) and the company now sells to the state (worse).
    answers["access_logged"] = {
        "value": "yes",
        "answered_by": "Boris Example",
        "answered_at": LATER,
        "history": [
            {"value": "no", "by": "Anna Example", "at": "2025-03-03T09:05:00+00:00"},
            {"value": "dont_know", "by": "Boris Example", "at": "2025-09-01T09:00:00+00:00"},
        ],
    }
    answers["staff_by"] = {"value": "none", "answered_by": "Boris Example", "answered_at": LATER}
    answers["surveillance_sales"] = {"value": "direct", "answered_by": "Boris Example"}
    answers["listed"] = {"value": "yes", "answered_by": "Boris Example", "answered_at": LATER}
    data["mitigations"]["belarus_hria"] = {
        "status": "done",
        "owner": "Head of Legal",
        "updated_by": "Anna Example",
        "updated_at": LATER,
    }
    data["mitigations"]["dual_approval"] = {
        "status": "declined",
        "declined": {"reason": "Not feasible", "approver": "Board", "review": "2026-02-01"},
        "updated_by": "Anna Example",
        "updated_at": LATER,
    }
    return write(folder / "operator-2026.yaml", data)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "operator-2025.yaml"
    old.write_bytes(OLD.read_bytes())
    old.chmod(0o600)
    return old, year_later(old, tmp_path)


def diff_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Any:
    assert hrdd("diff", *args, "--format", "json", "--date", "2026-03-03") == 0
    return json.loads(capsys.readouterr().out)


def test_a_year_apart_across_a_version_change_without_a_snapshot(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    data = diff_json(capsys, old, new)
    assert data["baseline"] == "rescored"
    assert any("no sign-off snapshot" in n for n in data["notes"])
    changes = {a["question"]: a for a in data["answers"]}
    logged = changes["access_logged"]
    assert (logged["change"], logged["old"], logged["new"]) == ("changed", "no", "yes")
    assert (logged["by"], logged["at"], logged["between"]) == ("Boris Example", LATER, 1)
    assert changes["g_notified"]["change"] == "retired"
    assert changes["listed"]["change"] == "answered"
    ratings = data["ratings"]
    assert ratings, "changed answers moved no rating"
    assert {m["source"] for m in ratings} == {"company"}
    assert {m["direction"] for m in ratings} == {"worse", "better"}
    plan = {(p["item"], p["change"]) for p in data["plan"]}
    assert ("mitigation:belarus_hria", "closed") in plan
    assert ("mitigation:dual_approval", "declined") in plan
    assert ("mitigation:dual_approval", "review_due") in plan
    # Neither file is written: the carry-over is in memory.
    assert old.read_bytes() == OLD.read_bytes()


def test_the_text_fits_80_columns_and_names_titles_not_ids(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    assert hrdd("diff", old, new, "--date", "2026-03-03") == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if len(line) > 80] == []
    flat = " ".join(out.split())  # wrapped lines read as one
    assert "keep any record you can read of the access the authorities make" in flat
    assert "by Boris Example on 2026-03-02; 1 other value(s) in between" in flat
    assert "Carry out a human-rights impact assessment for Belarus closed: done" in flat
    assert "g_notified retired: no longer asked (OLD: yes)" in flat
    assert "access_logged" not in out and "mitigation:belarus_hria" not in out


def test_the_json_keys_are_stable(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = diff_json(capsys, *files)
    assert list(data) == [
        "format",
        "old",
        "new",
        "rated_with",
        "as_of",
        "baseline",
        "notes",
        "ratings",
        "answers",
        "plan",
    ]
    assert list(data["old"]) == [
        "path",
        "organisation",
        "questionnaire",
        "updated",
        "signoff",
        "snapshot",
    ]
    keys = {
        "ratings": ["kind", "id", "impact", "title", "rating", "old", "new", "direction", "source"],
        "answers": ["question", "title", "change", "old", "new", "by", "at", "between"],
        "plan": [
            "item",
            "title",
            "change",
            "old_status",
            "new_status",
            "due",
            "review",
            "by",
            "at",
            "source",
        ],
    }
    for section, expected in keys.items():
        assert data[section]
        for entry in data[section]:
            assert list(entry) == expected


def test_old_questionnaire_tells_new_questions_from_unanswered_ones(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    data = diff_json(capsys, old, new, "--old-questionnaire", V110)
    changes = {a["question"]: a["change"] for a in data["answers"]}
    # `listed` is new in 2.0.0: 1.1.0 did not ask it.
    assert changes["listed"] == "new_question"
    assert not any("--old-questionnaire" in n for n in data["notes"])


def _stricter(folder: Path) -> Path:
    """A format-2 questionnaire 1.9.0 whose matrix rates severity 4 one band higher."""
    text = V2.read_text(encoding="utf-8")
    text = text.replace(f'version: "{BUNDLED_VERSION}"', 'version: "1.9.0"', 1)
    row = "- {severity: 4, likelihood: [low, medium, high, high, critical]}"
    assert row in text
    text = text.replace(
        row, "- {severity: 4, likelihood: [medium, high, high, critical, critical]}"
    )
    path = folder / "decree-368-1.9.0.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_snapshot_labels_moves_of_the_method_apart_from_the_company(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    q190 = _stricter(tmp_path)
    run_signoff(old, q190, name="Anna Example", role="CEO", statement=None, now=LATER)
    snapshot = yaml.safe_load(old.read_text(encoding="utf-8"))["signoff"]["snapshot"]
    assert snapshot["questionnaire"]["version"] == "1.9.0"
    capsys.readouterr()
    data = diff_json(capsys, old, new)
    assert data["baseline"] == "snapshot"
    moves = data["ratings"]
    method = [m for m in moves if m["source"] == "method"]
    company = [m for m in moves if m["source"] == "company"]
    # 1.9.0 rated severity 4 higher: re-rated with the bundled version those only get better,
    # by the method.
    assert method and {m["direction"] for m in method} == {"better"}
    assert company
    # The method moves are exactly snapshot -> OLD re-rated: the same answers, nothing else.
    for m in method:
        kept = snapshot["impacts" if m["kind"] == "impact" else "scenarios"][m["id"]]
        assert kept.get(m["rating"], "closed") == m["old"]
    assert any("signed off with decree_368 1.9.0" in n for n in data["notes"])


def test_a_change_of_method_alone_is_never_a_change_at_the_company(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = files
    run_signoff(old, _stricter(tmp_path), name="Anna", role="CEO", statement=None, now=LATER)
    same = tmp_path / "same-answers.yaml"
    same.write_bytes(old.read_bytes())
    capsys.readouterr()
    data = diff_json(capsys, old, same)
    assert data["ratings"]
    assert {m["source"] for m in data["ratings"]} == {"method"}
    # --fail-on-worse counts only the company's moves.
    assert hrdd("diff", old, same, "--fail-on-worse") == 0


def test_fail_on_worse_when_the_answers_make_a_rating_worse(files: tuple[Path, Path]) -> None:
    old, new = files
    assert hrdd("diff", old, new, "--fail-on-worse") == 1
    assert hrdd("diff", old, new) == 0


def test_a_stale_sign_off_snapshot_is_not_used(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    run_signoff(old, _stricter(tmp_path), name="Anna", role="CEO", statement=None, now=LATER)
    data = yaml.safe_load(old.read_text(encoding="utf-8"))
    data["answers"]["listed"] = {"value": "no"}
    write(old, data)
    capsys.readouterr()
    found = diff_json(capsys, old, new)
    assert found["baseline"] == "rescored"
    assert any("changed after the sign-off" in n for n in found["notes"])
    assert {m["source"] for m in found["ratings"]} == {"company"}


def test_markdown_for_a_pull_request(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert hrdd("diff", *files, "--format", "markdown", "--date", "2026-03-03") == 0
    out = capsys.readouterr().out
    assert out.startswith("## Changes in the assessment of Example Mobile JSC\n")
    assert "| Impact or scenario | Rating | Old | New | Move | Source |" in out
    assert "### Answers changed" in out and "### Plan" in out


def test_different_organisations_are_a_clear_error(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    data = yaml.safe_load(new.read_text(encoding="utf-8"))
    data["organisation"] = "Another Operator LLC"
    write(new, data)
    assert hrdd("diff", old, new) == 2
    err = capsys.readouterr().err
    assert "assesses `Example Mobile JSC`" in err and "`Another Operator LLC`" in err
    assert "one organisation" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_the_organisation_is_compared_ignoring_case_and_spacing(
    files: tuple[Path, Path],
) -> None:
    old, new = files
    data = yaml.safe_load(new.read_text(encoding="utf-8"))
    data["organisation"] = "  example   mobile JSC"
    write(new, data)
    assert hrdd("diff", old, new) == 0


def test_the_output_is_written_privately_and_never_over_an_input(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    out = tmp_path / "changes.md"
    assert hrdd("diff", old, new, "--format", "markdown", "-o", out) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    before = new.read_bytes()
    assert hrdd("diff", old, new, "-o", new) == 2
    assert new.read_bytes() == before
    assert "would overwrite it" in capsys.readouterr().err


def test_signoff_keeps_a_snapshot_the_fingerprint_does_not_cover(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from hrdd.answers.model import load_answers
    from hrdd.answers.signing import SignoffState, signed_content, signoff_state

    _, new = files
    run_signoff(new, None, name="Anna Example", role="CEO", statement=None, now=LATER)
    answers, _ = load_answers(new)
    assert answers.signoff is not None and answers.signoff.snapshot is not None
    snap = answers.signoff.snapshot
    assert (snap.questionnaire.id, snap.questionnaire.version, snap.method) == (
        "decree_368",
        BUNDLED_VERSION,
        1,
    )
    assert snap.impacts["disclosure"].inherent == "critical"
    assert "disclosure/state_system" in snap.scenarios
    assert snap.plan["mitigation:belarus_hria"].status == "done"
    # Declined until 2026-02-01: at the sign-off that decline has expired, so it counts again.
    dual = snap.plan["mitigation:dual_approval"]
    assert (dual.status, dual.declined) == ("declined", False)
    # The snapshot is not an answer: without it the fingerprint is the same, still current.
    bare = answers.model_copy(
        update={"signoff": answers.signoff.model_copy(update={"snapshot": None})}
    )
    assert signed_content(bare) == answers.signoff.signed
    assert signoff_state(answers) is SignoffState.CURRENT
    assert hrdd("schema", "answers") == 0
    assert '"Snapshot"' in capsys.readouterr().out


def test_a_retired_questionnaire_without_questions_is_a_clear_error(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    empty = tmp_path / "empty-1.x.yaml"
    empty.write_text("format: 1\nid: decree_368\nsections: [{id: s, questions: 5}]\n", "utf-8")
    assert run(["diff", str(old), str(new), "--old-questionnaire", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "a format-1 questionnaire without an id or questions" in err
    assert "Traceback" not in err
