"""Quiz mode: the study widgets and feedback, scored, with the database never touched."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.ui.app import QuizApp
from quizapp.ui.factory import create_app
from quizapp.ui.plans import QuizPlan
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.quiz import QuizScreen
from quizapp.ui.screens.summary import QuizSummaryScreen
from quizapp.ui.widgets.choice_list import ChoiceList
from quizapp.ui.widgets.progress_header import ProgressHeader
from quizapp.ui.widgets.recall_card import RecallCard
from tests.cli_helpers import run
from tests.ui.conftest import NOW, SAMPLE, footer_keys, reviews, still_on

SIZE = (100, 40)


def plain(widget: Static) -> str:
    """The text a Static shows, without styles."""
    return str(widget.content)


def quiz_app(db_path: Path, lang: str | None = None, **plan: Any) -> QuizApp:
    """What `quizapp quiz --pack ui-sample ...` builds."""
    return create_app(
        db_path, [], [str(SAMPLE)], lang=lang, clock=lambda: NOW, seed=7, quiz=QuizPlan(**plan)
    )


def header(app: QuizApp) -> str:
    return app.screen.query_one(ProgressHeader).text


def table_rows(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every card and review row, to compare before and after a quiz."""
    conn = sqlite3.connect(db_path)
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("card", "review")
        }
    finally:
        conn.close()


async def right_choice(app: QuizApp, pilot: Pilot[int]) -> None:
    widget = app.screen.query_one(ChoiceList)
    right = next(n for n, i in enumerate(widget.order, 1) if widget.data.options[i].correct)
    await pilot.press(str(right), "enter")
    await pilot.pause()


async def test_a_quiz_of_four_types_to_its_summary_without_a_database(db_path: Path) -> None:
    app = quiz_app(db_path, types=("choice", "flashcard", "order", "typed"), in_order=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert screen.question is not None and screen.question.id == "choice"
        assert "question 1 of 4 · score 0/0" in header(app)
        bindings = {b.binding.action for b in screen.active_bindings.values()}
        assert not bindings & {"undo", "suspend", "bury", "grade(1)"}  # nothing that schedules
        await right_choice(app, pilot)
        assert plain(screen.query_one("#verdict", Static)) == "✓ Right"  # as in study
        assert "Source: RFC 9293 §3.4" in plain(screen.query_one("#source", Static))
        bar = plain(screen.query_one("#quiz-bar", Static))
        assert "Next question" in bar and "schedule is not changed" in bar
        assert "question 1 of 4 · score 1/1" in header(app)
        assert not screen.query("#rating-bar")
        await pilot.press("u", "s", "b")  # not keys of a quiz: nothing happens
        assert still_on(app, screen) and screen.question.id == "choice"
        await pilot.press("enter")
        await pilot.pause()
        # flashcard: reveal, then "did you know it?"
        assert screen.question.id == "flashcard" and "question 2 of 4" in header(app)
        await pilot.press("space")
        await pilot.pause()
        card = screen.query_one(RecallCard)
        assert plain(card.query_one(".hint", Static)) == "Did you know it? (y / n)"
        assert "Knew it" in plain(screen.query_one("#quiz-bar", Static))
        await pilot.press("enter")  # not an answer to "did you know it?"
        assert screen.question.id == "flashcard"
        await pilot.press("n")
        await pilot.pause()
        # order: leave it shuffled as it is; whatever it scores is counted
        assert screen.question.id == "order" and "score 1/2" in header(app)
        await pilot.press("enter")
        await pilot.pause()
        order_score = screen.outcome.score if screen.outcome else -1.0
        await pilot.press("space")  # Space goes on too
        await pilot.pause()
        assert screen.question.id == "typed"
        await pilot.press(*"syn snt", "enter")  # wrong
        await pilot.pause()
        assert plain(screen.query_one("#verdict", Static)) == "✗ Wrong"
        assert "See your score" in plain(screen.query_one("#quiz-bar", Static))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        text = plain(app.screen.query_one("#quiz-summary", Static))
        assert "Quiz done — your schedule was not changed" in text
        assert "Answered  4\n" in text and "Time      0s" in text
        points = 1 + order_score
        assert f"Score     {round(points, 1):g} / 4 ({round(100 * points / 4)}%)" in text
        assert "  choice         1/1   1 right, 0 partly, 0 wrong\n" in text
        assert "  flashcard      0/1   0 right, 0 partly, 1 wrong\n" in text
        assert "ui-sample/flashcard  How many segments" in text
        assert "ui-sample/typed  " in text and "ui-sample/choice" not in text.split("Missed")[1]
        assert "quizapp pack show ui-sample/flashcard" in text
        assert "Press Enter to finish." in text
        await pilot.press("enter")  # `quizapp quiz` has no home screen: Enter ends it
        await pilot.pause()
    assert app.return_code == 0
    assert not db_path.exists()  # a quiz never creates the database


async def test_q_after_one_answer_shows_the_summary_and_q_before_any_leaves(db_path: Path) -> None:
    app = quiz_app(db_path, types=("choice",))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")  # nothing answered: straight out, no summary
        await pilot.pause()
    assert app.return_code == 0 and not db_path.exists()
    app = quiz_app(db_path, count=3, in_order=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await right_choice(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        text = plain(app.screen.query_one("#quiz-summary", Static))
        assert "Answered  1 of 3" in text and "Nothing missed." in text
    assert not db_path.exists()


async def test_quiz_labels_follow_the_question_language(db_path: Path) -> None:
    app = quiz_app(db_path, lang="zh-CN", types=("flashcard",))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "第 1 题，共 1 题 · 得分 0/0" in header(app)
        await pilot.press("space")
        await pilot.pause()
        card = app.screen.query_one(RecallCard)
        assert plain(card.query_one(".hint", Static)) == "你答上来了吗？（y / n）"
        await pilot.press("y")
        await pilot.pause()
        text = plain(app.screen.query_one("#quiz-summary", Static))
        assert "Score     1 / 1 (100%)" in text  # the summary's frame stays English


async def test_home_z_quizzes_the_highlighted_pack_and_leaves_the_schedule_alone(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        footer = " ".join(k.description for k in footer_keys(app.screen))
        assert "Quiz" in footer
        before = table_rows(db_path)
        await pilot.press("z")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.quiz.planned == 6  # 20 asked, 6 exist
        assert "question 1 of 6" in header(app)
        if isinstance(app.focused, Input):
            await pilot.press("escape")  # leave the blank, as in study
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        for _ in range(6):
            await pilot.pause()
            assert screen.widget is not None and screen.question is not None
            if screen.question.type == "flashcard":
                await pilot.press("space")
                await pilot.pause()
                await pilot.press("y")
            else:
                screen.widget.check()  # whatever is entered: the answer is counted, not saved
                await pilot.pause()
                await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizSummaryScreen)
        assert "Press Enter to go back to your packs." in plain(
            app.screen.query_one("#quiz-summary", Static)
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert table_rows(db_path) == before and reviews(db_path) == []


async def test_help_lists_the_quiz_keys(make_app: Callable[..., QuizApp]) -> None:
    from quizapp.ui.screens.help import HELP

    text = "\n\n".join(HELP)
    assert "`z` quiz the highlighted pack" in text and "`y` knew it" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "flash"], "error: unknown question type 'flash' (types: flashcard, choice,"),
        (
            ["--tag", "nope"],
            "error: no question in ui-sample has the tag 'nope' (tags there: choice,",
        ),
        (
            ["--tag", "typed", "--type", "diagram"],
            "error: no diagram questions in ui-sample with the tag 'typed' (types there: 1 typed)",
        ),
        (["--tag", "leech"], "error: 'leech' is set by the scheduler in your database"),
    ],
)
def test_quiz_command_refuses_a_selection_that_matches_nothing(
    args: list[str], message: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["quiz", "--pack", str(SAMPLE), *args, "--db", str(db_path)], capsys)
    assert code == 1 and err.startswith(message), err
    assert err.count("\n") == 1 and out == ""
    assert not db_path.exists()


def test_quiz_count_must_be_positive(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["quiz", "--pack", str(SAMPLE), "-n", "0"], capsys)
    assert code == 2 and "-n" in err
