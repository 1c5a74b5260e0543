"""Custom sessions from the screens: review ahead N days (custom study, checked and counted at
the field), and "study these" / "study the weakest" when none of them is due: a filtered
session of real reviews, not a quiz. The review log the statistics test builds is the data:
cloze due in 3 days, typed in 5, choice in 20 (all review cards), the clock an hour later."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select

from quizapp.ui.app import QuizApp
from quizapp.ui.plain import Static
from quizapp.ui.screens.custom_study import CustomStudyScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.progress_header import ProgressHeader
from tests.ui.conftest import NOW, card_flags, reviews
from tests.ui.test_stats_screen import log

LATER = NOW + timedelta(hours=1)
"""The session's clock: the log's answers were given before it opened."""


def settings_rows(db_path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT key, value FROM setting ORDER BY key").fetchall()
    finally:
        conn.close()


def note(app: QuizApp) -> str:
    return str(app.screen.query_one("#custom-ahead-note", Static).render())


def toasts(app: QuizApp) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


async def answer_cloze(pilot: Pilot[Any], grade: str) -> None:
    """Fill the sample cloze's two blanks right, then grade it."""
    await pilot.press(*"time-wait", "enter", *"2 msl", "enter")
    await pilot.pause()
    await pilot.press(grade)
    await pilot.pause()


async def test_review_ahead_is_checked_and_counted_at_the_field(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(clock=lambda: LATER)
    async with app.run_test(size=(80, 24)) as pilot:
        log(db_path)
        before = settings_rows(db_path)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CustomStudyScreen)
        assert note(app) == "Review ahead to the end of 2026-01-12: 2 reviews due."  # 7 days
        field = app.screen.query_one("#custom-ahead", Input)
        field.focus()
        for bad in ("0", "366", "x"):
            field.value = bad
            await pilot.pause()
            assert note(app) == "✗ Review ahead: a number of days from 1 to 365."
            assert field.has_class("-invalid")
        await pilot.press("enter")  # refused: stays here
        await pilot.pause()
        assert isinstance(app.screen, CustomStudyScreen)
        field.value = "2"
        await pilot.pause()
        assert note(app) == "Review ahead to the end of 2026-01-07: 0 reviews due."
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CustomStudyScreen)  # nothing to review by then
        field.value = "3"
        await pilot.pause()
        assert note(app) == "Review ahead to the end of 2026-01-08: 1 review due."
        assert not field.has_class("-invalid")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.session.scope.due_by == 3
        assert screen.question is not None and screen.question.key == "ui-sample/cloze"
        assert screen.query_one(ProgressHeader).text.startswith("Custom · ")
        await answer_cloze(pilot, "1")
    rows = reviews(db_path)
    assert [(r["key"], r["grade"]) for r in rows[-1:]] == [("ui-sample/cloze", 1)]
    assert len(rows) == 8  # the log's seven and this one
    assert card_flags(db_path, "ui-sample/cloze")["state"] == 3  # relearning
    assert settings_rows(db_path) == before  # review ahead changed no setting


async def test_weakest_with_none_due_is_a_custom_session_of_real_reviews(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(clock=lambda: LATER)
    async with app.run_test(size=(80, 24)) as pilot:
        log(db_path)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("w")  # none of the three is due today
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.session.scope.keys is not None and screen.session.scope.custom
        assert screen.session.counts().review == 3
        assert "custom session of all 3, due or not" in toasts(app)
        assert screen.question is not None and screen.question.key == "ui-sample/cloze"
        await answer_cloze(pilot, "3")
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.question is not None
        assert app.screen.question.key == "ui-sample/typed"  # then by due date
    cloze = card_flags(db_path, "ui-sample/cloze")
    assert cloze["reps"] == 1 and cloze["last_review_ms"] == int(LATER.timestamp() * 1000)
    assert [(r["key"], r["grade"]) for r in reviews(db_path)[-1:]] == [("ui-sample/cloze", 3)]


async def test_study_these_with_none_due_studies_them_now(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(clock=lambda: LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        log(db_path)
        await pilot.press("slash")
        await pilot.pause()
        app.screen.query_one("#filter-type", Select).value = "choice"
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session.scope.custom
        assert screen.question is not None and screen.question.key == "ui-sample/choice"
        assert "custom session of 1 question, due or not" in toasts(app)
        await pilot.press("1", "enter")  # the first choice, then check
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.id == "summary-screen"  # the one question was asked once
    assert card_flags(db_path, "ui-sample/choice")["last_review_ms"] == int(
        LATER.timestamp() * 1000
    )
