"""The command palette: the app's own commands, each key named as the footer does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.content import Content
from textual.pilot import Pilot

from quizapp.store.repository import Store
from quizapp.ui import commands
from quizapp.ui.app import QuizApp
from quizapp.ui.commands import PaletteEntry
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.quiz import QuizScreen
from quizapp.ui.screens.study import StudyScreen


async def test_palette_titles_show_one_letter_keys(make_app: Callable[..., QuizApp]) -> None:
    """'[s]' and '[z]' are markup tags to the palette: unescaped, the key vanished."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        shown = [Content.from_markup(c.title).plain for c in app.get_system_commands(app.screen)]
        for title in ("Study due [s]", "Quiz [z]", "Refresh [r]", "Quit [q]", "Help [?]"):
            assert title in shown, shown


def titles(app: QuizApp) -> list[str]:
    """The palette's lines for the current screen, as shown (markup read)."""
    return [Content.from_markup(c.title).plain for c in app.get_system_commands(app.screen)]


TEXTUAL_GENERIC = ("Theme", "Keys", "Maximize", "Screenshot", "Cursor", "Page", "Scroll", "Focus")


async def test_palette_lists_the_app_commands_not_textuals(
    make_app: Callable[..., QuizApp],
) -> None:
    """Study, quiz, switch pack, language, help and quit; no theme or scrolling commands, and
    Quit once (it was listed three times: Textual's, the screen's q and the app's Ctrl+Q)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = titles(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        study = titles(app)
    for shown in (home, study):
        assert not [t for t in shown if t.startswith(TEXTUAL_GENERIC)], shown
        assert len([t for t in shown if t.startswith("Quit")]) == 1, shown
        assert len([t for t in shown if t.startswith("Help")]) == 1, shown
        for title in ("Study pack: UI sample", "Quiz pack: UI sample", "Question language: zh-CN"):
            assert title in shown, shown
    assert "Study due [s]" in home and "Study due" not in home  # the key's line, once
    assert "Study due" in study and "Quit [^q]" in study and "Suspend [s]" in study


async def palette_run(pilot: Pilot[int], search: str) -> None:
    """Open the palette with Ctrl+P, type `search`, run the first match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*search)
    await pilot.pause(0.3)  # the palette searches in a worker
    await pilot.press("down", "enter")
    await pilot.pause(0.3)


async def test_palette_quiz_pack_from_a_question_goes_over_home(
    make_app: Callable[..., QuizApp],
) -> None:
    """Switching from a study question to a quiz leaves the session and keeps home below."""
    app = make_app(study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        await palette_run(pilot, "quiz pack")
        assert isinstance(app.screen, QuizScreen)
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, QuizScreen]
        app.screen.action_back()  # nothing answered: straight back (q may be in a blank)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_palette_language_shows_the_question_in_it(
    make_app: Callable[..., QuizApp],
) -> None:
    app = make_app(tag="flashcard", study_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.lang == "en"
        await palette_run(pilot, "question language")
        assert app.lang == "zh-CN" and screen.lang == "zh-CN"
        assert "Question language: en" in titles(app) and "Question language: zh-CN" not in titles(
            app
        )


async def test_more_new_today_is_offered_when_the_limit_hides_questions(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    """With a new limit of 2 over 7 cards, the palette offers 5 more; taking it studies 7."""
    store = Store.open(db_path)
    store.save_settings(replace(store.load_settings(), new_per_day=2))
    store.close()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session is not None and app.session.counts().new == 2
        hidden = app.session.counts().new_hidden
        assert hidden > 0 and f"Study {hidden} more new today" in titles(app)
        await palette_run(pilot, "more new")
        assert isinstance(app.screen, StudyScreen)
        assert app.session.counts().new == 2 + hidden
        assert app.session.counts().new_hidden == 0


async def test_a_new_source_adds_palette_entries(
    make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """How another screen joins the palette: one function listed in SOURCES."""
    opened: list[str] = []

    def stats_entries(app: QuizApp) -> Iterator[PaletteEntry]:
        yield PaletteEntry("Statistics", "Reviews, retention, forecast", lambda: opened.append("x"))

    monkeypatch.setattr(commands, "SOURCES", (*commands.SOURCES, stats_entries))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Statistics" in titles(app)
        await palette_run(pilot, "statistics")
    assert opened == ["x"]


async def test_the_screens_are_in_the_palette_from_anywhere(
    make_app: Callable[..., QuizApp],
) -> None:
    """Statistics, browse, custom study and settings: the home screen's keys there, and
    app commands on every other screen (here from a question)."""
    from quizapp.ui.screens.settings import SettingsScreen
    from quizapp.ui.screens.stats import StatsScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = titles(app)
        for title in ("Stats [t]", "Browse [/]", "Settings [o]"):
            assert title in home, home
        assert "Statistics" not in home  # its key's line, once
        await pilot.press("s")
        await pilot.pause()
        study = titles(app)
        for title in ("Statistics", "Browse and search", "Custom study", "Settings"):
            assert title in study, study
        await palette_run(pilot, "Statistics")
        assert isinstance(app.screen, StatsScreen)
        assert "Statistics" not in titles(app)  # not the screen already open
        await palette_run(pilot, "Settings")
        assert isinstance(app.screen, SettingsScreen)
