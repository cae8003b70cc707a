"""Output formats of `hrdd test`: one module per format, chosen with ``--format``."""

from __future__ import annotations

from enum import StrEnum
from typing import cast

from hrdd.output.registry import load_formatter
from hrdd.output.test.interface import TestFormatter

__all__ = ["TestFormat", "TestFormatter"]


class TestFormat(StrEnum):
    """The ``--format`` choices of `hrdd test`; each member maps to exactly one formatter."""

    __test__ = False  # not a pytest test class

    TEXT = "text"
    JSON = "json"
    JUNIT = "junit"

    def formatter(self) -> TestFormatter:
        """Return the formatter that renders this format."""
        return cast(TestFormatter, load_formatter(__name__, FORMATTERS[self]))


# Module and class of each format, imported only when chosen (see hrdd.output.registry).
FORMATTERS: dict[TestFormat, tuple[str, str]] = {
    TestFormat.TEXT: ("text", "TextFormatter"),
    TestFormat.JSON: ("json_format", "JsonFormatter"),
    TestFormat.JUNIT: ("junit", "JUnitFormatter"),
}
