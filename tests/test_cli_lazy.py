"""The command line imports a command's module only when that command runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from quizapp.cli import cli
from quizapp.cli.lazy import LAZY_COMMANDS

ROOT = Path(__file__).resolve().parent.parent


def cli_modules_after(statement: str) -> set[str]:
    code = (
        "import json, sys; from quizapp.cli import cli; "
        f"{statement}; "
        "print(json.dumps([m for m in sys.modules if m.startswith('quizapp.cli.')]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return set(json.loads(out))


def test_the_group_imports_no_command_module() -> None:
    assert cli_modules_after("pass") == {
        "quizapp.cli.lazy",
        "quizapp.cli.options",
        "quizapp.cli.translate",
    }


def test_asking_for_study_imports_only_its_module() -> None:
    import_study = "import click; cli.get_command(click.Context(cli), 'study')"
    assert cli_modules_after(import_study) == {
        "quizapp.cli.lazy",
        "quizapp.cli.options",
        "quizapp.cli.translate",
        "quizapp.cli.study",
    }


def test_every_listed_command_loads_under_its_own_name() -> None:
    loaded = cli.load_all()
    assert [command.name for command in loaded] == sorted(LAZY_COMMANDS)
    assert all(cli.commands[command.name or ""] is command for command in loaded)
