"""The command palette names each key as the footer does, '[s]' included."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen


async def test_palette_titles_show_one_letter_keys(make_app: Callable[..., QuizApp]) -> None:
    """'[s]' and '[z]' are markup tags to the palette: unescaped, the key vanished."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        shown = [Content.from_markup(c.title).plain for c in app.get_system_commands(app.screen)]
        for title in ("Study due [s]", "Quiz [z]", "Refresh [r]", "Quit [q]", "Help [?]"):
            assert title in shown, shown
