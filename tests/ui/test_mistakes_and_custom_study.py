"""Mistakes (m after a study session or a quiz studies the questions just missed again) and
custom study from the home screen (extra new today, one tag, one type; settings unchanged)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Select

from quizapp.ui.app import QuizApp
from quizapp.ui.factory import create_app
from quizapp.ui.plain import Static
from quizapp.ui.plans import QuizPlan
from quizapp.ui.screens.custom_study import CustomStudyScreen
from quizapp.ui.screens.quiz import QuizScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import QuizSummaryScreen, SummaryScreen
from tests.ui.conftest import NOW, SAMPLE, reviews


async def test_m_after_a_session_studies_the_missed_questions_again(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="flashcard")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("space", "1")  # Again: a learning step a minute away
        await pilot.pause()
        await pilot.press("q")  # leave: the summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.missed == ("ui-sample/flashcard",)
        text = str(app.screen.query_one("#summary", Static).render())
        assert "Missed       1: m studies them again" in text
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.question is not None
        assert app.screen.question.key == "ui-sample/flashcard"
        await pilot.press("space", "3")
        await pilot.pause()
    assert [r["grade"] for r in reviews(db_path)] == [1, 3]


async def test_an_undone_miss_is_not_a_mistake(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="flashcard")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("space", "1")
        await pilot.pause()
        await pilot.press("u")  # undo the Again
        await pilot.pause()
        await pilot.press("space", "4")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.summary.missed == ()
        await pilot.press("m")  # nothing to study: a toast, the summary stays
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_m_after_a_quiz_quizzes_the_missed_ones(db_path: Path) -> None:
    plan = QuizPlan(types=("choice", "flashcard"), in_order=True)
    app = create_app(db_path, [], [str(SAMPLE)], clock=lambda: NOW, seed=7, quiz=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "enter", "enter")  # choice: the wrong option
        await pilot.press("space", "y")  # flashcard: knew it
        await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert [q.key for q in app.screen.quiz.questions] == ["ui-sample/choice"]
    assert not db_path.exists()  # a quiz never opens the database


def stored_setting(db_path: Path, key: str) -> object:
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    finally:
        conn.close()
    return json.loads(row[0]) if row else None


async def test_custom_study_extra_new_raises_todays_limit_only(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    from quizapp.services.settings import update_settings

    update_settings(db_path, ["new_per_day=1"], NOW)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.session.counts().new == 1
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CustomStudyScreen)
        field = app.screen.query_one("#custom-extra", Input)
        field.value = "abc"
        await pilot.press("enter")
        await pilot.pause()
        assert "Give a number from 1 to 9999" in str(
            app.screen.query_one("#custom-note", Static).render()
        )
        field.value = "2"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.session.counts().new == 3
    assert stored_setting(db_path, "new_per_day") == 1


async def test_custom_study_of_one_tag_and_one_type(make_app: Callable[..., QuizApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#custom-tag", Select).value = "typed"
        await pilot.click("#custom-tag-go")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.question is not None and app.screen.question.key == "ui-sample/typed"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#custom-type", Select).value = "order"
        await pilot.click("#custom-type-go")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.question is not None and app.screen.question.key == "ui-sample/order"
