"""The footer draws the screen's keys on one line, follows them as they change, and a click on
a key presses it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from quizapp.ui.app import QuizApp
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.footer import Footer, FooterItem
from quizapp.ui.widgets.recall_card import RecallCard
from tests.ui.conftest import footer_keys, reviews

SIZE = (100, 40)


def shown(screen: StudyScreen) -> list[str]:
    """The footer's key descriptions, left to right."""
    return [k.description for k in footer_keys(screen)]


async def test_footer_follows_the_keys_as_they_change(make_app: Callable[..., QuizApp]) -> None:
    app = make_app(tag="flashcard", study_now=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert app.focused is screen.query_one(RecallCard)  # focus settled with the question
        assert shown(screen)[:2] == ["Reveal", "Suspend"]
        palette = footer_keys(screen)[-1]
        assert palette.palette and palette.end == SIZE[0] - 1  # at the right, as Textual's

        await pilot.press("space")  # reveal: the grade keys replace Reveal
        await pilot.pause()
        assert "Reveal" not in shown(screen)
        assert "Grade" in shown(screen)


async def test_clicking_a_key_presses_it(make_app: Callable[..., QuizApp], db_path: Path) -> None:
    app = make_app(tag="flashcard", study_now=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        reveal = next(k for k in footer_keys(screen) if k.description == "Reveal")
        await pilot.click(Footer, offset=(reveal.start + 2, 0))
        await pilot.pause()
        assert "Grade" in shown(screen)  # revealed, as `space` does
        assert reviews(db_path) == []  # nothing graded by a click on Reveal
        gaps = [k.end for k in footer_keys(screen)[:-1]]  # the column after each key
        await pilot.click(Footer, offset=(gaps[0], 0))
        await pilot.pause()
        assert "Grade" in shown(screen) and reviews(db_path) == []  # a gap presses nothing


async def test_hovering_a_key_highlights_it_alone(make_app: Callable[..., QuizApp]) -> None:
    app = make_app(tag="flashcard", study_now=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        footer = screen.query_one(Footer)
        first, second = footer_keys(screen)[:2]

        def background(item: FooterItem) -> object:
            drawn = footer.render_line(0).crop(item.start, item.end)
            [style] = {s.style.bgcolor if s.style else None for s in drawn}
            return style

        plain = background(first)
        await pilot.hover(Footer, offset=(first.start, 0))
        await pilot.pause()
        assert background(first) != plain and background(second) == plain
        await pilot.hover(Footer, offset=(first.end, 0))  # the gap after it
        await pilot.pause()
        assert background(first) == plain
