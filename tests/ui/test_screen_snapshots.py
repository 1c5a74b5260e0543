"""Screenshots of the settings, retention-advice (and later statistics and browse) screens at
80x24 and 120x40. Paths on screen are made relative (the test runs in its tmp dir) so the
pictures do not change with it. Regenerate with `--snapshot-update` and look at the SVGs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from quizapp.ui.app import QuizApp
from quizapp.ui.factory import create_app
from tests.ui.conftest import NOW, SAMPLE, press_through

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def relative_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> QuizApp:
    """The sample pack's app on `quiz.db` and data dir `data`, both relative to tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUIZAPP_DATA_DIR", "data")
    return create_app(Path("quiz.db"), [], [str(SAMPLE)], clock=lambda: NOW, seed=7)


def pressing(*keys: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await press_through(pilot, keys)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_settings_screen(snap_compare: Any, relative_app: QuizApp, size: tuple[int, int]) -> None:
    assert snap_compare(relative_app, terminal_size=size, run_before=pressing("o"))


def test_settings_field_refused_at_80x24(snap_compare: Any, relative_app: QuizApp) -> None:
    keys = ("o", "tab", "backspace", "backspace", "minus", "3")
    assert snap_compare(relative_app, terminal_size=(80, 24), run_before=pressing(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_retention_advice(snap_compare: Any, relative_app: QuizApp, size: tuple[int, int]) -> None:
    assert snap_compare(relative_app, terminal_size=size, run_before=pressing("o", "f2"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_browse_screen(snap_compare: Any, relative_app: QuizApp, size: tuple[int, int]) -> None:
    assert snap_compare(relative_app, terminal_size=size, run_before=pressing("slash"))


def test_browse_search_in_chinese_at_80x24(snap_compare: Any, relative_app: QuizApp) -> None:
    async def search(pilot: Pilot[Any]) -> None:
        await pressing("slash", "slash")(pilot)
        pilot.app.screen.query_one("#browse-search", Input).value = "握手"
        await pilot.pause()

    assert snap_compare(relative_app, terminal_size=(80, 24), run_before=search)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_question_detail(snap_compare: Any, relative_app: QuizApp, size: tuple[int, int]) -> None:
    assert snap_compare(relative_app, terminal_size=size, run_before=pressing("slash", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stats_screen(
    snap_compare: Any, relative_app: QuizApp, tmp_path: Path, size: tuple[int, int]
) -> None:
    from tests.ui.test_stats_screen import log

    async def with_log(pilot: Pilot[Any]) -> None:
        log(tmp_path / "quiz.db")
        await pressing("t")(pilot)

    assert snap_compare(relative_app, terminal_size=size, run_before=with_log)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("keys", [("o",), ("slash",), ("t",), ("c",)], ids=lambda k: k[0])
def test_screens_in_chinese(
    snap_compare: Any,
    relative_app: QuizApp,
    tmp_path: Path,
    keys: tuple[str, ...],
    size: tuple[int, int],
) -> None:
    """The interface in zh-CN (as --lang zh-CN or the language setting would choose it)."""
    from quizapp import i18n
    from tests.ui.test_stats_screen import log

    i18n.set_language("zh-CN")  # the suite's autouse fixture sets English back

    async def in_chinese(pilot: Pilot[Any]) -> None:
        log(tmp_path / "quiz.db")
        await pressing(*keys)(pilot)

    assert snap_compare(relative_app, terminal_size=size, run_before=in_chinese)
