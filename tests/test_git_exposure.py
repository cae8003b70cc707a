"""Nothing hrdd writes by default ends up in a commit: the .gitignore and the warnings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from hrdd.answers.model import save_answers
from hrdd.cli import run
from hrdd.dialogue.session import new_answers
from hrdd.git_exposure import exposure, work_tree_of
from hrdd.questionnaire.loading import load_model_or_raise
from hrdd.scoring.impacts.format import RiskQuestionnaire
from tests.commands.test_assess_pty import ENTER, TIMEOUT
from tests.conftest import BRANCHING, REPO

SAMPLE = BRANCHING

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(folder: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q")
    return folder


def test_a_file_in_a_work_tree_is_exposed_until_a_gitignore_covers_it(
    repo: Path, tmp_path: Path
) -> None:
    target = repo / "sub" / "acme.yaml"
    target.parent.mkdir()
    found = exposure(target)
    assert found is not None
    assert found.work_tree == repo.resolve()
    assert "one `git add -A` would commit it" in found.warning()
    (repo / ".gitignore").write_text("acme.yaml\n", encoding="utf-8")
    assert exposure(target) is None
    outside = tmp_path / "elsewhere" / "acme.yaml"
    assert work_tree_of(outside) is None
    assert exposure(outside) is None


def test_the_repository_gitignore_hides_what_hrdd_writes_by_default_and_nothing_else(
    repo: Path,
) -> None:
    shutil.copy(REPO / ".gitignore", repo / ".gitignore")
    defaults = ["hrdd-answers-decree_368.yaml", "report.html", "report.md"]
    # Files with the same names below the root are examples or golden files: kept.
    kept = ["tests/data/hrdd-answers-example.yaml", "tests/golden/report.md", "docs/report.md"]
    for name in [*defaults, *kept]:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("x: 1\n", encoding="utf-8")
    git(repo, "add", "-A")
    staged = set(git(repo, "diff", "--cached", "--name-only").split())
    assert not staged & set(defaults)
    assert set(kept) <= staged


def test_no_tracked_file_of_this_repository_is_ignored() -> None:
    if not (REPO / ".git").exists():
        pytest.fail("run the tests in a git checkout of hrdd")
    tracked_but_ignored = git(REPO, "ls-files", "--cached", "--ignored", "--exclude-standard")
    assert tracked_but_ignored == ""


def test_report_warns_when_its_output_lands_in_a_work_tree(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questionnaire, _ = load_model_or_raise(RiskQuestionnaire, SAMPLE)
    answers = tmp_path / "answers.yaml"
    save_answers(answers, new_answers(questionnaire, "Acme", "2025-01-01T09:00:00+00:00"))
    report = ["report", str(answers), "-q", str(SAMPLE), "-o", str(repo / "acme-report.md")]
    code = run(report)
    assert code == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert f"warning: {repo / 'acme-report.md'} is inside the git work tree" in err
    (repo / ".gitignore").write_text("*-report.md\n", encoding="utf-8")
    assert run(report) == 0
    assert "git work tree" not in capsys.readouterr().err


def test_answers_new_warns_when_the_new_file_lands_in_a_work_tree(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = repo / "acme.yaml"
    assert run(["answers", "new", "-o", str(target), "--org", "Acme"]) == 0
    assert f"warning: {target} is inside the git work tree" in capsys.readouterr().err
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.slow
def test_assess_in_a_work_tree_warns_and_by_default_asks_for_another_place(
    repo: Path, tmp_path: Path
) -> None:
    safe = tmp_path / "private"
    safe.mkdir()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "hrdd", "assess", str(SAMPLE), "--org", "Acme", "--respondent", "Anna"],
        cwd=str(repo),
        env={**os.environ, "TERM": "xterm", "PYTHONPATH": str(REPO)},
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=TIMEOUT,
    )
    child.expect_exact("is inside the git work tree")
    child.expect_exact("Choose another place (recommended)")
    child.expect_exact("^C quit")
    child.send(ENTER)  # the default: another place
    child.expect_exact("New answers file")
    child.expect_exact("^C quit")
    child.send(str(safe) + ENTER)  # a folder: the default name inside it
    child.expect_exact("Do you have a legal entity in Belarus?")
    child.expect_exact("F1/? help")
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (safe / "hrdd-answers-assess_sample.yaml").is_file()
    assert not list(repo.glob("hrdd-answers-*"))
    assert git(repo, "status", "--porcelain") == ""
