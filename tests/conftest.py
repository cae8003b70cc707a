"""Shared test set-up: where the repository and the fixture files are, hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
