"""Keys that do what they say: undo any action, an honest Enter, giving up, keys in a blank,
and a fresh session after a summary (issue 14). Each runs the real app on a temp database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.ui.app import QuizApp
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen
from quizapp.ui.widgets.choice_list import ChoiceList
from quizapp.ui.widgets.fill_input import FillIn
from quizapp.ui.widgets.ladder import LadderDiagram
from quizapp.ui.widgets.progress_header import ProgressHeader
from quizapp.ui.widgets.rating_bar import RatingBar
from tests.ui.conftest import card_flags, reviews
from tests.ui.test_flows import SIZE, plain, start

SMALL = (80, 24)


def footer_text(app: QuizApp) -> str:
    """The descriptions of the keys the footer shows now."""
    from tests.ui.conftest import footer_keys

    return " ".join(f"{k.key_display} {k.description}" for k in footer_keys(app.screen))


async def answer_flashcard_good(pilot: Pilot[int], screen: StudyScreen) -> str:
    """Reveal (or check) the question on screen, grade Good; its key."""
    assert screen.question is not None and screen.widget is not None
    key = screen.question.key
    if screen.question.type == "flashcard":
        screen.set_focus(None)
        await pilot.press("space")
    else:
        screen.widget.check()
    await pilot.pause()
    await pilot.press("3")
    await pilot.pause()
    return key


async def test_undo_after_suspend_takes_back_the_suspend_not_the_grade(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    said: list[str] = []
    notify = app.notify

    def record(message: str, **kw: Any) -> None:  # toasts expire: a slow run may miss them
        said.append(message)
        notify(message, **kw)

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        graded = await answer_flashcard_good(pilot, screen)
        assert screen.question is not None
        suspended = screen.question.key
        screen.set_focus(None)
        await pilot.press("s")
        await pilot.pause()
        assert card_flags(db_path, suspended)["suspended"] == 1
        await pilot.press("ctrl+z")  # works whether or not a blank has focus
        await pilot.pause()
        assert card_flags(db_path, suspended)["suspended"] == 0
        assert [r["key"] for r in reviews(db_path)] == [graded]  # the grade stands
        assert screen.question is not None and screen.question.key == suspended
        assert any(m.startswith("Suspended “") for m in said), said
        assert any(m.startswith("Undone: “") for m in said), said
        assert not any("ui-sample/" in m for m in said), said
        screen.set_focus(None)
        await pilot.press("u")  # next back: the grade
        await pilot.pause()
        assert reviews(db_path) == []
        assert screen.question is not None and screen.question.key == graded


async def test_undo_after_bury_unburies(make_app: Callable[..., QuizApp], db_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        assert screen.question is not None
        key = screen.question.key
        screen.set_focus(None)
        await pilot.press("b")
        await pilot.pause()
        assert card_flags(db_path, key)["buried_until_ms"] is not None
        screen.set_focus(None)
        await pilot.press("u")
        await pilot.pause()
        assert card_flags(db_path, key)["buried_until_ms"] is None
        assert screen.question is not None and screen.question.key == key


async def test_enter_suggests_good_not_easy_on_a_new_cards_first_review(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="choice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        widget = screen.query_one(ChoiceList)
        right = next(
            n for n, index in enumerate(widget.order, 1) if widget.data.options[index].correct
        )
        await pilot.press(str(right), "enter")  # right, in well under 10 s
        await pilot.pause()
        bar = screen.query_one(RatingBar)
        assert bar.suggested.name == "GOOD"
        good = plain(screen.query_one("#grade-good", Static))
        assert good.startswith("⏎ 3 Good")  # the suggestion in words, not only a colour
        assert "⏎" not in plain(screen.query_one("#grade-easy", Static))
        await pilot.press("enter")
        await pilot.pause()
    [row] = reviews(db_path)
    assert (row["grade"], row["suggested"], row["score"]) == (3, 3, 1.0)


async def test_ctrl_g_gives_up_a_typed_question_with_its_blank_empty(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="typed")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        assert isinstance(app.focused, Input)
        assert "Give up" in footer_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        widget = screen.query_one(FillIn)
        assert widget.outcome is not None and widget.outcome.score == 0.0
        assert "SYN_SENT" in plain(widget.query_one("#fill-result-0", Static))  # the answer
        assert not isinstance(app.focused, Input)  # focus left the blank
        await pilot.press("enter")
        await pilot.pause()
    [row] = reviews(db_path)
    assert (row["grade"], row["score"]) == (1, 0.0)


async def test_ctrl_g_checks_a_diagram_with_blanks_left_empty(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="diagram")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press(*"syn-sent", "ctrl+g")  # one blank of three filled
        await pilot.pause()
        widget = screen.query_one(LadderDiagram)
        assert widget.outcome is not None
        marks = {p.label: p.correct for p in widget.outcome.parts}
        assert marks == {"1.left": True, "2.ack": False, "3.ack": False}
        assert not isinstance(app.focused, Input)
        await pilot.press("1")
        await pilot.pause()
    [row] = reviews(db_path)
    assert row["grade"] == 1 and 0 < row["score"] < 1


async def test_letters_after_checking_are_keys_not_text(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="cloze")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press(*"time-wait", "enter", *"2 msl", "enter")
        await pilot.pause()
        assert screen.answered and not isinstance(app.focused, Input)
        await pilot.press("3")
        await pilot.pause()
    assert [r["grade"] for r in reviews(db_path)] == [3]


async def test_in_a_blank_undo_help_and_quit_have_keys_shown_in_the_footer(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await start(app, pilot)
        while screen.question is not None and screen.question.type not in ("typed", "cloze"):
            await answer_flashcard_good(pilot, screen)
        assert isinstance(app.focused, Input) and len(reviews(db_path)) >= 1
        shown = footer_text(app)
        for key in ("^z Undo", "f1 Help", "^q Quit", "^g Give up"):
            assert key in shown, shown
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        before = len(reviews(db_path))
        app.set_focus(screen.query(Input).first())
        await pilot.press("u")  # a letter in a blank is text...
        assert screen.query(Input).first().value == "u" and len(reviews(db_path)) == before
        await pilot.press("ctrl+z")  # ...and Ctrl+Z undoes the previous answer
        await pilot.pause()
        assert len(reviews(db_path)) == before - 1


async def test_s_after_a_summary_starts_a_fresh_session(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await answer_flashcard_good(pilot, screen)
        screen.set_focus(None)
        await pilot.press("q")  # stop with cards left
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = plain(app.screen.query_one("#summary", Static))
        assert "Session done" not in summary and "still due today" in summary
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        screen = await start(app, pilot)
        header = screen.query_one(ProgressHeader)
        assert "0 done" in header.text
        screen.set_focus(None)
        await pilot.press("ctrl+z")  # nothing from the earlier session to undo
        await pilot.pause()
        assert len(reviews(db_path)) == 1
