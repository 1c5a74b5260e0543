"""Screenshots of every exercise widget before and after checking, at 80x24 and 120x40.

State is asserted in test_flows.py; these only guard the layout. Regenerate with
`pytest tests/ui/test_snapshots.py --snapshot-update` and look at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.ui.app import QuizApp
from tests.ui.conftest import NOW, SAMPLE

ANSWERS: dict[str, tuple[str, ...]] = {
    "flashcard": ("space",),
    "choice": ("1", "enter"),
    "typed": (*"syn snt", "enter"),
    "cloze": (*"time wait", "enter", *"3msl", "enter"),
    "order": ("x", "enter"),
    "diagram": (*"syn sent", "tab", "x", "tab", *"y+1", "enter"),
}
SIZES = [(80, 24), (120, 40)]


def answering(keys: tuple[str, ...], start: bool = True) -> Callable[[Pilot[Any]], Any]:
    """Start studying (unless the app opens on a question), then press `keys`."""

    async def run_before(pilot: Pilot[Any]) -> None:
        if start:
            await pilot.press("s")
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("checked", [False, True], ids=["before", "after"])
@pytest.mark.parametrize("kind", list(ANSWERS))
def test_exercise_widget(
    snap_compare: Any,
    make_app: Callable[..., QuizApp],
    kind: str,
    checked: bool,
    size: tuple[int, int],
) -> None:
    app = make_app(tag=kind)
    keys = ANSWERS[kind] if checked else ()
    assert snap_compare(app, terminal_size=size, run_before=answering(keys))


@pytest.mark.parametrize("checked", [False, True], ids=["before", "after"])
def test_diagram_in_chinese_at_80x24(
    snap_compare: Any, make_app: Callable[..., QuizApp], checked: bool
) -> None:
    app = make_app(tag="diagram", lang="zh-CN")
    keys = ANSWERS["diagram"] if checked else ()
    assert snap_compare(app, terminal_size=(80, 24), run_before=answering(keys))


def test_home_screen(snap_compare: Any, make_app: Callable[..., QuizApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_quiz_summary_at_80x24(snap_compare: Any, db_path: Path) -> None:
    """Score, per-type lines and the missed questions fit a small terminal."""
    from quizapp.ui.factory import create_app
    from quizapp.ui.plans import QuizPlan

    plan = QuizPlan(types=("choice", "flashcard", "typed"), in_order=True)
    app = create_app(db_path, [], [str(SAMPLE)], clock=lambda: NOW, seed=7, quiz=plan)
    keys = ("1", "enter", "enter", "space", "n", *"syn snt", "enter", "enter")
    assert snap_compare(app, terminal_size=(80, 24), run_before=answering(keys, start=False))
    assert not db_path.exists()
