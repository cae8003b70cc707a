"""Output formats of `hrdd test`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from hrdd.output.registry import FormatChoice, Formatters
from hrdd.output.test.interface import TestFormatter

__all__ = ["FORMATTERS", "TestFormat", "TestFormatter"]


class TestFormat(FormatChoice):
    """The ``--format`` choices of `hrdd test`; each member maps to exactly one formatter."""

    __test__ = False  # not a pytest test class

    TEXT = "text", "text", "TextFormatter"
    JSON = "json", "json_format", "JsonFormatter"
    JUNIT = "junit", "junit", "JUnitFormatter"


FORMATTERS: Formatters[TestFormat, TestFormatter] = Formatters(TestFormat)
