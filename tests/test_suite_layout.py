"""The test tree is one package, so plain `pytest`, xdist workers and mypy all name each test
module the same way (`tests.store.test_db`), and two folders may both hold a `helpers.py`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def test_every_test_folder_is_a_package() -> None:
    folders = {p.parent for p in TESTS.rglob("*.py") if "__snapshots__" not in p.parts}
    missing = sorted(
        str(f.relative_to(TESTS.parent)) for f in folders if not (f / "__init__.py").is_file()
    )
    assert missing == []


@pytest.mark.slow
def test_plain_pytest_collects_from_anywhere(tmp_path: Path) -> None:
    """Run from another folder with no PYTHONPATH: quizapp and the `tests.` helpers must still
    import (the services tests once imported `study_helpers` only via pytest's rootdir hack)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    folders = [str(TESTS / name) for name in ("services", "store", "export")]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            *folders,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    summary = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ tests collected in [\d.]+s( \(.*\))?", summary), summary
