"""Writing files safely: atomic replacement of real files, never of devices, pipes or links.

What a path names decides how it is written (see docs/security.md):

- a regular file, or a name that does not exist yet: a temporary file in the same folder is
  written, fsynced and renamed over it, so a reader sees the old file or the new one;
- a symbolic link: followed to the file it names, which is replaced as above; the link stays;
- a character device or a FIFO (a terminal, ``/dev/null``, a named pipe, ``/dev/stdout``):
  written through, never replaced (a rename would put a regular file in its place);
- a folder, a block device or a socket: refused.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

PRIVATE = 0o600
"""Mode of every file that may hold answers, notes or names: readable by its owner only."""

_TEMPORARY_SUFFIX = ".tmp"
# mkstemp's names: the prefix, eight characters of this alphabet, the suffix.
_RANDOM_PART = r"[a-z0-9_]{8}"


class RefusedError(OSError):
    """hrdd does not write to what this path names; ``strerror`` says what it is and why."""


def default_mode() -> int:
    """Return the mode a new file gets from the current umask (as ``open`` would give it)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def os_reason(error: OSError) -> str:
    """Say why an operating-system call failed, in words (a loop of links said as such)."""
    if error.errno == errno.ELOOP:
        return "the symbolic links in this path form a loop"
    return error.strerror or str(error)


def real_path(path: Path) -> Path:
    """Return ``path`` with every symbolic link resolved, without raising on a loop.

    A loop is left in the result as it is; the next system call on it fails with ELOOP,
    which callers report like any other unreadable or unwritable path.
    """
    return Path(os.path.realpath(path))


@dataclass(frozen=True)
class Target:
    """Where and how a write to a path the user named goes."""

    path: Path
    """The file written: the real file behind any symbolic links."""
    through: bool
    """Write into the open file (a device, a pipe) instead of replacing it."""
    existing: os.stat_result | None
    """The file's status before the write, or None for a new file."""


def file_kind(mode: int) -> str:
    """Say what kind of file a mode describes: `a FIFO (named pipe)`, `a socket`..."""
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    return "not a regular file"


# A process's table of open files: /dev/stdout is a link into it (/proc/self/fd/1).
_OPEN_FILES = re.compile(r"/proc/[^/]+(?:/task/[^/]+)?/fd\Z")


def _names_an_open_file(path: Path) -> bool:
    """Tell whether ``path`` leads, through links, to an open file: /dev/stdout, /dev/fd/N.

    Such a link names the file a process has open (a shell's redirection, a pipe): writing
    into it is what the user means, and replacing whatever real file it points at is not (a
    log opened with `>>` would lose its contents).
    """
    current = path.absolute()
    for _ in range(40):
        folder = real_path(current.parent)
        if _OPEN_FILES.match(str(folder)):
            return True
        try:
            link = current.readlink()
        except OSError:
            return False
        current = folder / link
    return False


def target(path: Path, *, devices: bool) -> Target:
    """Decide how to write ``path``: the real file to replace, or the device to write through.

    With ``devices`` false (answers files), anything but a regular file is refused.
    Raises OSError (RefusedError for what hrdd will not write) naming the problem.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        # A new file, or a link to a file that does not exist yet: create the link's target,
        # as a shell's `>` would, so the link keeps pointing where its owner meant.
        return Target(real_path(path), through=False, existing=None)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "this is a folder; name a file in it")
    if _names_an_open_file(path):
        if not devices:
            raise RefusedError(errno.EINVAL, "this names a file a process has open, not a file")
        return Target(path, through=True, existing=info)
    if stat.S_ISREG(info.st_mode):
        real = real_path(path)
        try:
            same = real.stat()
        except OSError:
            same = None
        if same is not None and (same.st_dev, same.st_ino) == (info.st_dev, info.st_ino):
            return Target(real, through=False, existing=info)
        # A link whose target has no name of its own (/dev/stdout redirected to a file is
        # /proc/self/fd/1): only writing into it reaches that file.
        if not devices:
            raise RefusedError(errno.EINVAL, "this file has no name of its own to replace")
        return Target(path, through=True, existing=info)
    if devices and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        return Target(path, through=True, existing=info)
    kind = file_kind(info.st_mode)
    if devices:
        raise RefusedError(
            errno.EINVAL,
            f"this is {kind}; hrdd writes regular files, terminals, character devices and "
            "FIFOs only",
        )
    raise RefusedError(errno.EINVAL, f"this is {kind}, not a regular file")


def write_file(path: Path, data: bytes, *, mode: int | None = PRIVATE, devices: bool) -> Path:
    """Write ``data`` to what ``path`` names, the safe way for its kind (see the module doc).

    ``mode`` is the mode of a replaced or created file; None keeps an existing file's mode
    and gives a new one the umask's. With ``devices`` false, anything but a regular file (or
    a link to one) is refused. Returns the path of the file written. Raises OSError (and
    RefusedError) for the caller to turn into a message; a failed write leaves the old file.
    """
    where = target(path, devices=devices)
    if where.through:
        reopened = where.existing is not None and stat.S_ISREG(where.existing.st_mode)
        _write_through(where.path, data, append=reopened)
        return where.path
    if mode is None:
        mode = stat.S_IMODE(where.existing.st_mode) if where.existing else default_mode()
    write_atomic(where.path, data, mode=mode)
    return where.path


def _write_through(path: Path, data: bytes, *, append: bool) -> None:
    """Write ``data`` into an existing device, pipe or open file, without creating anything."""
    flags = os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC | (os.O_APPEND if append else 0)
    fd = os.open(path, flags)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = PRIVATE) -> None:
    """Write ``data`` to the regular file ``path`` through a temporary file in the same folder.

    The temporary file is created with ``mode`` before anything is written (so a private file
    is never readable by others, not even for a moment), locked while it is written, flushed,
    fsynced and renamed over ``path``; then the folder is fsynced so the rename survives a
    crash. On any failure the temporary file is removed and ``path`` is left as it was.
    Temporaries of earlier writes to ``path`` that were killed before they finished (no
    process holds their lock) are removed first. Raises OSError for the caller to turn into
    a message.
    """
    folder = path.parent if str(path.parent) else Path()
    prefix = f".{path.name}."
    _remove_abandoned(folder, prefix)
    fd, temporary = _locked_temporary(folder, prefix)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    _fsync_folder(folder)


def _locked_temporary(folder: Path, prefix: str) -> tuple[int, Path]:
    """Create a temporary file and lock it, held until the rename that ends the write.

    Another write to the same file removes only temporaries that nobody holds; should it take
    ours in the instant between creating and locking it, a new one is made.
    """
    for _ in range(10):
        fd, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=_TEMPORARY_SUFFIX)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if Path(name).lstat().st_ino == os.fstat(fd).st_ino:
                return fd, Path(name)
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(fd)
            Path(name).unlink(missing_ok=True)
            raise
        os.close(fd)
    raise OSError(errno.EAGAIN, "temporary files in this folder keep disappearing; try again")


def _remove_abandoned(folder: Path, prefix: str) -> None:
    """Remove temporaries ``<prefix>XXXXXXXX.tmp`` that no running write holds locked."""
    pattern = re.compile(re.escape(prefix) + _RANDOM_PART + re.escape(_TEMPORARY_SUFFIX) + r"\Z")
    try:
        stale_files = [p for p in folder.iterdir() if pattern.match(p.name)]
    except OSError:
        return
    for stale in stale_files:
        with contextlib.suppress(OSError):
            fd = os.open(stale, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    continue
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                # Still the file we locked (not one a new write just created under the name).
                if stale.lstat().st_ino == os.fstat(fd).st_ino:
                    stale.unlink()
            finally:
                os.close(fd)


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
