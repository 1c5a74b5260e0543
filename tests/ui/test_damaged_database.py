"""A database damaged after it was opened, or a bug, ends the app with a message and a
non-zero exit status, never a traceback and status 0 (issue 20)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.cli.study import run_app
from quizapp.ui.app import QuizApp

SIZE = (80, 24)


def damage_table(db_path: Path, table: str) -> None:
    """Overwrite the root page of `table` with garbage, as a bad disk sector would."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
    finally:
        conn.close()
    with db_path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xde\xad" * (page_size // 2))


async def test_a_card_table_damaged_after_creation_ends_with_the_reason(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    async with make_app().run_test(size=SIZE) as pilot:  # creates the database and its cards
        await pilot.pause()
    damage_table(db_path, "card")
    before = db_path.read_bytes()
    app = make_app(study_now=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "1")
        await pilot.pause()
    assert app.return_code == 1
    assert app.error is not None
    assert str(db_path) in app.error and "damaged" in app.error and "backup" in app.error
    assert db_path.read_bytes() == before  # refused, not repaired or overwritten


class _Broken(QuizApp):
    """The app with a bug: its first screen raises an error that is not the user's."""

    def on_mount(self) -> None:
        raise RuntimeError("a bug")


def test_a_crash_inside_the_app_exits_non_zero(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _Broken(db_path, [])
    monkeypatch.setattr("quizapp.cli.study.require_terminal", lambda: None)  # pytest has none
    monkeypatch.setattr(app, "run", lambda: QuizApp.run(app, headless=True))
    with pytest.raises(SystemExit) as exit_:
        run_app(app)
    assert exit_.value.code == 1


async def test_stats_on_a_damaged_database_is_one_line(
    make_app: Callable[..., QuizApp], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli_helpers import run

    async with make_app().run_test(size=SIZE) as pilot:
        await pilot.pause()
    damage_table(db_path, "card")
    code, out, err = run(["--db", str(db_path), "stats"], capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"error: {db_path}: database error: database disk image is malformed")
    assert "the file is damaged: restore" in err and len(err.strip().splitlines()) == 1
