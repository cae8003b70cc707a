"""The report's Jinja environment: bundled templates precompiled, or compiled in memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import hrdd.report.env as report_env
from hrdd.commands.report import build_report
from hrdd.report.options import ReportFormat
from tests.commands.test_score_v2 import V2
from tests.conftest import REPO, REPORT_DATA

ANSWERS = REPORT_DATA / "impacts" / "operator.yaml"


def _jinja2() -> Any:
    import jinja2  # heavy: kept out of module level, as in hrdd itself

    return jinja2


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compile the bundled templates as the wheel build does."""
    folder = tmp_path_factory.mktemp("compiled")
    report_env.compile_bundled(REPO / "templates", folder)
    return folder


def test_each_format_is_compiled_into_its_own_folder(compiled: Path) -> None:
    for fmt in ("markdown", "html"):
        modules = list((compiled / fmt).glob("tmpl_*.py"))
        sources = list((REPO / "templates" / fmt).rglob("*.j2"))
        assert len(modules) == len(sources) > 0
    assert (compiled / report_env.COMPILED_BY).read_text().strip() == _jinja2().__version__


@pytest.mark.parametrize("fmt", [ReportFormat.MARKDOWN, ReportFormat.HTML])
def test_precompiled_templates_render_byte_identical_reports_and_write_nothing(
    compiled: Path, monkeypatch: pytest.MonkeyPatch, fmt: ReportFormat
) -> None:
    in_memory = build_report(ANSWERS, V2, output_format=fmt).text
    monkeypatch.setattr(report_env, "compiled_templates_dir", lambda: compiled)
    assert isinstance(report_env.make_env(fmt.value).loader, _jinja2().ModuleLoader)
    before = _files(compiled)

    assert build_report(ANSWERS, V2, output_format=fmt).text == in_memory
    assert _files(compiled) == before, "loading the compiled templates wrote bytecode"


def test_templates_compiled_by_another_jinja2_are_left_alone(
    compiled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "compiled"
    (other / "markdown").mkdir(parents=True)
    (other / report_env.COMPILED_BY).write_text("0.0.1\n")
    monkeypatch.setattr(report_env, "compiled_templates_dir", lambda: other)

    assert isinstance(report_env.make_env("markdown").loader, _jinja2().FileSystemLoader)


def test_user_templates_compile_in_memory_in_the_sandbox(
    compiled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jinja2.sandbox import SandboxedEnvironment

    monkeypatch.setattr(report_env, "compiled_templates_dir", lambda: compiled)
    env = report_env.make_env("markdown", tmp_path)

    assert isinstance(env, SandboxedEnvironment)
    assert not isinstance(env.loader, _jinja2().ModuleLoader)


def test_a_source_checkout_compiles_in_memory() -> None:
    assert report_env.compiled_templates_dir() is None
    assert isinstance(report_env.make_env("html").loader, _jinja2().FileSystemLoader)
