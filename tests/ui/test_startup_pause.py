"""The cycle collector is paused while the app starts and resumes once its first screen is
drawn (quizapp/gc_pause.py); an app that never gets that far leaves it running too."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from quizapp.errors import QuizappError
from quizapp.gc_pause import paused_for_startup
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.study import StudyScreen


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does, the rest of the suite runs with a collector as it found it."""
    yield
    gc.unfreeze()
    gc.enable()


async def test_the_pause_ends_once_the_first_question_is_drawn(
    make_app: Callable[..., QuizApp],
) -> None:
    app = make_app(study_now=True)
    with paused_for_startup():
        assert not gc.isenabled()
        async with app.run_test() as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StudyScreen) and app.screen.question is not None
            assert gc.isenabled()
            # what start-up built lives as long as the app: later collections skip it
            assert gc.get_freeze_count() > 10_000


def test_an_error_before_the_app_runs_ends_the_pause() -> None:
    with pytest.raises(QuizappError), paused_for_startup():
        raise QuizappError("no such pack")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # nothing was drawn, so nothing was frozen


def test_a_collector_already_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    with paused_for_startup():
        pass
    assert not gc.isenabled()
