"""`quizapp stats`: counts, reviews per day, true retention and the due forecast."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.domain import Grade
from quizapp.domain.pack import Pack
from quizapp.errors import QuizappError
from quizapp.services.stats import collect_stats
from quizapp.services.stats_text import format_stats
from quizapp.services.study import StudySession
from tests.services.study_helpers import SETTINGS, Clock


def test_stats_over_several_days(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("p", 6)
    session = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    session.store.save_settings(SETTINGS)
    for key in ("p/q000", "p/q001", "p/q002"):
        session.answer(key, Grade.EASY)  # day 0: three new questions graduate
    session.suspend("p/q005")
    clock.advance(days=20)
    session.answer("p/q000", Grade.GOOD)  # day 20: one pass, one lapse of review cards
    session.answer("p/q001", Grade.AGAIN)
    session.close()

    data = collect_stats(db_path, clock.now, days=30)
    assert (data["new"], data["learning"], data["review"], data["suspended"]) == (2, 1, 2, 1)
    assert data["reviews_today"] == 2
    assert len(data["reviews_by_day"]) == 30 and sum(data["reviews_by_day"].values()) == 5
    assert data["reviews_by_day"]["2026-03-02"] == 3
    assert data["reviews_by_day"]["2026-03-22"] == 2
    assert data["retention"] == 0.5  # only answers to review-state questions count
    assert len(data["forecast"]) == 30
    assert data["forecast"][0] == data["due_today"] == 2  # relearning q001, overdue q002
    assert sum(data["forecast"]) == 2  # q000 now has an interval beyond 30 days
    assert "50.0% of 2 reviews" in format_stats(data)

    only = collect_stats(db_path, clock.now, pack_ids=["p"])
    assert only["review"] == 2
    with pytest.raises(QuizappError, match="no pack nope"):
        collect_stats(db_path, clock.now, pack_ids=["nope"])


def test_stats_command_json_and_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["stats", "--db", str(missing), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("new", "learning", "review", "due_today", "suspended", "reviews_today"):
        assert data[key] == 0
    assert data["retention"] is None and data["forecast"] == [0] * 30
    assert len(data["reviews_by_day"]) == 30
    assert not missing.exists()  # a read-only command creates nothing

    text = runner.invoke(cli, ["stats", "--db", str(missing)])
    assert text.exit_code == 0 and "Due today: 0" in text.output


def test_stats_command_on_a_foreign_file(tmp_path: Path) -> None:
    from quizapp.cli import main

    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--db", str(notes)])
    assert exit_info.value.code == 1
    assert notes.read_text() == "not a database"


def test_reviews_today_follow_the_day_boundary(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    session = StudySession.open(db_path, [pack_factory("p", 2)], clock=clock, settings=SETTINGS)
    session.store.save_settings(SETTINGS)
    clock.now = clock.now.replace(hour=3, minute=30) + timedelta(days=1)  # 03:30: still today
    session.answer("p/q000", Grade.GOOD)
    session.close()
    data = collect_stats(db_path, clock.now)
    assert data["reviews_today"] == 1
    assert data["reviews_by_day"]["2026-03-02"] == 1


@pytest.mark.parametrize(
    ("before", "after", "zone"),
    [
        # 03:30 local is still the previous study day, 04:30 the new one, on both DST days
        ("2026-03-08T03:30", "2026-03-08T04:30", "America/Denver"),
        ("2026-11-01T03:30", "2026-11-01T04:30", "America/Denver"),
        ("2026-03-08T03:30", "2026-03-08T04:30", "Asia/Shanghai"),
    ],
)
def test_stats_days_are_local_calendar_days_across_dst(
    db_path: Path, pack_factory: Callable[..., Pack], before: str, after: str, zone: str
) -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    settings = SETTINGS.replace(timezone=zone)
    local = ZoneInfo(zone)
    times = [
        datetime.fromisoformat(t).replace(tzinfo=local).astimezone(UTC) for t in (before, after)
    ]
    clock = Clock(times[0])
    pack = pack_factory("p", 2)
    session = StudySession.open(db_path, [pack], clock=clock, settings=settings)
    session.store.save_settings(settings)
    session.answer("p/q000", Grade.GOOD)
    clock.now = times[1]
    session.answer("p/q001", Grade.GOOD)
    session.close()

    data = collect_stats(db_path, clock.now + timedelta(days=3), days=10)
    day = before[:10]
    previous = (datetime.fromisoformat(day) - timedelta(days=1)).date().isoformat()
    assert data["reviews_by_day"][previous] == 1
    assert data["reviews_by_day"][day] == 1
    assert sum(data["reviews_by_day"].values()) == 2


def test_answers_stamped_in_the_future_stay_out_of_todays_counts(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    """A clock that ran ahead and came back: the answer stays in the log (in time order) but
    is not counted as done today."""
    pack = pack_factory("p", 2)
    session = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    session.store.save_settings(SETTINGS)
    clock.advance(hours=3)
    session.answer("p/q000", Grade.GOOD)
    clock.advance(hours=-3)
    session.answer("p/q001", Grade.GOOD)  # logged after, stamped 3 hours earlier
    day = SETTINGS.day_start(clock.now)
    assert session.store.day_counts(day, clock.now).new == 1  # only the one given by now
    assert session.store.day_counts(day, clock.now + timedelta(hours=4)).new == 2
    from quizapp.store.params import review_log

    times = [row[2] for row in review_log(session.store, "p")]
    assert len(times) == 2
    session.close()
    data = collect_stats(db_path, clock.now, days=30)
    assert data["reviews_today"] == 1
    later = collect_stats(db_path, clock.now + timedelta(hours=4), days=30)
    assert later["reviews_today"] == 2
