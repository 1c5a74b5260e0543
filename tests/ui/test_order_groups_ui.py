"""The order widget with a group of steps: any order within the group gets every ✓ and 100%,
and the correct order it lists numbers the group's steps with their shared places."""

from __future__ import annotations

from pathlib import Path

from quizapp.ui.app import QuizApp
from quizapp.ui.factory import create_app
from quizapp.ui.plain import Static
from quizapp.ui.widgets.order_list import OrderList, StepRow
from tests.packs.helpers import question, write_pack
from tests.packs.test_order_groups import GROUPED
from tests.ui.conftest import NOW, reviews
from tests.ui.test_flows import SIZE, plain, start


def app_on_grouped(tmp_path: Path, lang: str | None = None) -> QuizApp:
    root = tmp_path / "packs"
    write_pack(root, {"t.md": question(GROUPED)}, pack_id="grouped")
    return create_app(tmp_path / "q.db", [str(root)], ["grouped"], lang=lang, clock=lambda: NOW)


async def test_the_group_in_the_other_order_is_all_right(tmp_path: Path) -> None:
    app = app_on_grouped(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        widget = screen.query_one(OrderList)
        arranged = ["s0", "s2", "s1", "s3", "d0"]  # answer before deliver: the group swapped
        widget.items.sort(key=lambda i: arranged.index(i.id))
        widget.cursor = 4
        await pilot.press("x", "enter")
        await pilot.pause()
        assert widget.outcome is not None and widget.outcome.score == 1.0
        rows = [plain(r) for r in widget.query(StepRow)]
        assert all(r.startswith("✓") for r in rows), rows
        await pilot.press("enter")
        await pilot.pause()
    assert reviews(tmp_path / "q.db")[0]["score"] == 1.0


async def test_a_wrong_order_lists_the_group_with_its_places(tmp_path: Path) -> None:
    app = app_on_grouped(tmp_path, lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot)
        widget = screen.query_one(OrderList)
        arranged = ["s3", "s1", "s0", "s2", "d0"]  # finish first: one ✗ beside the ✓s
        widget.items.sort(key=lambda i: arranged.index(i.id))
        widget.cursor = 4
        await pilot.press("x", "enter")
        await pilot.pause()
        assert widget.outcome is not None
        marks = [plain(r)[0] for r in widget.query(StepRow)]
        right = sum(p.correct for p in widget.outcome.parts if p.id.startswith("s"))
        assert marks.count("✓") == right + 1  # the discarded distractor is right too
        assert widget.outcome.score == right / 4
        shown = plain(widget.query_one("#order-answer", Static)).splitlines()
        assert shown[1:5] == [
            "  1. 验证",
            "2–3. 交付  （这几步顺序不限）",
            "2–3. 应答",
            "  4. 完成",
        ]
