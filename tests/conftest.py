"""Hypothesis profiles: a small fixed run in CI, a long one by hand before a release.

Choose one with HYPOTHESIS_PROFILE:

- ``ci``: what CI runs (chosen when CI=true): hypothesis's usual 100 examples, derandomized,
  so every run tries the same inputs and the suite stays within its time budget;
- ``dev`` (the default elsewhere): as many, random, remembering the failures found;
- ``release``: 40,000 examples, run by hand before a release, e.g.
  ``HYPOTHESIS_PROFILE=release .venv/bin/python -m pytest tests/hostile``.

Tests that set their own ``max_examples`` keep it in every profile; the hostile-input
properties, which run several commands per example, take a fourth of the profile's (25 in
CI, 10,000 in a release run).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("dev")
settings.register_profile("release", max_examples=40_000, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)
