"""Mock interviews (issue 17): a timed set with no feedback, run to the end on a fake
clock; the report saved in the database matches the answers given."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot

from quizapp.services.interview import interview_history
from quizapp.ui.app import QuizApp
from quizapp.ui.factory import create_app
from quizapp.ui.plain import Static
from quizapp.ui.plans import InterviewPlan
from quizapp.ui.screens.interview import InterviewScreen
from quizapp.ui.screens.interview_report import InterviewReportScreen
from quizapp.ui.widgets.choice_list import ChoiceList
from quizapp.ui.widgets.progress_header import ProgressHeader
from tests.ui.conftest import NOW, SAMPLE

SIZE = (80, 24)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def interview_app(db_path: Path, clock: FakeClock, minutes: int = 2) -> QuizApp:
    plan = InterviewPlan(count=6, allowed=timedelta(minutes=minutes))
    return create_app(db_path, [], [str(SAMPLE)], clock=clock, seed=3, interview=plan)


async def answer(app: QuizApp, pilot: Pilot[int], right: bool) -> None:
    """Answer the question on screen, right or wrong, by its type."""
    screen = app.screen
    assert isinstance(screen, InterviewScreen) and screen.question is not None
    kind = screen.question.type
    if kind == "flashcard":
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("y" if right else "n")
    elif kind == "choice":
        widget = screen.query_one(ChoiceList)
        picks = [
            n
            for n, index in enumerate(widget.order, 1)
            if widget.data.options[index].correct == right
        ]
        await pilot.press(str(picks[0]), "enter")
    elif kind == "typed":
        await pilot.press(*("syn sent" if right else "closed"), "enter")
    else:  # cloze, order, diagram: give up, which counts every blank wrong
        await pilot.press("ctrl+g") if kind != "order" else await pilot.press("enter")
    await pilot.pause()


async def test_a_timed_interview_runs_to_the_end_and_its_report_is_saved(db_path: Path) -> None:
    clock = FakeClock()
    app = interview_app(db_path, clock)
    given: list[tuple[str, bool, float]] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for n, seconds in enumerate((20, 35, 15)):
            screen = app.screen
            assert isinstance(screen, InterviewScreen) and screen.question is not None
            key, kind = screen.question.key, screen.question.type
            if n == 0:  # the countdown and the place in the set, before any time has passed
                assert "⏱ 2:00 · question 1 of 6" in screen.query_one(ProgressHeader).text
            clock.advance(seconds)
            right = n != 1 and kind in ("flashcard", "choice", "typed")
            await answer(app, pilot, right)
            # no feedback: the next question is up, nothing says right or wrong
            assert not app.screen.query("#verdict")
            given.append((key, right, seconds))
        clock.advance(120)  # the time runs out on the fourth question
        await pilot.pause(1.3)  # the countdown's tick ends it
        assert isinstance(app.screen, InterviewReportScreen)
        report_text = str(app.screen.query_one("#interview-report", Static).render())
        assert "Mock interview done" in report_text
    (past,) = interview_history(db_path)
    assert past.planned == 6 and past.answered == 3
    assert past.seconds_allowed == 120 and past.seconds_used == 120
    assert past.points == sum(1.0 for _key, right, _s in given if right)
    conn = sqlite3.connect(db_path)
    try:
        (stored,) = conn.execute("SELECT report FROM interview").fetchone()
    finally:
        conn.close()
    items = json.loads(stored)
    assert [(i["key"], i["score"] == 1.0, i["seconds"]) for i in items[:3]] == given
    assert all(not i["answered"] and i["score"] == 0 for i in items[3:])
    assert all(i["answer"] or i["type"] != "typed" for i in items)  # the right answer kept


async def test_the_misses_go_into_study_due_now(db_path: Path) -> None:
    """`m` on the report: a studied question missed becomes due now, keeping its history;
    a new one stays new."""
    from quizapp.domain.keys import CardKey
    from quizapp.services.catalog import load_packs
    from quizapp.services.interview import Interview, send_misses_to_study
    from quizapp.services.study import StudySession
    from quizapp.store.records import to_ms
    from quizapp.store.repository import Store

    clock = FakeClock()
    (pack,) = load_packs([], [str(SAMPLE)])
    interview = Interview.pick([pack], count=2, allowed=timedelta(minutes=5), clock=clock)
    studied, fresh = interview.questions
    StudySession.open(db_path, [pack], clock=clock).close()  # the cards exist, all new
    with Store.open(db_path) as store, store.writing() as conn:
        conn.execute(
            "UPDATE card SET state = 2, due_ms = :later, reps = 4 WHERE question_id = :q",
            {"later": to_ms(clock() + timedelta(days=30)), "q": studied.id},
        )
    report = interview.report()  # nothing answered: both are misses
    assert send_misses_to_study(db_path, report, clock()) == (1, 1)
    with Store.open(db_path) as store:
        moved = store.get(CardKey.parse(studied.key))
        new = store.get(CardKey.parse(fresh.key))
    assert moved is not None and moved.state.due == clock()
    assert moved.state.state == "review" and moved.state.reps == 4
    assert new is not None and new.state.state == "new"
