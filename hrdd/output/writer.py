"""Write a command's result to stdout (``-``) or to the file ``-o`` names, safely."""

from __future__ import annotations

import errno
import sys
from collections.abc import Iterable
from pathlib import Path

from hrdd.atomic import RefusedError, real_path, write_file
from hrdd.diagnostics import Diagnostic, format_finding
from hrdd.errors import OutputClosedError, UsageError

STDOUT = "-"


def write_stdout(text: str | bytes) -> None:
    """Write ``text`` to stdout as UTF-8, whatever the locale's encoding says.

    A result redirected with ``>`` is then the same file as one written with ``-o``, and a
    terminal set to another encoding (``LC_ALL=C``, ``PYTHONIOENCODING=latin-1``) shows the
    UTF-8 bytes rather than hrdd failing on the first Cyrillic letter.
    """
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream, such as an embedding application's
            sys.stdout.write(text if isinstance(text, str) else text.decode("latin-1"))
        else:
            buffer.write(_encoded(text))
            buffer.flush()
        sys.stdout.flush()
    except BrokenPipeError:
        raise OutputClosedError("the program reading the output went away") from None


def check_not_input(destination: str, inputs: Iterable[Path], what: str) -> None:
    """Refuse an ``-o`` that names one of the command's input files (or a link to one).

    Raises UsageError: writing the result there would destroy the input.
    """
    if destination == STDOUT or not destination:
        return
    out = Path(destination)
    for path in inputs:
        if _same_file(out, path):
            raise UsageError(
                f"-o {destination} is {what} {path}; writing there would overwrite it. "
                "Choose another output file"
            )


def _same_file(a: Path, b: Path) -> bool:
    if real_path(a) == real_path(b):
        return True
    try:
        return a.samefile(b)
    except (OSError, ValueError):
        return False


def _encoded(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8", errors="replace")


def write_output(text: str | bytes, destination: str, *, private: bool = False) -> None:
    """Write ``text`` (UTF-8 text, or bytes as they are) to stdout for ``-``, else to that file.

    A file is replaced atomically (a reader never sees half of it), through any symbolic
    link, with mode 0600 when ``private``, else keeping an existing file's mode. Terminals,
    character devices and FIFOs are written into, never replaced. Raises UsageError naming
    what went wrong.
    """
    if destination == STDOUT:
        write_stdout(text)
        return
    if not destination:
        raise UsageError("-o '': an empty file name; name a file, or - for stdout")
    try:
        write_file(
            Path(destination),
            _encoded(text),
            mode=0o600 if private else None,
            devices=True,
        )
    except OSError as exc:
        raise UsageError(f"cannot write {destination}: {_reason(exc)}") from exc


def _reason(exc: OSError) -> str:
    """Say why a write failed, with what to check when the system's words are all there is."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, RefusedError):
        return reason
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"{reason}; check that its folder exists"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{reason}; check that its folder is writable"
    if exc.errno == errno.ELOOP:
        return f"{reason}: the symbolic links in this path form a loop"
    return reason


def write_warnings(warnings: Iterable[Diagnostic]) -> None:
    """Write warnings about an input to stderr, in the layout of every finding."""
    for warning in warnings:
        sys.stderr.write(format_finding(warning) + "\n")
    sys.stderr.flush()
