"""Fixtures of the hostile-input tests; their helpers live in hostile_support."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def shared_folder(tmp_path: Path) -> Path:
    """Return a folder everyone may use (as /tmp is), for tests that switch users."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    # `nobody` must be able to reach it through every parent.
    for parent in [tmp_path, *tmp_path.parents]:
        if parent == Path(parent.anchor):
            break
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)
    return folder
