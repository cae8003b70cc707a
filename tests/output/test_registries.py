"""Every command's output formats: each ``--format`` choice maps to exactly one formatter."""

from __future__ import annotations

import pkgutil
from enum import StrEnum
from importlib import import_module

import pytest

from hrdd.output import diff, score, test, validate
from hrdd.output.diff.interface import DiffRenderer
from hrdd.output.score.interface import ScoreRenderer
from hrdd.output.test.interface import TestFormatter
from hrdd.output.validate.interface import Formatter

REGISTRIES = [
    (validate, validate.OutputFormat, Formatter),
    (score, score.ScoreFormat, ScoreRenderer),
    (test, test.TestFormat, TestFormatter),
    (diff, diff.DiffFormat, DiffRenderer),
]
IDS = [package.__name__.rsplit(".", 1)[1] for package, _, _ in REGISTRIES]


@pytest.mark.parametrize(("package", "choices", "interface"), REGISTRIES, ids=IDS)
def test_every_choice_has_its_own_formatter_implementing_the_interface(
    package: object, choices: type[StrEnum], interface: type
) -> None:
    table = package.FORMATTERS
    assert set(table) == set(choices)
    assert len(set(table.values())) == len(table), "two choices share a formatter"
    for choice in choices:
        formatter = choice.formatter()
        assert isinstance(formatter, interface)
        assert type(formatter).__module__ == f"{package.__name__}.{table[choice][0]}"


@pytest.mark.parametrize(("package", "choices", "interface"), REGISTRIES, ids=IDS)
def test_every_format_module_is_reachable_from_the_table(
    package: object, choices: type[StrEnum], interface: type
) -> None:
    modules = {info.name for info in pkgutil.iter_modules(package.__path__)}
    named = {module for module, _ in package.FORMATTERS.values()}
    assert modules - {"interface"} == named
    for module in modules:
        import_module(f"{package.__name__}.{module}")
