"""The settings screen: fields checked as typed and saved to the database, the data locations,
the optimiser button and the retention advice (Pilot, a real database file)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from quizapp.ui.app import QuizApp
from quizapp.ui.plain import Static
from quizapp.ui.screens.settings import SettingsScreen
from tests.optimize.learner_log import utc_settings, write_learner_log
from tests.ui.conftest import NOW


def stored(db_path: Path) -> dict[str, Any]:
    """The setting table as key -> value, read straight from the file."""
    conn = sqlite3.connect(db_path)
    try:
        return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM setting")}
    finally:
        conn.close()


def fit_rows(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute("SELECT count(*) FROM fsrs_params").fetchone()[0])
    finally:
        conn.close()


async def finished(app: QuizApp, pilot: Any) -> None:
    """Wait for the optimiser's thread and for the screen to show what it returned (the
    state-change message arrives after the worker ends; a loaded machine delays it)."""
    await app.workers.wait_for_complete()
    for _ in range(50):
        await pilot.pause()
        if not app.screen.query_one("#optimiser-busy").display:
            return
    raise AssertionError("the optimiser never finished")


def note(app: QuizApp, key: str) -> str:
    return str(app.screen.query_one(f"#note-{key}", Static).render())


async def test_a_refused_value_says_why_at_the_field_and_is_not_saved(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        field = app.screen.query_one("#field-desired_retention", Input)
        assert app.focused is field
        field.value = ""
        await pilot.press(*"0.5")
        await pilot.pause()
        assert note(app, "desired_retention") == "✗ must be between 0.7 and 0.99"
        await pilot.press("enter")
        await pilot.pause()
        assert stored(db_path).get("desired_retention", 0.9) == 0.9
        assert app.screen.saved == []


async def test_valid_values_are_saved_on_enter_and_used_by_the_next_session(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        for key, text in [
            ("desired_retention", "0.85"),
            ("new_per_day", "5"),
            ("learning_steps", "1m 5m 1h"),
            ("timezone", "Asia/Shanghai"),
        ]:
            field = screen.query_one(f"#field-{key}", Input)
            field.focus()
            field.value = text
            await pilot.press("enter")
            await pilot.pause()
        rows = stored(db_path)
        assert rows["desired_retention"] == 0.85
        assert rows["new_per_day"] == 5
        assert rows["learning_steps"] == [60, 300, 3600]
        assert rows["timezone"] == "Asia/Shanghai"
        assert app.session is not None and app.session.settings.new_per_day == 5
        # a bad time zone is refused at its field, the stored one stays
        field = screen.query_one("#field-timezone", Input)
        field.focus()
        field.value = "Mars/Olympus"
        await pilot.pause()
        assert "unknown time zone 'Mars/Olympus'" in note(app, "timezone")
        await pilot.press("tab")
        await pilot.pause()
        assert stored(db_path)["timezone"] == "Asia/Shanghai"


async def test_theme_and_language_apply_at_once_and_are_stored(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    from textual.widgets import Select

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#field-theme", Select).value = "nord"
        app.screen.query_one("#field-language", Select).value = "zh-CN"
        await pilot.pause()
        assert app.theme == "nord" and app.lang == "zh-CN"
        rows = stored(db_path)
        assert (rows["theme"], rows["language"]) == ("nord", "zh-CN")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.id == "home"
    again = make_app()  # the next start reads them back
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord" and again.lang == "zh-CN"


async def test_lang_on_the_command_line_wins_over_the_setting(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    from quizapp.services.settings import update_settings

    update_settings(db_path, ["language=zh-CN"], NOW)
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.lang == "en"


async def test_the_screen_shows_where_the_data_lives(
    make_app: Callable[..., QuizApp], db_path: Path, isolated_data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        text = str(app.screen.query_one("#settings-paths", Static).render())
        assert f"Database:   {db_path}" in text
        assert f"Your packs: {isolated_data_dir / 'packs'}" in text


async def test_optimise_with_too_few_reviews_gives_the_count_and_saves_nothing(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        await pilot.click("#optimise")
        await finished(app, pilot)
        status = str(app.screen.query_one("#optimiser-status", Static).render())
        assert "No fit:" in status and "has 0 reviews" in status and "1,000" in status
        assert fit_rows(db_path) == 0
        await pilot.click("#undo-fit")
        await pilot.pause()
        status = str(app.screen.query_one("#optimiser-status", Static).render())
        assert status == "Nothing to undo: FSRS's default parameters are in use."


@pytest.mark.slow
async def test_optimise_shows_before_and_after_and_undo_removes_the_fit(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    write_learner_log(db_path, "p")
    utc_settings(db_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        status = str(app.screen.query_one("#optimiser-status", Static).render())
        assert status.startswith("In use: FSRS's default parameters. Your log has 3,")
        await pilot.click("#optimise")
        await finished(app, pilot)
        status = str(app.screen.query_one("#optimiser-status", Static).render())
        assert "before (FSRS's default parameters)" in status and "log loss" in status
        assert "Kept: used from the next answer" in status
        assert fit_rows(db_path) == 1
        await pilot.click("#undo-fit")
        await pilot.pause()
        assert fit_rows(db_path) == 0
        status = str(app.screen.query_one("#optimiser-status", Static).render())
        assert "is gone; FSRS's default parameters are in use again." in status


async def test_retention_advice_draws_the_curve_and_use_saves_the_advised_value(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    from quizapp.ui.screens.advice import AdviceScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdviceScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.curve is not None
        best = screen.curve.best.retention
        text = str(screen.query_one("#advice-text", Static).render())
        assert f"desired retention {best:.2f}" in text and "yours is 0.90" in text
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert stored(db_path)["desired_retention"] == best
