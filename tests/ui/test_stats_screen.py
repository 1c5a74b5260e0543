"""The statistics screen against a review log the test builds: the heatmap's days, streaks,
true retention young/mature by pack, tag and type, the forecast, the weakest questions, and
the same numbers as `quizapp stats --json --days 365`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.store.records import to_ms
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.stats import StatsScreen
from tests.cli_helpers import run
from tests.ui.conftest import NOW, SAMPLE

DAY = 86_400_000


def log(db_path: Path) -> None:
    """choice: mature (30-day interval), answered Good 3, 2 and 1 days ago, Again today;
    typed: young (5-day interval), Good yesterday and today; cloze: in review, due in 3 days,
    lapsed twice. UTC, day start 04:00: NOW (12:00) is in today's study day."""
    now = to_ms(NOW)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('timezone', '\"UTC\"')")
        ids = dict(conn.execute("SELECT question_id, id FROM card WHERE pack_id = 'ui-sample'"))

        def review(question: str, days_ago: int, grade: int, interval_days: int) -> None:
            at = now - days_ago * DAY
            before = {"due_ms": at, "last_review_ms": at - interval_days * DAY}
            conn.execute(
                "INSERT INTO review (card_id, reviewed_ms, grade, kind, before)"
                " VALUES (?, ?, ?, 2, ?)",
                (ids[question], at, grade, json.dumps(before)),
            )

        for days_ago, grade in ((3, 3), (2, 2), (1, 3), (0, 1)):
            review("choice", days_ago, grade, 30)
        review("typed", 1, 3, 5)
        review("typed", 0, 3, 5)
        review("cloze", 40, 3, 2)  # a year's heatmap sees it; the streak does not reach it
        card = (
            "UPDATE card SET state = 2, stability = ?, due_ms = ?, last_review_ms = ?,"
            " lapses = ? WHERE id = ?"
        )
        conn.execute(card, (30.0, now + 20 * DAY, now, 0, ids["choice"]))
        conn.execute(card, (5.0, now + 5 * DAY, now, 0, ids["typed"]))
        conn.execute(card, (2.0, now + 3 * DAY, now - 40 * DAY, 2, ids["cloze"]))
    conn.close()


async def test_the_screen_shows_the_numbers_of_the_log(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        log(db_path)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        data = screen.data
        assert data["review"] == 3 and data["new"] == 3
        by_day = data["reviews_by_day"]
        assert len(by_day) == 365
        assert list(by_day.values())[-4:] == [1, 1, 2, 2]  # 3 days ago .. today
        assert by_day["2025-11-26"] == 1  # cloze, 40 days ago
        assert data["streak"] == {"current": 4, "longest": 4}
        retention = data["true_retention"]
        assert retention["pack"]["ui-sample"] == {
            "young_passed": 3,
            "young_reviews": 3,
            "mature_passed": 3,
            "mature_reviews": 4,
        }
        assert retention["type"]["choice"] == {
            "young_passed": 0,
            "young_reviews": 0,
            "mature_passed": 3,
            "mature_reviews": 4,
        }
        assert retention["tag"]["typed"]["young_reviews"] == 2
        assert retention["tag"]["sample"]["young_reviews"] == 3
        assert data["forecast"][3] == 1 and data["forecast"][5] == 1 and sum(data["forecast"]) == 3
        weakest = data["weakest"]
        assert weakest[0]["key"] == "ui-sample/cloze" and weakest[0]["lapses"] == 2
        assert 0 < weakest[0]["retrievability"] < 0.9  # 40 days at stability 2
        assert [w["retrievability"] for w in weakest[1:]] == [1.0, 1.0]  # answered just now
        keys = [w["key"] for w in weakest]  # a tie goes by key
        assert keys == ["ui-sample/cloze", "ui-sample/choice", "ui-sample/typed"]
        streak = str(screen.query_one("#stats-streak").render())
        assert streak == "Streak (days in a row): 4 now, longest 4 · reviews in the last year: 7"


def test_the_same_numbers_as_stats_json(
    make_app: Callable[..., QuizApp],
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio

    from quizapp.services import study

    app = make_app()
    shown: dict[str, object] = {}

    async def look() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            log(db_path)
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, StatsScreen)
            shown.update(app.screen.data)

    asyncio.run(look())
    monkeypatch.setattr(study, "utc_now", lambda: NOW)
    code, out, _ = run(
        ["stats", "--json", "--days", "365", "--db", str(db_path), "--packs-dir", str(SAMPLE)],
        capsys,
    )
    assert code == 0
    assert json.loads(out) == shown
    assert shown["weakest"] and shown["true_retention"]


async def test_w_studies_the_weakest_now(make_app: Callable[..., QuizApp], db_path: Path) -> None:
    from quizapp.ui.screens.quiz import QuizScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        log(db_path)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("w")  # none of them is due today: a quiz of the three
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        keys = {q.key for q in app.screen.quiz.questions}
        assert keys == {"ui-sample/cloze", "ui-sample/typed", "ui-sample/choice"}
