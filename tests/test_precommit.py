"""The `hrdd-validate` pre-commit hook passes valid questionnaires and blocks invalid ones.

`pre-commit try-repo` installs the hook from a git repository, as a user's configuration
would. That repository is a committed snapshot of this checkout, so the hook under test is
the working tree's, uncommitted edits included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

VALID = REPO / "tests" / "data" / "valid" / "minimal.yaml"

# What `pip install .` needs to build and install hrdd, and the hook definition itself.
SNAPSHOT = (
    "pyproject.toml",
    "hatch_build.py",
    "README.md",
    "LICENSE",
    ".pre-commit-hooks.yaml",
    "hrdd",
    "questionnaires",
    "templates",
)


def _git_env(pre_commit_home: Path) -> dict[str, str]:
    # Drop GIT_DIR, GIT_INDEX_FILE and friends: the tests may themselves run inside a git hook.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_AUTHOR_NAME="hrdd tests",
        GIT_AUTHOR_EMAIL="tests@hrdd.invalid",
        GIT_COMMITTER_NAME="hrdd tests",
        GIT_COMMITTER_EMAIL="tests@hrdd.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        # Each run installs the hook from a new snapshot, so a shared cache would only
        # collect environments nobody uses again; pip's own cache keeps the install quick.
        PRE_COMMIT_HOME=str(pre_commit_home),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _git_env(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """Commit a snapshot of the checkout's hook and package into a fresh git repository."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SNAPSHOT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, snapshot / name, ignore=ignore)
        else:
            shutil.copy2(source, snapshot / name)
    _git(snapshot, env, "init", "-q")
    _git(snapshot, env, "add", "-A")
    _git(snapshot, env, "commit", "-q", "-m", "snapshot")
    return snapshot


def _try_repo(
    project: Path, hook_repo: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    _git(project, env, "add", "-A")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(hook_repo),
            "hrdd-validate",
            "--all-files",
            "--color",
            "never",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_hook_passes_valid_questionnaires_and_fails_on_an_invalid_one(
    tmp_path: Path, hook_repo: Path, env: dict[str, str]
) -> None:
    project = tmp_path / "project"
    (project / "questionnaires" / "minimal.tests").mkdir(parents=True)
    _git(project, env, "init", "-q")
    shutil.copy2(VALID, project / "questionnaires" / "minimal.yaml")
    # Neither is a questionnaire, and neither matches the hook's `files:` / `exclude:`.
    (project / "questionnaires" / "minimal.tests" / "case.yaml").write_text(
        "format: 2\nname: a test case, not a questionnaire\nreasoning: r\nanswers: {}\n",
        encoding="utf-8",
    )
    (project / "settings.yaml").write_text("unrelated: true\n", encoding="utf-8")

    passed = _try_repo(project, hook_repo, env)

    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "hrdd validate" in passed.stdout
    assert "Passed" in passed.stdout

    broken = VALID.read_text(encoding="utf-8").replace("\ntitle:\n", "\ntitel:\n", 1)
    assert broken != VALID.read_text(encoding="utf-8")
    (project / "questionnaires" / "broken.yaml").write_text(broken, encoding="utf-8")

    failed = _try_repo(project, hook_repo, env)

    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    finding = [line for line in failed.stdout.splitlines() if "unknown-key" in line]
    assert finding, failed.stdout
    assert finding[0].startswith("questionnaires/broken.yaml:"), finding[0]
    assert "titel" in finding[0]
    assert "minimal.tests" not in failed.stdout
    assert "settings.yaml" not in failed.stdout
