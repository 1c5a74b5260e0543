"""The statistics screen against a review log the test builds: the heatmap's days, streaks,
true retention young/mature by pack, tag and type, the forecast, the weakest questions, and
the same numbers as `quizapp stats --json --days 365`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_plain_stats_print_streak_retention_and_weakest_in_80_columns(
    make_app: Callable[..., QuizApp],
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """`quizapp stats` without --json: the numbers of --json (one service), in words."""
    import asyncio

    from rich.cells import cell_len

    from quizapp.services import study

    async def sync_cards() -> None:
        async with make_app().run_test(size=(80, 24)) as pilot:
            await pilot.pause()

    asyncio.run(sync_cards())
    log(db_path)
    monkeypatch.setattr(study, "utc_now", lambda: NOW)
    common = ["--db", str(db_path), "--packs-dir", str(SAMPLE), "--lang", lang]
    code, raw, _ = run(["stats", "--json", *common], capsys)
    assert code == 0
    data = json.loads(raw)
    code, out, _ = run(["stats", *common], capsys)
    assert code == 0, out
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert data["streak"] == {"current": 4, "longest": 4}
    pack_row = next(line for line in lines if "ui-sample" in line and "%" in line)
    cloze = next(line for line in lines if line.strip().startswith("ui-sample/cloze"))
    recall = f"{data['weakest'][0]['retrievability']:.0%}"
    if lang == "en":
        assert "Streak (days in a row, last 30 days): 4 now, longest 4" in lines
        assert "True retention (last 30 days): 83.3% of 6 reviews" in lines
        assert pack_row.split() == [
            "Pack",
            "ui-sample",
            *["100.0%", "of", "2", "75.0%", "of", "4", "83.3%", "of", "6"],
        ]
        assert "Weakest questions (most lapses, then lowest recall now):" in lines
    else:
        assert "连续学习天数（最近 30 天内）：当前 4 天，最长 4 天" in lines
        assert "实际保持率（最近 30 天）：6 次复习中 83.3%" in lines
        assert pack_row.split() == [
            "题库",
            "ui-sample",
            *["2", "次中", "100.0%", "4", "次中", "75.0%", "6", "次中", "83.3%"],
        ]
        assert "最薄弱的题目（遗忘次数最多，其次当前回忆率最低）：" in lines
    assert cloze.split()[:3] == ["ui-sample/cloze", "2", recall]  # then its prompt, cut to fit
    assert lines.index(cloze) < next(i for i, x in enumerate(lines) if "ui-sample/choice" in x)
    for key in ("typed", "choice"):
        assert any(line.split()[:3] == [f"ui-sample/{key}", "0", "100%"] for line in lines)


def test_the_chart_ticks_are_whole_numbers() -> None:
    from quizapp.ui.screens.stats import count_ticks

    assert count_ticks(1) == [0, 1]
    assert count_ticks(3) == [0, 1, 2, 3]
    assert count_ticks(7) == [0, 2, 4, 6, 8]
    assert count_ticks(100) == [0, 20, 40, 60, 80, 100]


async def test_the_forecast_axis_shows_no_fractions(
    make_app: Callable[..., QuizApp], db_path: Path
) -> None:
    """One card due in 3 days: plotext alone labelled the y axis 0.17, 0.33 ... 1.00."""
    import re

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        log(db_path)
        await pilot.press("t")
        await pilot.pause()
        chart = app.screen.query_one("#stats-forecast")
        drawn = "\n".join(
            "".join(seg.text for seg in chart.render_line(y)) for y in range(chart.size.height)
        )
        assert "Due in the next 30 days" in drawn
        assert not re.search(r"\d\.\d", drawn), drawn
        assert re.search(r"^\s*1\s*[┤│]", drawn, re.M), drawn


def shown_lines(widget: Any) -> list[str]:
    """The lines a widget draws, as text."""
    from textual.geometry import Region

    region = Region(0, 0, widget.size.width, widget.size.height)
    return [strip.text.rstrip() for strip in widget.render_lines(region)]


def save_interview(app: QuizApp, db_path: Path, scores: list[float], at: Any) -> None:
    """A mock interview of the sample pack, begun at `at`, one answer per score, 40 s each."""
    import random
    from datetime import timedelta

    from quizapp.domain import Outcome
    from quizapp.services.interview import Interview, save_report

    now = [at]
    interview = Interview.pick(
        app.packs, count=3, allowed=timedelta(minutes=5), rng=random.Random(4), clock=lambda: now[0]
    )
    for score in scores:
        question = interview.next_question()
        assert question is not None
        now[0] += timedelta(seconds=40)
        interview.record(question, Outcome(score=score))
    save_report(db_path, interview.report())


async def test_the_mock_interviews_are_those_of_interview_history_json(
    make_app: Callable[..., QuizApp], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import datetime, timedelta

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        listed = app.screen.query_one("#stats-interviews")
        assert shown_lines(listed) == ["No mock interviews yet: i on the home screen starts one."]
        save_interview(app, db_path, [0.5], NOW - timedelta(days=3))
        save_interview(app, db_path, [1.0, 1.0, 0.0], NOW - timedelta(days=1))
        await pilot.press("r")
        await pilot.pause()
        lines = shown_lines(app.screen.query_one("#stats-interviews"))
    code, out, _ = run(["interview", "--history", "--json", "--db", str(db_path)], capsys)
    assert code == 0
    past = json.loads(out)
    assert [(p["points"], p["planned"], p["percent"]) for p in past] == [(0.5, 3, 17), (2.0, 3, 67)]
    assert lines[0].split() == ["Date", "Pack", "Score", "Time"]
    for row, line in zip(past, lines[1:], strict=True):
        when = datetime.fromisoformat(row["started"]).astimezone().strftime("%Y-%m-%d %H:%M")
        used = f"{row['seconds_used'] // 60}:{row['seconds_used'] % 60:02d}"
        points = f"{row['points']:g}/{row['planned']}"
        assert line.split() == [
            *when.split(),
            row["scope"],
            points,
            f"({row['percent']}%)",
            used,
            "of",
            "5:00",
        ]
