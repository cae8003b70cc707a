"""Spelling suggestions for unknown keys, ids and values ("did you mean `title`?")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def _normal(word: str) -> str:
    return word.casefold().replace("-", "_").replace(" ", "_")


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to ``word``, or None when none is close enough.

    Case and the difference between ``-``, ``_`` and spaces are ignored first; then the
    closest spelling by :func:`difflib.get_close_matches` wins. ``word`` itself is never
    suggested.
    """
    options = [c for c in dict.fromkeys(candidates) if c != word]
    if not options:
        return None
    wanted = _normal(word)
    for option in options:
        if _normal(option) == wanted:
            return option
    by_normal: dict[str, str] = {}
    for option in options:
        by_normal.setdefault(_normal(option), option)
    close = difflib.get_close_matches(wanted, list(by_normal), n=1, cutoff=0.6)
    return by_normal[close[0]] if close else None


def did_you_mean_hint(word: str, candidates: Iterable[str]) -> str | None:
    """Return the hint every command gives for a near miss: "did you mean `x`?", or None."""
    return hint_for(did_you_mean(word, candidates))


def hint_for(suggestion: str | None) -> str | None:
    """Return "did you mean `x`?" for a suggestion found by :func:`did_you_mean`, or None."""
    return f"did you mean `{suggestion}`?" if suggestion else None
