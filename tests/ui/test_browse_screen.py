"""Browse and search: filters, search in both languages, the actions on a question (asserting
the card rows they change), the detail view and "study these" (Pilot, a real database)."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from rich.console import Console
from textual.widgets import Checkbox, DataTable, Input, Select

from quizapp.store.records import to_ms
from quizapp.ui.app import QuizApp
from quizapp.ui.plain import Static
from quizapp.ui.screens.browse import BrowseScreen
from quizapp.ui.screens.question_detail import history_table
from tests.ui.conftest import NOW, card_flags

DAY = 86_400_000


def set_card(db_path: Path, question_id: str, **columns: object) -> None:
    """Write card columns straight into the file (the test builds the state it browses)."""
    sets = ", ".join(f"{name} = ?" for name in columns)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            f"UPDATE card SET {sets} WHERE pack_id = 'ui-sample' AND question_id = ?",
            [*columns.values(), question_id],
        )
    conn.close()


def add_review(db_path: Path, question_id: str, reviewed_ms: int, grade: int, due_ms: int) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        (card_id,) = conn.execute(
            "SELECT id FROM card WHERE pack_id = 'ui-sample' AND question_id = ?", (question_id,)
        ).fetchone()
        conn.execute(
            "INSERT INTO review (card_id, reviewed_ms, grade, kind, duration_ms, after)"
            " VALUES (?, ?, ?, 2, 12000, ?)",
            (card_id, reviewed_ms, grade, json.dumps({"due_ms": due_ms})),
        )
    conn.close()


def studied(db_path: Path) -> None:
    """choice: a review card due today with two answers; typed: a review card due in 5 days."""
    now = to_ms(NOW)
    set_card(
        db_path,
        "choice",
        state=2,
        stability=3.0,
        difficulty=5.0,
        due_ms=now - 3_600_000,
        last_review_ms=now - 3 * DAY,
        reps=2,
        lapses=1,
    )
    add_review(db_path, "choice", now - 10 * DAY, 1, now - 9 * DAY)
    add_review(db_path, "choice", now - 3 * DAY, 3, now - 3_600_000)
    set_card(
        db_path,
        "typed",
        state=2,
        stability=9.0,
        difficulty=4.0,
        due_ms=now + 5 * DAY,
        last_review_ms=now - DAY,
        reps=1,
    )


def shown(app: QuizApp) -> list[str]:
    table = app.screen.query_one("#browse-table", DataTable)
    return [str(key.value) for key in table.rows]


async def open_browse(app: QuizApp, pilot: object) -> BrowseScreen:
    await pilot.press("slash")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


async def test_search_finds_both_languages_and_chinese_by_characters(
    make_app: Callable[..., QuizApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browse(app, pilot)
        assert len(shown(app)) == 6
        assert str(screen.query_one("#browse-count", Static).render()) == "6 of 6 questions"
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"SEQUENCE number")  # case and word order do not matter
        await pilot.pause()
        assert shown(app) == ["ui-sample/choice", "ui-sample/diagram"]
        app.focused.value = "握手"  # in 三次握手: Chinese has no word spaces
        await pilot.pause()
        assert shown(app) == ["ui-sample/diagram", "ui-sample/flashcard", "ui-sample/order"]
        app.focused.value = "三次握手 空白"
        await pilot.pause()
        assert shown(app) == ["ui-sample/diagram"]
        app.focused.value = "nothing-like-this"
        await pilot.pause()
        assert shown(app) == []
        assert str(screen.query_one("#browse-count", Static).render()) == "0 of 6 questions"
        await pilot.press("escape")  # search box -> table -> home
        assert app.focused is screen.query_one("#browse-table")
        await pilot.press("escape")
        assert app.screen.id == "home"


async def test_filters_by_type_tag_state_and_due(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        studied(db_path)
        set_card(db_path, "order", suspended=1, leech=1, lapses=8)
        set_card(db_path, "cloze", buried_until_ms=to_ms(NOW + timedelta(hours=12)))
        screen = await open_browse(app, pilot)
        screen.query_one("#filter-type", Select).value = "typed"
        await pilot.pause()
        assert shown(app) == ["ui-sample/typed"]
        screen.query_one("#filter-type", Select).clear()
        screen.query_one("#filter-tag", Select).value = "flashcard"
        await pilot.pause()
        assert shown(app) == ["ui-sample/flashcard"]
        screen.query_one("#filter-tag", Select).clear()
        expected = {
            "review": ["ui-sample/choice", "ui-sample/typed"],
            "new": [
                "ui-sample/cloze",
                "ui-sample/diagram",
                "ui-sample/flashcard",
                "ui-sample/order",
            ],
            "suspended": ["ui-sample/order"],
            "leech": ["ui-sample/order"],
            "buried": ["ui-sample/cloze"],
            "learning": [],
        }
        for state, keys in expected.items():
            screen.query_one("#filter-state", Select).value = state
            await pilot.pause()
            assert shown(app) == keys, state
        screen.query_one("#filter-state", Select).clear()
        screen.query_one("#filter-due", Checkbox).value = True
        await pilot.pause()
        assert shown(app) == ["ui-sample/choice"]  # typed is due in 5 days


async def test_suspend_unsuspend_unbury_and_forget_change_the_card_rows(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        studied(db_path)
        set_card(db_path, "cloze", buried_until_ms=to_ms(NOW + timedelta(hours=12)))
        screen = await open_browse(app, pilot)
        table = screen.query_one("#browse-table", DataTable)
        table.move_cursor(row=shown(app).index("ui-sample/flashcard"))
        await pilot.press("s")
        await pilot.pause()
        assert card_flags(db_path, "ui-sample/flashcard")["suspended"] == 1
        assert card_flags(db_path, "ui-sample/flashcard")["flags_ms"] == to_ms(NOW)  # app clock
        await pilot.press("s")  # already suspended: nothing changes, a toast says so
        await pilot.press("u")
        await pilot.pause()
        assert card_flags(db_path, "ui-sample/flashcard")["suspended"] == 0

        table.move_cursor(row=shown(app).index("ui-sample/cloze"))
        await pilot.press("b")
        await pilot.pause()
        assert card_flags(db_path, "ui-sample/cloze")["buried_until_ms"] is None
        assert card_flags(db_path, "ui-sample/cloze")["flags_ms"] == to_ms(NOW)

        table.move_cursor(row=shown(app).index("ui-sample/choice"))
        await pilot.press("f")
        await pilot.pause()
        card = card_flags(db_path, "ui-sample/choice")
        assert (card["state"], card["due_ms"], card["stability"]) == (0, None, None)
        assert (card["reps"], card["lapses"]) == (2, 1)  # counts kept
        conn = sqlite3.connect(db_path)
        assert conn.execute("SELECT count(*) FROM review").fetchone()[0] == 2  # history kept
        conn.close()
        assert screen.current() is not None and screen.current().state == "new"  # type: ignore[union-attr]


async def test_a_question_opens_with_its_history_and_memory_state(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        studied(db_path)
        screen = await open_browse(app, pilot)
        screen.query_one("#browse-table", DataTable).move_cursor(row=0)  # choice
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.id == "question-detail"
        memory = str(app.screen.query_one("#detail-memory", Static).render())
        assert "State review · stability 3.0 d · difficulty 5.0/10 · recall now" in memory
        assert "Reps 2 · lapses 1" in memory
        history = history_table(app.screen.detail)  # type: ignore[attr-defined]
        console = Console(width=100, file=io.StringIO())
        console.print(history)
        lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
        assert lines[1].split() == ["2025-12-26", "12:00", "Again", "1d", "12s"]
        assert lines[2].split() == ["2026-01-02", "12:00", "Good", "3d", "12s"]
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_study_these_studies_only_the_filtered_questions(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browse(app, pilot)
        screen.query_one("#filter-type", Select).value = "flashcard"
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.id == "study"
        assert app.screen.question.key == "ui-sample/flashcard"  # type: ignore[attr-defined]
        await pilot.press("space", "3")
        await pilot.pause()
        assert card_flags(db_path, "ui-sample/flashcard")["reps"] == 1
        assert card_flags(db_path, "ui-sample/choice")["reps"] == 0
