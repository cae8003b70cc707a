"""The choices of `hrdd report`, light enough for the CLI to import at start-up."""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    """The formats the report templates are written in."""

    MARKDOWN = "markdown"
    HTML = "html"


class Profile(StrEnum):
    """Who the report is for: the company itself, or readers outside it."""

    INTERNAL = "internal"
    SHAREABLE = "shareable"
