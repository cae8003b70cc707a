"""The one shape of every command's output formats: a StrEnum and a table of formatters.

Each command's formats live in one package under ``hrdd/output/``: an ``interface`` module with
the abstract formatter, one module per format, and in ``__init__`` a ``StrEnum`` of the
``--format`` choices whose ``formatter()`` looks its member up in a ``FORMATTERS`` table of
(module, class). A format's module is imported only when it is chosen, so start-up does not
pay for the others (rich, XML, JSON encoders). A test checks every table against its enum.
"""

from __future__ import annotations

from importlib import import_module


def load_formatter(package: str, entry: tuple[str, str]) -> object:
    """Import ``package.<module>`` of ``entry`` = (module, class) and return a new formatter."""
    module, name = entry
    formatter: object = getattr(import_module(f"{package}.{module}"), name)()
    return formatter
