"""Study days in real IANA zones: calendar-day arithmetic across America/Denver's two 2026 DST
changes (8 March, 1 November) and Asia/Shanghai (no DST, UTC+8), and the system zone by name."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from quizapp import config, scheduler
from quizapp.config import Settings
from quizapp.domain import CardState, Grade

DENVER = ZoneInfo("America/Denver")
SHANGHAI = ZoneInfo("Asia/Shanghai")
D = Settings(timezone="America/Denver", enable_fuzzing=False)
SH = Settings(timezone="Asia/Shanghai", enable_fuzzing=False)


@pytest.mark.parametrize(
    ("evening", "next_start_utc", "hours"),
    [
        # spring forward: 04:00 MDT is 10:00 UTC; the study day from 7 March 04:00 MST is 23 h
        (datetime(2026, 3, 7, 22, 0, tzinfo=DENVER), datetime(2026, 3, 8, 10, 0, tzinfo=UTC), 23),
        # fall back: 04:00 MST is 11:00 UTC; the study day from 31 October is 25 h long
        (
            datetime(2026, 10, 31, 22, 0, tzinfo=DENVER),
            datetime(2026, 11, 1, 11, 0, tzinfo=UTC),
            25,
        ),
    ],
)
def test_denver_day_start_on_the_evening_before_a_dst_change(
    evening: datetime, next_start_utc: datetime, hours: int
) -> None:
    assert D.next_day_start(evening) == next_start_utc
    assert D.next_day_start(evening) - D.day_start(evening) == timedelta(hours=hours)
    assert D.day_start_on(D.study_day(evening)) == D.day_start(evening)
    just_before = next_start_utc - timedelta(seconds=1)
    assert D.study_day(just_before) == D.study_day(evening)
    assert D.study_day(next_start_utc) == D.study_day(evening) + timedelta(days=1)


def test_denver_elapsed_days_across_both_changes() -> None:
    for evening in (
        datetime(2026, 3, 7, 20, 0, tzinfo=DENVER),
        datetime(2026, 10, 31, 20, 0, tzinfo=DENVER),
    ):
        first = scheduler.review(D, CardState(), Grade.GOOD, evening)
        learnt = scheduler.review(D, first, Grade.GOOD, evening + timedelta(minutes=10))
        morning = evening.replace(hour=9) + timedelta(days=1)  # wall clock 09:00 next day
        after = scheduler.review(D, learnt, Grade.GOOD, morning)
        same_day = scheduler.review(D, learnt, Grade.GOOD, evening + timedelta(hours=3))
        assert after.stability is not None and same_day.stability is not None
        assert after.stability > 3 * same_day.stability  # one study day later, not 0


def test_shanghai_day_starts_at_four_local_which_is_eight_pm_utc() -> None:
    now = datetime(2026, 3, 7, 19, 59, tzinfo=UTC)  # 03:59 on 8 March in Shanghai
    assert SH.study_day(now) == date(2026, 3, 7)
    assert SH.next_day_start(now) == datetime(2026, 3, 7, 20, 0, tzinfo=UTC)
    assert SH.study_day(now + timedelta(minutes=1)) == date(2026, 3, 8)
    assert SH.day_start_on(date(2026, 3, 8)) == datetime(2026, 3, 7, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize("name", ["America/Denver", "Asia/Shanghai"])
def test_the_default_zone_is_the_system_zone_by_name(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the offset in force today: a default zone taken in January must still know that
    Denver is UTC-6 in July."""
    import tzlocal

    monkeypatch.setenv("TZ", name)
    tzlocal.reload_localzone()
    config._local_zone.cache_clear()
    try:
        zone = Settings().zone()
        assert str(zone) == name
        if name == "America/Denver":
            july = datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(zone)
            january = datetime(2026, 1, 1, 12, tzinfo=UTC).astimezone(zone)
            assert july.utcoffset() == timedelta(hours=-6)
            assert january.utcoffset() == timedelta(hours=-7)
    finally:
        monkeypatch.undo()
        tzlocal.reload_localzone()
        config._local_zone.cache_clear()


def reference_day(settings: Settings, when: datetime) -> tuple[date, datetime, datetime]:
    """The study day, its start and the next day's start, computed from scratch the way
    config.py computed them before it kept them per quarter hour."""
    zone = settings.zone()
    local = when.astimezone(zone)
    start = local.replace(hour=settings.day_starts_hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    day = (local - timedelta(hours=settings.day_starts_hour)).date()
    naive = start.astimezone(UTC).astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    return day, start.astimezone(UTC), naive.replace(tzinfo=zone).astimezone(UTC)


@pytest.mark.parametrize(
    "zone",
    [
        "America/Denver",
        "Europe/Berlin",
        "Asia/Kathmandu",
        "Australia/Lord_Howe",
        "America/St_Johns",
    ],
)
@pytest.mark.parametrize("hour", [0, 2, 4])
def test_kept_study_days_match_a_fresh_computation_across_dst_changes(zone: str, hour: int) -> None:
    """Day, start and end are kept per UTC quarter hour (asked several times per answer):
    through 2026's DST changes (Lord Howe moves by 30 minutes, Kathmandu and St John's are off
    the hour) every 45 minutes they equal a computation from scratch, at the end, the start
    and the middle of the quarter hour, the end filling what the other two read."""
    settings = Settings(timezone=zone, day_starts_hour=hour)
    config._STUDY_DAYS.clear()
    moments = (timedelta(minutes=14, seconds=59), timedelta(0), timedelta(minutes=7, seconds=30))
    for first in (datetime(2026, 3, 6, tzinfo=UTC), datetime(2026, 10, 2, tzinfo=UTC)):
        for step in range(0, 35 * 24 * 60, 45):
            for moment in moments:
                when = first + timedelta(minutes=step) + moment
                expected = reference_day(settings, when)
                assert settings.study_day(when) == expected[0], when
                assert settings.day_start(when) == expected[1], when
                assert settings.next_day_start(when) == expected[2], when


def test_the_localtime_link_names_the_zone_as_tzlocal_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The short cut that skips tzlocal at start-up: /etc/localtime linked into a zoneinfo
    folder names the zone; TZ set, no link, or a link elsewhere are left to tzlocal."""
    monkeypatch.delenv("TZ", raising=False)
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/America/Denver")
    assert str(config._linked_zone(str(link))) == "America/Denver"
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    assert config._linked_zone(str(link)) is None
    monkeypatch.delenv("TZ")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.symlink_to(tmp_path / "zone-file")
    assert config._linked_zone(str(elsewhere)) is None
    assert config._linked_zone(str(tmp_path / "missing")) is None
    unknown = tmp_path / "unknown"
    unknown.symlink_to("/usr/share/zoneinfo/Nowhere/Atlantis")
    assert config._linked_zone(str(unknown)) is None


def test_the_system_zone_agrees_with_tzlocal(monkeypatch: pytest.MonkeyPatch) -> None:
    import tzlocal

    monkeypatch.delenv("TZ", raising=False)
    tzlocal.reload_localzone()
    config._local_zone.cache_clear()
    try:
        assert str(Settings().zone()) == str(tzlocal.get_localzone())
    finally:
        config._local_zone.cache_clear()
