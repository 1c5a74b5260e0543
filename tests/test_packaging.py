"""A plain (non-editable) install must carry the shipped packs: the Quick start depends on it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_ships_the_content_packs(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("quizapp-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        p.relative_to(REPO / "content").as_posix()
        for p in (REPO / "content").rglob("*")
        if p.is_file()
    }
    assert shipped, "content/ holds no packs"
    missing = sorted(
        f"quizapp/_content/{rel}" for rel in shipped if f"quizapp/_content/{rel}" not in names
    )
    assert missing == []
    assert "quizapp/packs/templates/examples.md" in names
    assert "quizapp/cli/__init__.py" in names
    assert "quizapp/ui/web/index.html" in names  # the page of `quizapp serve`
    # the build hook compiled the message catalogs (.mo files are not in git)
    assert {
        "quizapp/locale/zh_CN/LC_MESSAGES/quizapp.mo",
        "quizapp/locale/en/LC_MESSAGES/quizapp.mo",
    } <= names
    assert "quizapp/locale/zh_CN/LC_MESSAGES/quizapp.po" in names
