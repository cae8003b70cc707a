"""Every command's output formats: each ``--format`` choice maps to exactly one formatter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from importlib import import_module
from types import ModuleType

import pytest

from hrdd.output import diff, report, score, test, validate
from hrdd.output.diff.interface import DiffRenderer
from hrdd.output.registry import FormatChoice, Formatters
from hrdd.output.report.interface import ReportFormatter
from hrdd.output.score.interface import ScoreRenderer
from hrdd.output.test.interface import TestFormatter
from hrdd.output.validate.interface import Formatter

REGISTRIES = [
    (validate, validate.OutputFormat, Formatter),
    (score, score.ScoreFormat, ScoreRenderer),
    (test, test.TestFormat, TestFormatter),
    (diff, diff.DiffFormat, DiffRenderer),
    (report, report.ReportOutput, ReportFormatter),
]
IDS = [package.__name__.rsplit(".", 1)[1] for package, _, _ in REGISTRIES]


@pytest.mark.parametrize(("package", "choices", "interface"), REGISTRIES, ids=IDS)
def test_every_choice_has_its_own_formatter_implementing_the_interface(
    package: ModuleType, choices: type[FormatChoice], interface: type
) -> None:
    table = package.FORMATTERS
    assert table.package == package.__name__
    assert set(table) == set(choices)
    assert len(set(table.values())) == len(table), "two choices share a formatter"
    for choice in choices:
        assert choices(choice.value) is choice  # the value alone still names the choice
        formatter = table.formatter(choice)
        assert isinstance(formatter, interface)
        assert type(formatter).__name__ == choice.formatter_class
        assert type(formatter).__module__ == f"{package.__name__}.{choice.formatter_module}"
        assert table.formatter(choice) is not formatter, "a formatter is made anew each time"


@pytest.mark.parametrize(("package", "choices", "interface"), REGISTRIES, ids=IDS)
def test_every_format_module_is_reachable_from_the_table(
    package: ModuleType, choices: type[FormatChoice], interface: type
) -> None:
    modules = {info.name for info in pkgutil.iter_modules(package.__path__)}
    named = {module for module, _ in package.FORMATTERS.values()}
    assert modules - {"interface"} == named
    for module in modules:
        import_module(f"{package.__name__}.{module}")


def test_a_member_that_names_no_formatter_is_refused() -> None:
    class Broken(FormatChoice):
        GOOD = "good", "text", "TextFormatter"
        BAD = "bad"

    assert Broken("bad") is Broken.BAD
    with pytest.raises(TypeError, match="Broken: BAD name no formatter"):
        Formatters(Broken)


def test_start_up_imports_no_format_module() -> None:
    # `hrdd --help` builds every command's --format choices from the registries' enums; the
    # format modules (and what they import) load only when a format is used.
    modules = [
        f"{package.__name__}.{choice.formatter_module}"
        for package, choices, _ in REGISTRIES
        for choice in choices
    ]
    code = (
        "import sys\n"
        "from hrdd.cli import run\n"
        "code = run(['--help'])\n"
        f"print(code, [m for m in {modules!r} if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"
