"""The README's Quick start is the contract with a new user: exactly two one-line commands."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```[a-z]*\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1, "Quick start must hold exactly one code block"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_quick_start_has_two_one_line_commands() -> None:
    install_and_study, run_tests = quick_start_commands()
    assert "quizapp study" in install_and_study and "tcp-handshake" in install_and_study
    assert "pip install ." in install_and_study
    assert "'.[test]'" in run_tests
    # Plain pytest, not `python -m pytest` (which would hide a missing `pythonpath`), in
    # parallel with pytest-xdist.
    assert re.search(r"(^| )\.venv-test/bin/pytest -n (auto|\d+)$", run_tests), run_tests
    assert not install_and_study.endswith("\\") and not run_tests.endswith("\\")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    extract = re.search(r"test_cmd=\$\((.*)\)\n", script)
    assert extract, ".ci/run must take its test command from the README"
    found = subprocess.run(
        ["bash", "-c", extract.group(1)], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout.strip()
    assert found == quick_start_commands()[1]
    assert "exit 5" in script or "-eq 5" in script


def test_the_chinese_quick_start_gives_the_same_two_commands() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## 快速开始", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```[a-z]*\n(.*?)```", section, flags=re.S)
    assert [line for line in block.splitlines() if line.strip()] == quick_start_commands()
