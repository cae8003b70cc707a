"""Shared test set-up: where the repository and the fixture files are, hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
DOCS = REPO / "docs"
MINIMAL = DATA / "valid" / "minimal.yaml"
SAMPLE = DATA / "scoring" / "sample.yaml"
BRANCHING = DATA / "assess" / "branching.yaml"
REPORT_DATA = DATA / "report"

# CI replays the same examples on every run, so a red build is reproducible and never depends
# on luck; locally every run draws new examples, so the search keeps widening. The example
# database is off in CI (a fresh clone has none) and on locally (it replays what failed).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", derandomize=False)
# By hand before a release: HYPOTHESIS_PROFILE=release .venv/bin/python -m pytest tests/hostile
# runs the hostile-input properties 10,000 times each (they take a fourth of the profile's
# examples, since each runs several commands) and every other property 40,000 times.
settings.register_profile("release", max_examples=40_000, deadline=None, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def case_answers_file(case: Path, target: Path, organisation: str | None = None) -> Path:
    """Write the answers of a bundled format-2 test case to ``target`` as an answers file.

    The file names the bundled questionnaire's version with a placeholder hash (hrdd then
    warns that the hash differs, as for any edited questionnaire). Returns ``target``.
    """
    bundled = REPO / "questionnaires" / "decree-368.yaml"
    version = yaml.safe_load(bundled.read_text(encoding="utf-8"))["version"]
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    answers = {
        "format": 1,
        "questionnaire": {"id": "decree_368", "version": version, "hash": "sha256:" + "0" * 64},
        "organisation": organisation or data["name"],
        "created": "2026-01-15T09:00:00+00:00",
        "updated": "2026-01-15T12:00:00+00:00",
        "answers": {k: {"value": v} for k, v in data["answers"].items()},
    }
    target.write_text(yaml.safe_dump(answers, sort_keys=False), encoding="utf-8")
    return target
