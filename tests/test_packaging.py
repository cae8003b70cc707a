"""The sdist and wheel build, the wheel carries the bundled data, and an installed hrdd works.

The wheel is built from the sdist (what `python -m build` does by default), so these tests
also prove the sdist holds everything the wheel needs. It is then installed into a fresh
virtual environment and run from a folder outside the source tree, so nothing can come from
the checkout by accident.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import hrdd
from tests.conftest import REPO, REPORT_DATA

pytestmark = pytest.mark.slow


def _clean_env() -> dict[str, str]:
    """Return the environment without anything that would let Python find the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(
    argv: list[str | Path], cwd: Path, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = _clean_env()
    if home is not None:
        env["HOME"] = str(home)
        env.pop("XDG_CACHE_HOME", None)
    return subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _only(paths: list[Path]) -> Path:
    assert len(paths) == 1, paths
    return paths[0]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the sdist, then the wheel from it, into a temporary folder."""
    out = tmp_path_factory.mktemp("dist")
    built = _run([sys.executable, "-m", "build", "--outdir", out, REPO], cwd=out)
    assert built.returncode == 0, built.stdout + built.stderr
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    return _only(sorted(dist.glob("hrdd-*.whl")))


@pytest.fixture(scope="module")
def sdist(dist: Path) -> Path:
    return _only(sorted(dist.glob("hrdd-*.tar.gz")))


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Install the wheel and its dependencies into a fresh virtual environment."""
    env_dir = tmp_path_factory.mktemp("venv")
    created = _run([sys.executable, "-m", "venv", "--without-pip", env_dir], cwd=env_dir)
    assert created.returncode == 0, created.stderr
    # The running pip installs into the new environment: no pip bootstrap, pip's cache reused.
    installed = _run(
        [sys.executable, "-m", "pip", "--python", env_dir / "bin" / "python", "install", wheel],
        cwd=env_dir,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return env_dir


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Return a working folder that is not inside the source tree."""
    assert REPO not in tmp_path.resolve().parents
    return tmp_path


def test_wheel_ships_the_bundled_questionnaire_its_tests_and_the_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())

    assert "hrdd/_data/questionnaires/decree-368.yaml" in names
    assert any(
        n.startswith("hrdd/_data/questionnaires/decree-368.tests/") and n.endswith(".yaml")
        for n in names
    ), "the Decree 368 test cases are missing from the wheel"
    assert any(n.startswith("hrdd/_data/templates/") for n in names)
    assert "hrdd/cli.py" in names
    assert "hrdd/rules.txt" in names, "the rule catalogue is missing from the wheel"
    assert not any("__pycache__" in n for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_wheel_metadata_declares_the_entry_point_and_version(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    info = f"hrdd-{hrdd.__version__}.dist-info"

    entry_points = archive.read(f"{info}/entry_points.txt").decode()
    metadata = archive.read(f"{info}/METADATA").decode()

    assert "hrdd = hrdd.cli:main" in entry_points
    assert f"Version: {hrdd.__version__}\n" in metadata
    assert "License-Expression: MIT" in metadata


def test_sdist_holds_the_sources_the_wheel_is_built_from(sdist: Path) -> None:
    top = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())

    for path in (
        "pyproject.toml",
        "README.md",
        "LICENSE",
        ".pre-commit-hooks.yaml",
        "hrdd/cli.py",
        "questionnaires/decree-368.yaml",
        "templates/README.md",
    ):
        assert f"{top}/{path}" in names, path
    assert not any("/.venv/" in n or "__pycache__" in n for n in names)


def test_installed_validate_checks_the_bundled_questionnaire(venv: Path, outside: Path) -> None:
    result = _run([venv / "bin" / "hrdd", "validate"], cwd=outside)

    assert result.returncode == 0, result.stdout + result.stderr
    summaries = [line for line in result.stdout.splitlines() if "decree-368.yaml: " in line]
    assert len(summaries) == 1, result.stdout
    assert summaries[0].endswith(": 0 errors, 0 warnings"), summaries[0]
    assert result.stderr == ""


def test_installed_package_reads_its_data_from_the_environment(venv: Path, outside: Path) -> None:
    script = "from hrdd import catalog; print(catalog.default_questionnaire())"
    result = _run([venv / "bin" / "python", "-c", script], cwd=outside)

    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.is_file()
    assert venv.resolve() in path.resolve().parents
    assert path.parent.name == "questionnaires"


def test_installed_python_m_hrdd_reports_the_version(venv: Path, outside: Path) -> None:
    result = _run([venv / "bin" / "python", "-m", "hrdd", "--version"], cwd=outside)

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"hrdd {hrdd.__version__}\n"


def test_wheel_ships_the_bundled_templates_compiled(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "hrdd/_data/compiled/jinja2-version" in names
    for fmt in ("markdown", "html"):
        compiled = [n for n in names if n.startswith(f"hrdd/_data/compiled/{fmt}/tmpl_")]
        assert len(compiled) == len(list((REPO / "templates" / fmt).rglob("*.j2"))) > 0


def _tree(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_installed_report_renders_from_the_compiled_templates_as_from_source_writing_nothing(
    venv: Path, outside: Path, tmp_path: Path, fmt: str
) -> None:
    python = venv / "bin" / "python"
    where = _run([python, "-c", "import hrdd; print(hrdd.__file__)"], cwd=outside)
    package = Path(where.stdout.strip()).parent
    loader = "from hrdd.report.env import make_env; print(type(make_env('html').loader).__name__)"
    assert _run([python, "-c", loader], cwd=outside).stdout == "PrecompiledLoader\n"
    # pip compiled every module when installing: without that bytecode, importing a compiled
    # template would write some, were it allowed to.
    for cache in (package / "_data" / "compiled").rglob("__pycache__"):
        for pyc in cache.iterdir():
            pyc.unlink()
        cache.rmdir()
    home = tmp_path / "home"
    home.mkdir()
    answers = outside / "answers.yaml"
    answers.write_bytes((REPORT_DATA / "impacts" / "operator.yaml").read_bytes())
    before = _tree(package) | _tree(home)
    argv: list[str | Path] = ["report", answers, "--format", fmt, "--date", "2025-06-30"]

    installed = _run([venv / "bin" / "hrdd", *argv], cwd=outside, home=home)
    source = _run([sys.executable, "-m", "hrdd", *argv], cwd=outside, home=home)

    assert installed.returncode == 0, installed.stderr
    assert source.returncode == 0, source.stderr
    assert installed.stdout == source.stdout
    assert _tree(package) | _tree(home) == before
