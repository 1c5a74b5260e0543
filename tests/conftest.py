"""Shared fixtures: every test runs with its own data dir, so nothing touches the user's files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point QUIZAPP_DATA_DIR (database, user packs, cache) at a fresh temp dir, and
    PYTHONPATH at this checkout."""
    data = tmp_path_factory.mktemp("quizapp-data")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(data))
    # Processes the tests start import the quizapp under test, as pytest itself does
    # (`pythonpath` in pyproject.toml), not whichever one is installed.
    path = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO), *([path] if path else [])]))
    monkeypatch.delenv("QUIZAPP_DB", raising=False)
    return data


@pytest.fixture(autouse=True)
def english_interface(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The interface in English unless a test chooses otherwise: the machine's locale
    (LANG=zh_CN.UTF-8 on a Chinese desktop) would otherwise pick the language, and a test
    that switched to Chinese would leave it on for the next test in the same worker."""
    from quizapp import i18n

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language("en")
    yield
    i18n.set_language("en")
