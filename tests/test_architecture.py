"""The layering promises of architecture.md, checked on the real code.

One door per third-party library, services without the UI, and a CLI that does not pay
for the database or Textual until a command needs them.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"

# library -> the only places (module path prefixes) allowed to import it
DOORS = {
    "textual": ("quizapp/ui/",),
    "sqlmodel": ("quizapp/store/",),
    "sqlalchemy": ("quizapp/store/",),
    "fsrs": ("quizapp/scheduler.py",),
    "genanki": ("quizapp/export/",),
}
UI_IMPORTERS = ("quizapp/ui/", "quizapp/cli/")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_each_library_has_one_door() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        for name in imports_of(path):
            top = name.split(".")[0]
            allowed = DOORS.get(top)
            if allowed and not rel.startswith(allowed):
                offenders.append(f"{rel} imports {name}")
            if name.startswith("quizapp.ui") and not rel.startswith(UI_IMPORTERS):
                offenders.append(f"{rel} imports {name}")
    assert offenders == []


def loaded_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    ).stdout
    return {name.split(".")[0] for name in json.loads(out)}


def test_cli_import_is_light() -> None:
    loaded = loaded_after("import quizapp.cli")
    assert not loaded & {"sqlmodel", "sqlalchemy", "textual", "fsrs", "genanki", "pydantic", "yaml"}


@pytest.mark.parametrize(
    "module", ["quizapp.services.study", "quizapp.services.catalog", "quizapp.services.quiz"]
)
def test_services_run_without_the_ui(module: str) -> None:
    if not (PACKAGE / "services").is_dir():
        pytest.fail("quizapp/services is missing")
    assert "textual" not in loaded_after(f"import {module}")
