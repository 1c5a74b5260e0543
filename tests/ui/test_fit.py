"""At 80 columns every key in the footer is on screen (the last ones are Help and Back)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.ui.app import QuizApp
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.order_list import OrderList
from tests.ui.conftest import footer_keys, still_on


def assert_footer_fits(screen: StudyScreen) -> list[str]:
    """Every key ends left of the palette key; returns the descriptions shown."""
    *keys, palette = footer_keys(screen)
    assert palette.palette
    for key in keys:
        assert key.end > key.start and key.end < palette.start, key.description
    return [k.description for k in keys]


@pytest.mark.parametrize("kind", ["order", "choice", "flashcard"])
async def test_footer_fits_80_columns_with_undo(
    make_app: Callable[..., QuizApp], kind: str
) -> None:
    app = make_app(tag=kind, study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert "Back" in assert_footer_fits(screen)
        # Answer, grade Again: the question comes back at once, now with Undo in the footer.
        await pilot.press(*{"order": ("enter",), "choice": ("1", "enter")}.get(kind, ("space",)))
        await pilot.pause()
        assert "Back" in assert_footer_fits(screen)
        await pilot.press("1")
        await pilot.pause()
        assert still_on(app, screen) and screen.session.answered == 1
        shown = assert_footer_fits(screen)
        assert {"Undo", "Help", "Back"} <= set(shown)
        if kind == "order":
            assert screen.focused is screen.query_one(OrderList)
            assert "Move" in shown


async def test_wide_terminals_show_every_key_and_narrow_ones_drop_two(
    make_app: Callable[..., QuizApp],
) -> None:
    """Where (e) and Discard (x) show from 100 columns; resizing to 80 drops them, not Back."""
    app = make_app(tag="order", study_now=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert {"Where", "Discard", "Help", "Back"} <= set(assert_footer_fits(screen))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        shown = assert_footer_fits(screen)
        assert "Back" in shown and not {"Where", "Discard"} & set(shown)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "Where" in assert_footer_fits(screen)


async def test_help_scrolls_to_its_end_at_80x24(make_app: Callable[..., QuizApp]) -> None:
    """The exercise keys and 'Press Esc' are below the fold: the keyboard must reach them."""
    from quizapp.ui.screens.help import HelpScreen

    app = make_app(tag="choice", study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        body = help_screen.query_one("#help")
        assert body.max_scroll_y > 0  # it does not fit: otherwise this test proves nothing
        await pilot.press("pagedown", "end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        assert "Esc" in str(body.border_subtitle)  # how to close, without scrolling
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


@pytest.mark.parametrize("kind", ["order", "choice"])
async def test_keys_scroll_back_to_the_question_once_answered(
    make_app: Callable[..., QuizApp], kind: str
) -> None:
    """At 80x24 the feedback pushes the prompt and the marked answer off the top."""
    from textual.containers import VerticalScroll

    app = make_app(tag=kind, study_now=True)
    async with app.run_test(size=(80, 24 if kind == "order" else 18)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await pilot.press(*{"order": ("enter",), "choice": ("2", "enter")}[kind])
        await pilot.pause()
        body = screen.query_one("#study-body", VerticalScroll)
        assert body.scroll_y > 0  # scrolled to the feedback
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("pagedown", "down")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("3")  # the grade keys still work
        await pilot.pause()
        assert screen.session.answered == 1


async def test_long_option_and_feedback_wrap_under_the_option_text(
    make_app: Callable[..., QuizApp],
) -> None:
    """A wrapped line starts under the option's text, not back under its '( )' box."""
    from textual.geometry import Region

    from quizapp.ui.widgets.choice_list import ChoiceList, OptionRow

    app = make_app(tag="choice", study_now=True)
    async with app.run_test(size=(36, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        widget = screen.query_one(ChoiceList)
        right = 1 + next(n for n, i in enumerate(widget.order) if widget.data.options[i].correct)
        await pilot.press(str(right), "enter")
        await pilot.pause()
        row = list(screen.query(OptionRow))[right - 1]
        lines = [s.text for s in row.render_lines(Region(0, 0, row.size.width, row.size.height))]
        text_column = lines[0].index("One")
        assert len(lines) > 2  # '(correct)' and the feedback wrap at this width
        for line in lines[1:]:
            assert line[:text_column].strip() == "", lines


async def test_quiz_summary_cuts_chinese_prompts_by_cells(db_path: Path) -> None:
    """A missed Chinese prompt is cut to the room left, counted in cells (2 per character)."""
    from rich.cells import cell_len

    from quizapp.ui.screens.summary import QuizSummaryScreen
    from tests.ui.test_quiz import quiz_app

    app = quiz_app(db_path, lang="zh-CN", types=("flashcard",), in_order=True)
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuizSummaryScreen)
        lines = screen.missed_lines().plain.splitlines()
        assert len(lines) == 1 and "TCP" in lines[0]
        room = app.size.width - 6  # margins, borders, padding of #quiz-summary
        assert cell_len(lines[0]) <= room, lines
