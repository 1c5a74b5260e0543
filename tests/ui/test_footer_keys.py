"""At 80x24, in both languages, every screen's footer shows every key the screen marks to show
(all but the few secondary ones in Footer.WIDE_ONLY, which help and the palette list), each
whole and left of the command palette's key. The screens are reached as a person would."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from quizapp import i18n
from quizapp.ui.app import QuizApp
from quizapp.ui.factory import create_app
from quizapp.ui.plans import InterviewPlan, QuizPlan
from quizapp.ui.widgets.footer import Footer
from tests.ui.conftest import NOW, SAMPLE, footer_keys, press_through
from tests.ui.test_stats_screen import log

Route = tuple[dict[str, Any], tuple[str, ...], str]

ROUTES: dict[str, Route] = {
    # name: (create_app arguments, keys pressed, the screen's class name)
    "home": ({}, (), "HomeScreen"),
    "home-more-new": ({"new_per_day": 1}, (), "HomeScreen"),
    "help": ({}, ("question_mark",), "HelpScreen"),
    "study-flashcard": ({"tag": "flashcard"}, ("s",), "StudyScreen"),
    "study-revealed": ({"tag": "flashcard"}, ("s", "space"), "StudyScreen"),
    "study-graded": ({"tag": "flashcard"}, ("s", "space", "1"), "StudyScreen"),
    "study-order": ({"tag": "order"}, ("s",), "StudyScreen"),
    "study-typed": ({"tag": "typed"}, ("s",), "StudyScreen"),
    "study-diagram": ({"tag": "diagram"}, ("s",), "StudyScreen"),
    "summary": ({"tag": "flashcard"}, ("s", "space", "1", "q"), "SummaryScreen"),
    "quiz": ({"quiz": QuizPlan(types=("choice",))}, (), "QuizScreen"),
    "quiz-summary": (
        {"quiz": QuizPlan(types=("flashcard",))},
        ("space", "n"),
        "QuizSummaryScreen",
    ),
    "interview": ({"interview": InterviewPlan(2, timedelta(minutes=9))}, (), "InterviewScreen"),
    "interview-report": (
        {"tag": "flashcard", "interview": InterviewPlan(1, timedelta(minutes=9))},
        ("space", "n"),
        "InterviewReportScreen",
    ),
    "stats": ({}, ("t",), "StatsScreen"),
    "browse-search": ({}, ("slash",), "BrowseScreen"),
    "browse-table": ({}, ("slash", "down"), "BrowseScreen"),
    "question-detail": ({}, ("slash", "enter"), "QuestionDetailScreen"),
    "settings": ({}, ("o",), "SettingsScreen"),
    "advice": ({}, ("o", "f2"), "AdviceScreen"),
    "custom-study": ({}, ("c",), "CustomStudyScreen"),
}


def expected_keys(app: QuizApp) -> dict[str, str]:
    """Action -> label of every key the footer must show at 80 columns (Textual's footer
    shows one key per action: the first binding of it)."""
    wanted: dict[str, str] = {}
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.action not in Footer.WIDE_ONLY:
            wanted.setdefault(binding.action, i18n._(binding.description))
    return wanted


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("route", list(ROUTES))
async def test_every_shown_key_is_in_the_footer_at_80_columns(
    db_path: Path, route: str, lang: str
) -> None:
    arguments, keys, screen_name = ROUTES[route]
    arguments = dict(arguments)
    new_per_day = arguments.pop("new_per_day", None)
    if new_per_day is not None:
        from quizapp.services.settings import update_settings

        update_settings(db_path, [f"new_per_day={new_per_day}"], NOW)
    i18n.set_language(lang)  # the suite's autouse fixture sets English back
    app = create_app(db_path, [], [str(SAMPLE)], clock=lambda: NOW, seed=7, **arguments)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if route.startswith(("stats", "browse", "question")):
            log(db_path)  # studied questions: the weakest, a history to open
        await press_through(pilot, keys)
        screen = app.screen
        assert type(screen).__name__ == screen_name
        wanted = expected_keys(app)
        assert wanted, "a screen without keys in its footer"
        drawn = footer_keys(screen)
        shown = {k.action: k for k in drawn if not k.palette}
        palettes = [k for k in drawn if k.palette]
        right_edge = palettes[0].start - 1 if palettes else 80  # the bar left of the palette
        for action, label in wanted.items():
            key = shown.get(action)
            assert key is not None, f"{label} ({action}) is not in the footer: {list(shown)}"
            assert key.description == label
            assert key.start < key.end <= right_edge, (
                f"{label} is cut off: columns {key.start}-{key.end} (palette at {right_edge})"
            )
