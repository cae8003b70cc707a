"""The one interface every `hrdd report` output format implements."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from hrdd.errors import UsageError
from hrdd.report.options import ReportFormat


@dataclass(frozen=True)
class Finished:
    """What a format makes of the rendered templates: the data to write and how to name it."""

    data: str | bytes
    what: str
    """Said after "hrdd: wrote FILE", e.g. ``PDF, 3 pages``."""
    warning: str | None = None
    """Something the reader of the output should know, e.g. that a PDF has no footer."""


class ReportFormatter:
    """One ``--format`` of `hrdd report`: which templates render it, what becomes of their text.

    The report (or the portfolio) is rendered from the templates of ``templates``; ``finish``
    turns that text into what is written. Formatters return data; only the command writes.
    """

    title: ClassVar[str]
    """The format's name in messages: ``Markdown``, ``HTML``, ``PDF``."""
    templates: ClassVar[ReportFormat]
    """The template format rendered for it."""
    portfolio: ClassVar[bool] = True
    """Whether the portfolio overview (a folder of answers files) can be written in it."""

    def check(self, output: str, browser: Path | None) -> None:
        """Refuse, before any work is done, options this format cannot honour.

        Raises UsageError (or the format's own HrddError) saying what to do instead.
        """
        if browser is not None:
            raise UsageError("--browser is for --format pdf; leave it out or add --format pdf")

    def finish(self, text: str) -> Finished:
        """Return what to write for the rendered templates' ``text``."""
        return Finished(text, self.title)
