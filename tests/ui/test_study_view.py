"""What the study screen shows at 80x24: the prompt stays in view once answered, and Anki's
new / learning / review counts move with each answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widget import Widget

from quizapp.store.repository import Store
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen
from quizapp.ui.widgets.progress_header import ProgressHeader
from tests.ui.test_snapshots import ANSWERS


def on_screen(screen: StudyScreen, widget: Widget) -> bool:
    """The widget's first line is drawn: the screen finds it (or a child) at that cell."""
    region = widget.region
    if region.height == 0 or not screen.region.contains(region.x, region.y):
        return False
    found, _ = screen.get_widget_at(region.x + 1, region.y)
    return found is widget or widget in found.ancestors


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("kind", list(ANSWERS))
async def test_the_prompt_stays_in_view_after_answering(
    make_app: Callable[..., QuizApp], kind: str, lang: str
) -> None:
    """A revealed flashcard, a checked ladder's rows or a long explanation pushed the prompt
    off the top at 80x24; now the verdict (or the card's back) is in view under it too."""
    app = make_app(tag=kind, lang=lang, study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await pilot.press(*ANSWERS[kind])
        await pilot.pause()
        assert screen.answered
        assert on_screen(screen, screen.query_one("#prompt", Widget)), kind
        if kind != "flashcard":
            assert on_screen(screen, screen.query_one("#verdict", Widget)), kind
        await pilot.press("3")  # the grade keys still work from there
        await pilot.pause()
        assert screen.session.answered == 1


async def test_counts_move_with_each_answer(make_app: Callable[..., QuizApp]) -> None:
    """`0 done · 6 new 0 learning 0 review`, then a new card answered Good leaves the new
    count and joins learning (its next step is within the learn-ahead window)."""
    app = make_app(study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        header = screen.query_one(ProgressHeader)
        total = screen.session.counts().new
        assert total == 6 and "0 done · 6 new 0 learning 0 review" in header.text
        assert screen.question is not None
        await pilot.press(*ANSWERS[screen.question.type], "3")  # answered, graded Good
        await pilot.pause()
        assert "1 done · 5 new 1 learning 0 review" in header.text
        counts = screen.session.counts()
        assert (counts.new, counts.learning, counts.review) == (total - 1, 1, 0)


async def test_the_new_limit_is_said_and_n_studies_more(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    """With a new limit of 2, the summary says how many wait and `n` studies more now."""
    store = Store.open(db_path)
    store.save_settings(replace(store.load_settings(), new_per_day=2))
    store.close()
    app = make_app(study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        header = screen.query_one(ProgressHeader)
        assert "0 done · 2 new" in header.text
        for _ in range(2):  # Easy: out of today's queue
            assert screen.question is not None
            await pilot.press(*ANSWERS[screen.question.type], "4")
            await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.summary.new_hidden == 4  # 6 questions, 2 a day
        assert "holds back 4 unseen" in str(summary.query_one("#summary").render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, StudyScreen]
        assert app.screen.session.counts().new == 4
