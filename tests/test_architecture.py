"""The layering promises of architecture.md, checked on the real code.

`lint-imports` (contracts in pyproject.toml) checks the layers and the one door per
third-party library; here: that those contracts cover every module and library, that the
services run without the UI, and that the CLI does not pay for the database or Textual
until a command needs them.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"
PYPROJECT = PACKAGE.parent / "pyproject.toml"

# library -> the one part of quizapp allowed to import it. `lint-imports` enforces the doors
# from pyproject's contracts; the test below keeps those contracts in step with this table.
DOORS = {
    "textual": "quizapp.ui",
    "sqlmodel": "quizapp.store",
    "sqlalchemy": "quizapp.store",
    "sqlite3": "quizapp.store",
    "fsrs": "quizapp.scheduler",
    "fsrs_rs_python": "quizapp.scheduler",
    "genanki": "quizapp.export",
    "textual_serve": "quizapp.ui.web",
    "aiohttp": "quizapp.ui.web",
    "aiohttp_jinja2": "quizapp.ui.web",
    "markdownify": "quizapp.importer",
    "bs4": "quizapp.importer",
    "zstandard": "quizapp.importer",
    "watchfiles": "quizapp.services.preview",
}


def contracts() -> list[dict[str, Any]]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return found


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_every_top_level_module_has_a_layer() -> None:
    """import-linter leaves a module named in no layer unchecked, so a new one must get a layer."""
    (layers,) = [c["layers"] for c in contracts() if c["type"] == "layers"]
    layered = {name.strip().strip("()") for layer in layers for name in layer.split("|")}
    modules = {
        f"quizapp.{path.stem if path.is_file() else path.name}"
        for path in PACKAGE.iterdir()
        if (path.suffix == ".py" and path.name != "__init__.py")
        or (path.is_dir() and (path / "__init__.py").is_file())
    }
    assert modules - layered == set()


def test_each_door_library_has_its_contract() -> None:
    """import-linter can only guard a library some contract names, with the right door."""
    imported = {name.split(".")[0] for path in PACKAGE.rglob("*.py") for name in imports_of(path)}
    doors = {
        library: contract["allowed_importers"]
        for contract in contracts()
        if contract["type"] == "protected"
        for library in contract["protected_modules"]
    }
    expected = {library: [door] for library, door in DOORS.items() if library in imported}
    assert {library: doors.get(library) for library in expected} == expected


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
    heavy = {"sqlmodel", "sqlalchemy", "textual", "textual_serve", "aiohttp", "fsrs", "genanki"}
    assert not loaded & (heavy | {"fsrs_rs_python", "pydantic", "yaml"})


@pytest.mark.parametrize(
    "module", ["quizapp.services.study", "quizapp.services.catalog", "quizapp.services.quiz"]
)
def test_services_run_without_the_ui(module: str) -> None:
    if not (PACKAGE / "services").is_dir():
        pytest.fail("quizapp/services is missing")
    assert "textual" not in loaded_after(f"import {module}")


# The first question of `quizapp study`, drawn headless, then the modules loaded are listed.
FIRST_QUESTION = """
import importlib.machinery, json, sys
from quizapp import cjk_wrap

def probe(module):
    show = module.StudyScreen.show
    async def shown(self, question, lang=None):
        await show(self, question, lang)
        def done():
            loaded = sorted({name.split(".")[0] for name in sys.modules})
            print(json.dumps({"loaded": loaded, "cjk": cjk_wrap.word.cache_info().currsize}))
            self.app.exit()
        self.call_after_refresh(done)
    module.StudyScreen.show = shown

class Finder:  # a meta path finder by shape: importlib.abc would load importlib.resources
    def find_spec(self, name, path, target=None):
        if name != "quizapp.ui.screens.study":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            probe(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Finder())
from quizapp.cli import main
main(sys.argv[1:])
"""


def test_the_first_question_loads_no_library_it_does_not_draw(tmp_path: Path) -> None:
    """`quizapp study` up to its first question on screen: the database through sqlite3 alone
    (no SQLModel, SQLAlchemy or pydantic), no FSRS (nothing is scheduled yet), no YAML (the
    pack comes from its cache), no charts, no Markdown parser (the prompt's paragraphs come
    from the cache too), and an English question never compiles the CJK line-breaking
    pattern (bench/startup.py times this path). Nor hashlib, which loads OpenSSL."""
    pack = PACKAGE.parent / "content" / "tcp-handshake"
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(PACKAGE.parent),
        "QUIZAPP_DATA_DIR": str(tmp_path),
        "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
        "LANG": "C.UTF-8",
    }
    args = ["study", "--pack", str(pack), "--db", str(tmp_path / "q.db")]
    run = [sys.executable, "-c", FIRST_QUESTION, *args]
    subprocess.run(run, capture_output=True, text=True, check=True, env=env, timeout=120)
    # the second start is the one timed: the pack comes from its cache, the database exists
    out = subprocess.run(run, capture_output=True, text=True, check=True, env=env, timeout=120)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert "textual" in found["loaded"] and "sqlite3" in found["loaded"]  # the probe saw it drawn
    heavy = {"sqlmodel", "sqlalchemy", "pydantic", "fsrs", "fsrs_rs_python", "yaml", "babel"}
    heavy |= {"textual_plotext", "plotext", "genanki", "markdownify", "watchfiles", "aiohttp"}
    heavy |= {"markdown_it", "pygments"}  # a prompt of paragraphs comes from the pack cache
    heavy |= {"hashlib"}  # OpenSSL's loading: quizapp.digest hashes with CPython's own SHA-256
    assert heavy & set(found["loaded"]) == set()
    assert found["cjk"] == 0
