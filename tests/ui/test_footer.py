"""The footer redraws its keys when they change, and only then."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets._footer import FooterKey

from quizapp.ui.app import QuizApp
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.recall_card import RecallCard

SIZE = (100, 40)


def shown(screen: StudyScreen) -> list[str]:
    """The footer's key descriptions, left to right."""
    return [k.description for k in screen.query(FooterKey)]


async def test_footer_keeps_its_keys_until_they_change(make_app: Callable[..., QuizApp]) -> None:
    app = make_app(tag="flashcard", study_now=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert app.focused is screen.query_one(RecallCard)  # focus settled with the question
        keys = list(screen.query(FooterKey))
        assert shown(screen)[:2] == ["Reveal", "Suspend"]
        assert all(k.has_class("-compact") for k in keys)

        screen.refresh_bindings()  # nothing changed: the same key widgets stay
        await pilot.pause()
        assert list(screen.query(FooterKey)) == keys

        await pilot.press("space")  # reveal: Grade and Undo's neighbours change
        await pilot.pause()
        assert "Reveal" not in shown(screen)
        assert "Grade" in shown(screen)
        assert all(k.has_class("-compact") for k in screen.query(FooterKey))
