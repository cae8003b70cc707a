"""Write a rendered output to stdout (``-``) or atomically to a file."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from hrdd.errors import UsageError

STDOUT = "-"


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_output(text: str, destination: str) -> None:
    """Write ``text`` to stdout when ``destination`` is ``-``, else atomically to that file.

    The text goes to a temporary file in the destination's folder, is flushed to disk and
    then renamed over the destination, so readers never see half a report.
    """
    if destination == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(destination)
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else _new_file_mode()
        descriptor, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise UsageError(
            f"cannot write {destination}: {exc.strerror or exc}; "
            "check that its folder exists and is writable"
        ) from exc
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(mode)
        temporary.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise UsageError(f"cannot write {destination}: {exc.strerror or exc}") from exc
