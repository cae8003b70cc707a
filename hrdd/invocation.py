"""Commands printed for the user to run: named the way this user can run them, here.

A bare ``hrdd`` fails after ``bash scripts/assess`` (hrdd lives in ``.venv/bin``, not on
PATH), so every command hrdd prints in the terminal starts with the executable as it was
invoked: its name when that name finds the same program on PATH, its full path otherwise,
or ``python -m hrdd`` when run as a module. Reports keep the plain ``hrdd ...``: a full path
differs between machines and would leak folder names into a shared document.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

PLAIN = "hrdd"
"""The executable named in reports, where the reader's machine is unknown."""


def executable(argv0: str | None = None) -> str:
    """Return how to start hrdd in this terminal, quoted for a POSIX shell."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    name = Path(argv0).name
    if not argv0 or name in {"__main__.py", "-m", "-c"} or name.endswith(".py"):
        return f"{shlex.quote(sys.executable)} -m hrdd"
    on_path = shutil.which(name)
    if os.sep not in argv0 and on_path is not None:
        return shlex.quote(name)
    full = Path(argv0).absolute()
    if on_path is not None and _same(Path(on_path), full):
        return shlex.quote(name)
    return shlex.quote(str(full))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def shown_path(path: Path) -> str:
    """Return ``path`` for a printed command: relative to the current folder when inside it."""
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        shown = path.absolute()
    return shlex.quote(str(shown))


def needs_questionnaire(questionnaire: Path | None) -> bool:
    """Tell whether a printed command must name ``questionnaire`` with ``-q``.

    Commands find a bundled questionnaire by the id the answers file names; any other
    questionnaire must be named.
    """
    if questionnaire is None:
        return False
    from hrdd.catalog import bundled_questionnaires

    try:
        wanted = questionnaire.resolve()
        return all(p.resolve() != wanted for p in bundled_questionnaires())
    except OSError:
        return True


def command(
    verb: str, *args: str | Path, questionnaire: Path | None = None, plain: bool = False
) -> str:
    """Return a runnable command line: the executable, ``verb``, then ``args`` quoted.

    Paths are shown relative to the current folder when inside it. ``questionnaire`` adds
    ``-q FILE`` when it is not a bundled questionnaire (``assess`` takes it as an argument).
    ``plain`` names the executable ``hrdd``, for reports read on other machines.
    """
    parts = [PLAIN if plain else executable(), verb]
    if needs_questionnaire(questionnaire):
        assert questionnaire is not None
        shown = shown_path(questionnaire)
        parts.extend([shown] if verb == "assess" else ["-q", shown])
    parts.extend(shown_path(a) if isinstance(a, Path) else shlex.quote(a) for a in args)
    return " ".join(parts)
