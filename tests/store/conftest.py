"""Fixtures for store tests: a real SQLite file in a temp dir and a fixed UTC clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.store.repository import Store

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives."""
    return tmp_path / "quizapp.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A freshly created store, closed after the test."""
    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture
def now() -> datetime:
    """A fixed UTC time: tests never read the real clock."""
    return NOW
