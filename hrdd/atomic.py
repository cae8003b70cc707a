"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE = 0o600
"""Mode of every file that may hold answers, notes or names: readable by its owner only."""


def default_mode() -> int:
    """Return the mode a new file gets from the current umask (as ``open`` would give it)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, *, mode: int = PRIVATE) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The temporary file is created with ``mode`` before anything is written (so a private file
    is never readable by others, not even for a moment), flushed, fsynced and renamed over
    ``path``; then the folder is fsynced so the rename survives a crash. On any failure the
    temporary file is removed and ``path`` is left as it was. Raises OSError for the caller
    to turn into a message.
    """
    folder = path.parent if str(path.parent) else Path()
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entry table so a rename inside it is durable."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without folder handles
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(dir_fd)
