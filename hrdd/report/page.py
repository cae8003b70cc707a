"""What every page hrdd renders from templates (a report, a portfolio) carries at its head."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """The head of a rendered page: its language, title, date and profile, and who made it."""

    lang: str
    title: str
    date: str
    profile: str
    hrdd_version: str
