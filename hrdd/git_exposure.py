"""Whether a file hrdd writes would be picked up by ``git add -A``: inside a work tree, not ignored.

An answers file is a record that can be seized, and a report names the organisation and its
weak points; one ``git add -A`` would share either with everyone who can read the
repository. hrdd never reads or runs anything from the repository: it finds the work tree by
looking for ``.git`` above the file and asks ``git check-ignore`` (a local, read-only git
command; no hooks, no network) whether the file is ignored. Without git, a file inside a
work tree counts as not ignored: the warning errs on the side of caution.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Exposure:
    """A file that would land in a git work tree where nothing ignores it."""

    path: Path
    work_tree: Path

    def warning(self) -> str:
        """Return the warning to show, naming the file and the repository."""
        return (
            f"{self.path} is inside the git work tree {self.work_tree}, and no .gitignore "
            "there covers it: one `git add -A` would commit it and share it with everyone "
            "who can read that repository. Keep answers and reports outside repositories "
            "(or add the file to .gitignore)."
        )


def work_tree_of(path: Path) -> Path | None:
    """Return the folder holding ``.git`` (folder or file) above ``path``, or None."""
    try:
        folder = path.absolute().parent.resolve()
    except OSError:
        return None
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def exposure(path: Path) -> Exposure | None:
    """Return the exposure of ``path`` when git would pick it up; None when it is safe."""
    tree = work_tree_of(path)
    if tree is None:
        return None
    return None if _ignored(path, tree) else Exposure(path, tree)


def _ignored(path: Path, tree: Path) -> bool:
    git = shutil.which("git")
    if git is None:
        return False
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GIT_") or key in {"GIT_CONFIG_NOSYSTEM"}
    }
    try:
        target = path.absolute().parent.resolve() / path.name
        done = subprocess.run(  # noqa: S603 - a fixed git command, no shell
            [git, "-c", "core.fsmonitor=false", "check-ignore", "-q", "--", str(target)],
            cwd=tree,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
