"""One sitting per answers file: an advisory lock on a sidecar file beside it.

The answers file itself cannot carry the lock: every save replaces it by rename, and a lock
belongs to the replaced inode. So the lock is `flock(LOCK_EX | LOCK_NB)` on `.<name>.lock`
in the same folder (mode 0600), holding the pid, respondent and start time of the sitting
that took it. The kernel drops a flock when its process ends, however it ends (`kill -9`
included), so a lock file left behind never blocks the next sitting.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from hrdd.atomic import file_kind
from hrdd.errors import InputError


def lock_path(answers_path: Path) -> Path:
    """Return the lock file of an answers file: ``.<name>.lock`` in the same folder."""
    return answers_path.with_name(f".{answers_path.name}.lock")


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as written in the lock file (fields may be empty)."""

    pid: str = ""
    respondent: str = ""
    started: str = ""
    host: str = ""
    command: str = ""

    def to_text(self) -> str:
        """Return the lock file's text: one `key: value` line per field."""
        lines = [f"{key}: {value}" for key, value in vars(self).items()]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_text(cls, text: str) -> Holder:
        """Read what :meth:`to_text` wrote; unknown or missing keys are ignored."""
        found: dict[str, str] = {}
        for line in text.splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() in cls.__dataclass_fields__:
                found[key.strip()] = " ".join(value.split())
        return cls(**found)


class SittingLockedError(InputError):
    """Another sitting holds the answers file; its message says who and what to do."""

    def __init__(
        self, answers_path: Path, holder: Holder, questionnaire: Path | None = None
    ) -> None:
        """Build the message from the answers file and the holder found in the lock file.

        The commands it suggests are runnable as printed (see :mod:`hrdd.invocation`);
        ``questionnaire`` is named in them when it is not a bundled one.
        """
        from hrdd.invocation import command

        self.answers_path = answers_path
        self.holder = holder
        who = holder.respondent or "someone"
        where = f"process {holder.pid}" if holder.pid else "another process"
        if holder.host and holder.host != socket.gethostname():
            where += f" on {holder.host}"
        since = f" since {holder.started}" if holder.started else ""
        # A lock file written before the command was recorded names none.
        what = holder.command or "assess, plan, signoff or merge"
        super().__init__(
            f"{answers_path}: another hrdd sitting ({what}) has this "
            f"answers file open ({who}, {where}{since}).\n"
            "Two sittings on one file would overwrite each other's answers. Finish or quit "
            "that sitting first (Ctrl-C saves and quits), or use another --answers file.\n"
            "Reading needs no lock; these work meanwhile:\n"
            f"  {command('score', answers_path, questionnaire=questionnaire)}\n"
            f"  {command('report', answers_path, questionnaire=questionnaire)}\n"
            f"The lock ({lock_path(answers_path)}) goes when that process "
            "ends, even if it is killed; there is nothing to delete by hand."
        )


class SittingLock:
    """The advisory lock of one interactive sitting on an answers file.

    Use as a context manager, or call :meth:`release`. The lock file is removed on
    release; a lock file left by a process that died holds no lock and is reused.
    """

    def __init__(self, answers_path: Path, fd: int, holder: Holder) -> None:
        """Wrap an open, locked lock file; use :func:`acquire` to make one."""
        self.answers_path = answers_path
        self.path = lock_path(answers_path)
        self.holder = holder
        self._fd: int | None = fd

    def update(self, *, respondent: str) -> None:
        """Record the respondent once known (asked after the lock was taken)."""
        if self._fd is None:
            return
        self.holder = replace(self.holder, respondent=respondent)
        _write(self._fd, self.holder)

    def release(self) -> None:
        """Remove the lock file and drop the lock; calling it again does nothing."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # Unlink while still holding the lock: a sitting that opened the old file in
        # between sees that its file is gone after locking it, and starts over.
        with contextlib.suppress(OSError):
            if _same_file(fd, self.path):
                self.path.unlink()
        os.close(fd)

    def __enter__(self) -> SittingLock:
        """Return the lock itself."""
        return self

    def __exit__(self, *_: object) -> None:
        """Release the lock."""
        self.release()


def acquire(
    answers_path: Path,
    *,
    respondent: str | None,
    started: str,
    questionnaire: Path | None = None,
    command: str = "",
) -> SittingLock:
    """Take the sitting lock of ``answers_path`` without waiting.

    Raises :class:`SittingLockedError` naming the holder when another sitting (another
    process, or another open of the file in this one) holds it, and InputError when the lock
    file cannot be created or used. ``command`` (assess, plan, signoff, merge) is written in
    the lock file, so that a refused sitting is told which command holds it. The lock file is
    never followed through a link; one left by another user's sitting that has ended is
    replaced where the folder allows.
    """
    path = lock_path(answers_path)
    holder = Holder(str(os.getpid()), respondent or "", started, socket.gethostname(), command)
    for _ in range(10):
        fd = _open(path, answers_path)
        try:
            taken = _take(fd, path, answers_path, questionnaire)
        except BaseException:
            os.close(fd)
            raise
        if taken:
            os.fchmod(fd, 0o600)
            _write(fd, holder)
            return SittingLock(answers_path, fd, holder)
        # The file was removed or replaced between our open and our lock: try the new one.
        os.close(fd)
    raise InputError(f"cannot lock {answers_path}: {path} keeps changing; try again")


def _open(path: Path, answers_path: Path) -> int:
    """Open (or create, mode 0600) the lock file, never through a symbolic link."""
    flags = os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        return os.open(path, flags | os.O_RDWR | os.O_CREAT, 0o600)
    except PermissionError:
        try:  # another user's lock file: enough to see whether a sitting holds it
            return os.open(path, flags | os.O_RDONLY)
        except OSError as exc:
            problem = exc
    except OSError as exc:
        problem = exc
    if problem.errno == errno.ELOOP:
        raise InputError(
            f"cannot lock {answers_path}: {path} is a symbolic link, which hrdd never follows "
            "for its lock file; remove it"
        ) from problem
    raise InputError(
        f"cannot lock {answers_path}: {problem.strerror or problem} ({path}); check that the "
        "folder exists and is writable"
    ) from problem


def _take(fd: int, path: Path, answers_path: Path, questionnaire: Path | None) -> bool:
    """Lock the open lock file; return False when ``path`` no longer names it.

    Raises SittingLockedError when a sitting holds it, InputError when it is not a lock file
    or belongs to another user and cannot be replaced.
    """
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"cannot lock {answers_path}: {path} is {file_kind(info.st_mode)}, not a lock "
            "file; remove it"
        )
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SittingLockedError(answers_path, _read(fd), questionnaire) from None
    except OSError as exc:
        raise InputError(
            f"cannot lock {answers_path}: {exc.strerror or exc} ({path}); the file system "
            "may not support locks"
        ) from exc
    if not _same_file(fd, path):
        return False
    if info.st_uid == os.geteuid():
        return True
    # Another user's sitting left it and has ended (we hold its lock): put ours in its place.
    try:
        path.unlink()
    except OSError as exc:
        raise InputError(
            f"cannot lock {answers_path}: the lock file {path} belongs to another user and "
            f"cannot be replaced ({exc.strerror or exc}). No sitting holds it: ask its owner "
            "or an administrator to delete it, or use another --answers file"
        ) from exc
    return False


def _same_file(fd: int, path: Path) -> bool:
    """Tell whether ``path`` still names the file open as ``fd``."""
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _write(fd: int, holder: Holder) -> None:
    data = holder.to_text().encode("utf-8")
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)
    with contextlib.suppress(OSError):
        os.fsync(fd)


def _read(fd: int) -> Holder:
    chunks: list[bytes] = []
    offset = 0
    while chunk := os.pread(fd, 4096, offset):
        chunks.append(chunk)
        offset += len(chunk)
        if offset > 65536:
            break
    return Holder.from_text(b"".join(chunks).decode("utf-8", errors="replace"))
