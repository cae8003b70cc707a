"""Locate the questionnaires and templates that ship with hrdd.

In a built wheel they live at ``hrdd/_data/``; in a source checkout they are the top-level
``questionnaires/`` and ``templates/`` folders.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_QUESTIONNAIRE = "decree-368.yaml"


def _data_dir(name: str) -> Path:
    packaged = Path(str(resources.files("hrdd"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name


def questionnaires_dir() -> Path:
    """Return the folder of bundled questionnaires."""
    return _data_dir("questionnaires")


def templates_dir() -> Path:
    """Return the folder of bundled report templates."""
    return _data_dir("templates")


def compiled_templates_dir() -> Path | None:
    """Return the bundled templates as compiled when the wheel was built, or None without.

    Only a built wheel has them (``hrdd/_data/compiled/``); a source checkout or an editable
    install compiles the templates in memory.
    """
    compiled = Path(str(resources.files("hrdd"))) / "_data" / "compiled"
    return compiled if compiled.is_dir() else None


def default_questionnaire() -> Path:
    """Return the path of the bundled Decree 368 questionnaire."""
    return questionnaires_dir() / DEFAULT_QUESTIONNAIRE


def bundled_questionnaires() -> list[Path]:
    """Return every bundled questionnaire file (test-case folders are not questionnaires)."""
    return sorted(questionnaires_dir().glob("*.yaml"))
