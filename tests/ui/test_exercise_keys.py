"""Exercise keys that say what they do: an order position is the number shown, Enter with
nothing picked picks nothing, and "in 1 minute" is English (issue 14)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.ui.app import QuizApp
from quizapp.ui.screens.timefmt import when
from quizapp.ui.widgets.choice_list import ChoiceList
from quizapp.ui.widgets.order_list import OrderList, StepRow
from tests.ui.conftest import reviews
from tests.ui.test_flows import SIZE, plain, start


async def test_order_position_typed_is_the_number_shown_past_a_discarded_row(
    make_app: Callable[..., QuizApp],
) -> None:
    app = make_app(tag="order")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        widget = screen.query_one(OrderList)
        widget.items.sort(key=lambda i: (i.id != "d0", i.id))  # d0 s0 s1 s2
        widget.cursor = 0
        await pilot.press("x")  # discard d0: rows show "—", 1., 2., 3.
        widget.cursor = 1  # s0, shown as "1."
        await pilot.press("3")
        rows = [plain(r) for r in widget.query(StepRow)]
        numbered = {r.split(". ", 1)[1]: r.split(".")[0].strip() for r in rows if ". " in r}
        s0 = next(i.text for i in widget.items if i.id == "s0")
        assert numbered[s0] == "3", rows


async def test_enter_with_nothing_picked_submits_nothing(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app(tag="choice")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        widget = screen.query_one(ChoiceList)
        assert not widget.checked and not screen.answered and widget.selected == set()
    assert reviews(db_path) == []


def test_one_minute_is_singular() -> None:
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    assert when(now + timedelta(seconds=70), now) == "in 1 minute"
    assert when(now + timedelta(minutes=5), now) == "in 5 minutes"
