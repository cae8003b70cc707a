"""Wheel build hook: ship the bundled report templates compiled by Jinja.

`hrdd.report.env.make_env` loads them with Jinja's `ModuleLoader`, so a report does not
compile its templates on every run. Editable installs leave them out: a source checkout
compiles the templates in memory, and so always shows the templates as they are edited.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledTemplates(BuildHookInterface):
    """Compile `templates/` into `hrdd/_data/compiled/<format>/` of the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the templates into a temporary folder that the wheel includes."""
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            from hrdd.report.env import compile_bundled
        finally:
            sys.path.remove(str(root))
        self._compiled = Path(tempfile.mkdtemp(prefix="hrdd-templates-"))
        compile_bundled(root / "templates", self._compiled)
        build_data["force_include"][str(self._compiled)] = "hrdd/_data/compiled"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary folder."""
        compiled = getattr(self, "_compiled", None)
        if compiled is not None:
            shutil.rmtree(compiled, ignore_errors=True)
