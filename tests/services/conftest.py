"""Fixtures for service tests (helpers live in study_helpers.py, importable by tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from quizapp.domain.pack import Pack
from tests.services.study_helpers import Clock, write_pack


@pytest.fixture
def clock() -> Clock:
    """A fresh clock at START."""
    return Clock()


@pytest.fixture
def pack_factory(tmp_path: Path) -> Callable[..., Pack]:
    """write_pack bound to a temp folder."""

    def make(pack_id: str, questions: Sequence[tuple[str, Sequence[str]]] | int, **kw: str) -> Pack:
        return write_pack(tmp_path / "packs", pack_id, questions, **kw)

    return make


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    """The session database file."""
    yield tmp_path / "study.db"
