"""The one shape of every command's output formats: a StrEnum of choices and a typed table.

Each command's formats live in one package under ``hrdd/output/``: an ``interface`` module with
the abstract formatter, one module per format, and in ``__init__`` a :class:`FormatChoice` enum
of the ``--format`` choices, each naming the module and class of its formatter, and a
``FORMATTERS`` table (:class:`Formatters`) that hands out formatters typed by that interface.
A format's module is imported only when it is chosen, so start-up does not pay for the others
(rich, XML, JSON encoders, pydantic models). A test checks every table against its package.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from importlib import import_module
from typing import Generic, Self, TypeVar, cast


class FormatChoice(StrEnum):
    """A ``--format`` choice: ``NAME = "choice", "module", "Class"`` of its formatter.

    The module is one of the enum's own package; the member's value is the choice alone.
    """

    formatter_module: str
    """The module, inside the enum's package, that holds the formatter."""
    formatter_class: str
    """The formatter's class in that module."""

    # The defaults let a type checker read ``Choice("text")`` as the lookup it is; every member
    # names its formatter (the registries' test checks it).
    def __new__(cls, value: str, module: str = "", name: str = "") -> Self:
        """Make the member ``value`` whose formatter is ``module``.``name``."""
        member = str.__new__(cls, value)
        member._value_ = value
        member.formatter_module = module
        member.formatter_class = name
        return member


Choice = TypeVar("Choice", bound=FormatChoice)
Formatter = TypeVar("Formatter")


class Formatters(Mapping[Choice, tuple[str, str]], Generic[Choice, Formatter]):
    """The formats of one command: each choice -> (module, class) of its formatter.

    ``Formatter`` is the interface every class implements; it is a type only, so the interface
    module (often heavy) is not imported to build the table.
    """

    def __init__(self, choices: type[Choice]) -> None:
        """Build the table of the enum ``choices``, whose package holds the format modules.

        Raises TypeError when a member does not name its formatter's module and class.
        """
        missing = [c.name for c in choices if not (c.formatter_module and c.formatter_class)]
        if missing:
            raise TypeError(f"{choices.__name__}: {', '.join(missing)} name no formatter")
        self.package = choices.__module__
        self._table = {c: (c.formatter_module, c.formatter_class) for c in choices}

    def __getitem__(self, choice: Choice) -> tuple[str, str]:
        """Return (module, class) of ``choice``."""
        return self._table[choice]

    def __iter__(self) -> Iterator[Choice]:
        """Iterate over the choices."""
        return iter(self._table)

    def __len__(self) -> int:
        """Return the number of choices."""
        return len(self._table)

    def formatter(self, choice: Choice) -> Formatter:
        """Import the module of ``choice`` and return a new formatter of its class."""
        module, name = self._table[choice]
        return cast(Formatter, getattr(import_module(f"{self.package}.{module}"), name)())
