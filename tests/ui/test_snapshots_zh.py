"""Every screen at 80x24 with the interface in Chinese (issue 17): the home screen, each
exercise before and after checking with the rating bar, the session summary, a quiz and
its summary, and the help. They guard the layout (no label cut, nothing left English);
regenerate with `--snapshot-update` and look at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp import i18n
from quizapp.ui.app import QuizApp
from tests.ui.conftest import NOW, SAMPLE
from tests.ui.test_snapshots import ANSWERS, answering

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def chinese_interface() -> Iterator[None]:
    i18n.set_language("zh-CN")
    yield
    i18n.set_language("en")


def test_home_screen_in_chinese(snap_compare: Any, make_app: Callable[..., QuizApp]) -> None:
    assert snap_compare(make_app(lang="zh-CN"), terminal_size=SIZE)


@pytest.mark.parametrize("checked", [False, True], ids=["before", "after"])
@pytest.mark.parametrize("kind", list(ANSWERS))
def test_exercise_in_chinese(
    snap_compare: Any, make_app: Callable[..., QuizApp], kind: str, checked: bool
) -> None:
    app = make_app(tag=kind, lang="zh-CN")
    keys = ANSWERS[kind] if checked else ()
    assert snap_compare(app, terminal_size=SIZE, run_before=answering(keys))


def test_english_question_in_a_chinese_interface(
    snap_compare: Any, make_app: Callable[..., QuizApp]
) -> None:
    """`l` switched the question to English: the labels beside it follow the question, the
    keys, footer and rating bar stay Chinese."""
    app = make_app(tag="choice", lang="zh-CN")
    keys = ("l", "1", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=answering(keys))


def test_session_summary_in_chinese(snap_compare: Any, make_app: Callable[..., QuizApp]) -> None:
    app = make_app(tag="flashcard", lang="zh-CN")
    grade_then_leave = answering(("space", "3", "q"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await grade_then_leave(pilot)
        app.clear_notifications()  # the grade's toast would be drawn or gone by timing
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_in_chinese(snap_compare: Any, make_app: Callable[..., QuizApp]) -> None:
    app = make_app(lang="zh-CN")
    assert snap_compare(app, terminal_size=SIZE, run_before=answering(("question_mark",), False))


def test_quiz_in_chinese(snap_compare: Any, db_path: Path) -> None:
    from quizapp.ui.factory import create_app
    from quizapp.ui.plans import QuizPlan

    plan = QuizPlan(types=("choice", "flashcard", "typed"), in_order=True)
    app = create_app(db_path, [], [str(SAMPLE)], lang="zh-CN", clock=lambda: NOW, seed=7, quiz=plan)
    keys = ("1", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=answering(keys, start=False))


def test_quiz_summary_in_chinese(snap_compare: Any, db_path: Path) -> None:
    from quizapp.ui.factory import create_app
    from quizapp.ui.plans import QuizPlan

    plan = QuizPlan(types=("choice", "flashcard", "typed"), in_order=True)
    app = create_app(db_path, [], [str(SAMPLE)], lang="zh-CN", clock=lambda: NOW, seed=7, quiz=plan)
    keys = ("1", "enter", "enter", "space", "n", *"syn snt", "enter", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=answering(keys, start=False))


@pytest.mark.parametrize("ended", [False, True], ids=["question", "report"])
def test_mock_interview_in_chinese(snap_compare: Any, db_path: Path, ended: bool) -> None:
    """The countdown over a question, and the report (`q` ends the interview early)."""
    from datetime import timedelta

    from quizapp.ui.factory import create_app
    from quizapp.ui.plans import InterviewPlan

    plan = InterviewPlan(count=4, allowed=timedelta(minutes=20))
    app = create_app(
        db_path, [], [str(SAMPLE)], lang="zh-CN", clock=lambda: NOW, seed=7, interview=plan
    )
    keys = ("q",) if ended else ()
    assert snap_compare(app, terminal_size=SIZE, run_before=answering(keys, start=False))
