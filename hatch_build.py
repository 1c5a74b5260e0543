"""Build hook: compile the message catalogs (quizapp/locale/*/LC_MESSAGES/quizapp.po) into
the .mo files gettext reads, so an installed quizapp shows its interface translated without
compiling anything at run time. The compiler is quizapp/i18n/catalog.py (stdlib only), loaded
by path: the build environment has only hatchling."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location(
            "quizapp_catalog", root / "quizapp" / "i18n" / "catalog.py"
        )
        assert spec and spec.loader
        catalog = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalog)
        self._out = tempfile.TemporaryDirectory()
        out = Path(self._out.name)
        for mo in catalog.compile_all(root / "quizapp" / "locale", out):
            build_data["force_include"][str(mo)] = f"quizapp/locale/{mo.relative_to(out)}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if hasattr(self, "_out"):
            self._out.cleanup()
