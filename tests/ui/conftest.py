"""UI fixtures: a fixed clock, a seeded shuffle, a temp database, no cursor blink."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from quizapp.ui.app import QuizApp
from quizapp.ui.factory import create_app
from quizapp.ui.widgets.footer import Footer, FooterItem

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "packs" / "ui-sample"
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


async def press_through(pilot: Any, keys: tuple[str, ...]) -> None:
    """Press each key after the app settles, then wait for its workers and one more frame."""
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def footer_keys(screen: Any) -> list[FooterItem]:
    """The keys the screen's footer draws, left to right (the palette's last), each checked
    against the drawn line: its key and description are at its columns, in its row."""
    footer: Footer = screen.query_one(Footer)
    assert footer.region.height == 1 and footer.region.y == screen.size.height - 1
    line = footer.render_line(0)
    items = footer.items()
    for item in items:
        drawn = line.crop(item.start, item.end).text
        expected = (
            f"{item.key_display} {item.description}" if item.description else item.key_display
        )
        assert drawn == expected, (drawn, item)
    return items


def still_on(app: QuizApp, screen: object) -> bool:
    """`app.screen is screen`, without mypy narrowing `screen` to App.screen's Screen[object]
    (which would hide the QuestionScreen attributes the test reads next)."""
    return app.screen is screen


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots flaky."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database file per test."""
    return tmp_path / "quiz.db"


@pytest.fixture
def make_app(db_path: Path) -> Callable[..., QuizApp]:
    """Build the app exactly as the CLI does, on the sample pack, at a fixed time."""

    def build(tag: str | None = None, lang: str | None = None, **kw: Any) -> QuizApp:
        return create_app(
            db_path,
            [],
            [str(SAMPLE)],
            tag=tag,
            lang=lang,
            clock=kw.pop("clock", lambda: NOW),
            seed=kw.pop("seed", 7),
            **kw,
        )

    return build


def reviews(db_path: Path) -> list[dict[str, Any]]:
    """Every committed review, oldest first, read straight from the SQLite file."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(
            "SELECT c.pack_id || '/' || c.question_id AS key, r.grade, r.score, r.answer,"
            " r.suggested FROM review r JOIN card c ON c.id = r.card_id ORDER BY r.id"
        ).fetchall()
    finally:
        conn.close()
    return [dict(r) for r in rows]


def card_flags(db_path: Path, key: str) -> dict[str, Any]:
    """A card's row (suspended, buried_until, state...)."""
    pack_id, question_id = key.split("/")
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute(
            "SELECT * FROM card WHERE pack_id = ? AND question_id = ?", (pack_id, question_id)
        ).fetchone()
    finally:
        conn.close()
    return dict(row)
