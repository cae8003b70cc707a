"""Write a rendered output to stdout (``-``) or atomically to a file."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from hrdd.atomic import PRIVATE, default_mode, write_atomic
from hrdd.diagnostics import Diagnostic, format_finding
from hrdd.errors import UsageError

STDOUT = "-"


def write_output(text: str, destination: str, *, private: bool = False) -> None:
    """Write ``text`` to stdout when ``destination`` is ``-``, else atomically to that file.

    The text goes to a temporary file in the destination's folder, is flushed to disk and
    then renamed over the destination, so readers never see half a report. A ``private``
    output (one that may hold notes and names) gets mode 0600 whatever was there; any other
    keeps the mode of the file it replaces, or gets the one the umask gives a new file.
    """
    if destination == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(destination)
    if private:
        mode = PRIVATE
    else:
        mode = target.stat().st_mode & 0o7777 if target.exists() else default_mode()
    try:
        write_atomic(target, text.encode("utf-8"), mode=mode)
    except OSError as exc:
        raise UsageError(
            f"cannot write {destination}: {exc.strerror or exc}; "
            "check that its folder exists and is writable"
        ) from exc


def write_warnings(warnings: Iterable[Diagnostic]) -> None:
    """Write warnings about an input to stderr, in the layout of every finding."""
    for warning in warnings:
        sys.stderr.write(format_finding(warning) + "\n")
    sys.stderr.flush()
