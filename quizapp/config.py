"""Scheduling settings: one frozen object, stored as JSON in the database `setting` table.

Every field has a docstring because `docs/scheduling.md` and the stats output point users here.
Names follow Anki's deck options where an Anki user would look for them.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from quizapp.errors import QuizappError
from quizapp.i18n import INTERFACE_LANGUAGES, _, normalise


class SettingsError(QuizappError):
    """Settings that cannot be used; `problems` name each field's fault (the settings screen
    shows them beside the field, the command line after "invalid settings:")."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            _("invalid settings: {problems}").format(problems="; ".join(self.problems))
        )


@dataclass(frozen=True)
class Settings:
    """Scheduler and queue options (defaults match Anki's FSRS defaults where they exist)."""

    desired_retention: float = 0.9
    """Probability of recall FSRS aims for when it picks an interval (0.7 to 0.99)."""
    learning_steps: tuple[int, ...] = (60, 600)
    """Learning steps for new questions, in seconds (Anki: 1m 10m)."""
    relearning_steps: tuple[int, ...] = (600,)
    """Relearning steps after a lapse, in seconds (Anki: 10m)."""
    maximum_interval: int = 36500
    """Longest interval in days."""
    enable_fuzzing: bool = True
    """Spread review intervals a little so questions learnt together do not stay together."""
    new_per_day: int = 20
    """New questions introduced per study day."""
    reviews_per_day: int = 200
    """Reviews (questions in the review state) per study day."""
    day_starts_hour: int = 4
    """Local hour at which a new study day begins (Anki's "next day starts at")."""
    timezone: str | None = None
    """IANA zone for the day boundary, e.g. "Asia/Shanghai"; None means the system's zone."""
    leech_threshold: int = 8
    """Lapses after which a question is tagged a leech and suspended (0 turns this off)."""
    learn_ahead_minutes: int = 20
    """When nothing else is due, learning questions due within this many minutes are shown."""
    new_mix: str = "mix"
    """Where new questions go: "mix" (spread among reviews), "after" or "before" reviews."""
    fast_answer_seconds: float = 10.0
    """A fully right auto-graded answer at least this fast suggests Easy."""
    slow_answer_seconds: float = 60.0
    """A fully right auto-graded answer slower than this suggests Hard."""
    language: str | None = None
    """Interface language, "en" or "zh-CN" (`--lang` wins); None follows the system locale."""
    theme: str | None = None
    """The app's colour theme by name, e.g. "nord" (the settings screen lists them); None
    means Textual's default."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Unknown keys read from a newer version, kept so saving does not drop them."""

    def __post_init__(self) -> None:
        problems = [
            _("{name} must be {kind}").format(
                name=name, kind=kind.__name__ if isinstance(kind, type) else _("a number")
            )
            for name, kind in _TYPES.items()
            if isinstance(getattr(self, name), bool) != (kind is bool)
            or not isinstance(getattr(self, name), kind)
        ]
        if self.timezone is not None and not isinstance(self.timezone, str):
            problems.append(_("timezone must be a zone name such as Europe/Berlin"))
        if self.theme is not None and not (
            isinstance(self.theme, str) and _THEME.fullmatch(self.theme)
        ):
            problems.append(_("theme must be a theme name such as nord (letters, digits, -)"))
        steps = (*self.learning_steps, *self.relearning_steps)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in steps):
            problems.append(_("learning and relearning steps must be whole seconds"))
        if problems:
            raise SettingsError(problems)
        if not 0.7 <= self.desired_retention <= 0.99:
            problems.append(_("desired_retention must be between 0.7 and 0.99"))
        if any(s <= 0 for s in (*self.learning_steps, *self.relearning_steps)):
            problems.append(_("learning and relearning steps must be positive seconds"))
        if self.maximum_interval < 1:
            problems.append(_("maximum_interval must be at least 1 day"))
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            problems.append(_("daily limits cannot be negative"))
        if not 0 <= self.day_starts_hour <= 23:
            problems.append(_("day_starts_hour must be 0 to 23"))
        if self.new_mix not in ("mix", "after", "before"):
            problems.append(_('new_mix must be "mix", "after" or "before"'))
        if self.language is not None and (
            not isinstance(self.language, str) or normalise(self.language) is None
        ):
            problems.append(
                _("language must be one of {languages}").format(
                    languages=", ".join(INTERFACE_LANGUAGES)
                )
            )
        if self.timezone is not None:
            try:
                _zone(self.timezone)
            except QuizappError as exc:
                problems.append(str(exc))
        if problems:
            raise SettingsError(problems)

    def to_mapping(self) -> dict[str, Any]:
        """JSON-ready mapping (steps as lists), including keys kept from a newer version."""
        out: dict[str, Any] = dict(self.extra)
        for f in dataclasses.fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Settings:
        """Build from stored JSON; unknown keys go to `extra`, bad values raise QuizappError."""
        known = {f.name for f in dataclasses.fields(cls)} - {"extra"}
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                extra[key] = value
            elif key in ("learning_steps", "relearning_steps"):
                kwargs[key] = tuple(int(v) for v in value)
            else:
                kwargs[key] = value
        try:
            return cls(**kwargs, extra=extra)
        except TypeError as exc:
            raise SettingsError([str(exc)]) from exc

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (validated)."""
        return dataclasses.replace(self, **changes)

    def zone(self) -> tzinfo:
        """The zone the day boundary is computed in."""
        return _zone(self.timezone)

    def day_start(self, now: datetime) -> datetime:
        """Start (UTC-aware) of the study day containing `now`, e.g. 04:00 local time."""
        return self._day_of(now).start

    def study_day(self, when: datetime) -> date:
        """The study day `when` falls in, named by its local calendar date (1 am counts as the
        day before with the 4 am default). Elapsed time for FSRS is the difference of two of
        these in days, as Anki counts it: every answer since the day began is 0 days later."""
        zone = self.zone()
        found = _STUDY_DAYS.get((zone, self.day_starts_hour, int(when.timestamp() // 900)))
        if found is not None:
            return found.day
        return date.fromordinal(_study_ordinal(when.astimezone(zone), self.day_starts_hour))

    def _day_of(self, when: datetime) -> _StudyDay:
        """The study day around `when`, kept per UTC quarter hour: each answer asks for the
        day of now, its start and its end several times (the queue, the counts, the elapsed
        days), and UTC offsets and their changes fall on quarter hours, so no day boundary (a
        local whole hour) falls inside one. A zone with an odd offset (historical local mean
        time) is computed every time."""
        zone = self.zone()
        key = (zone, self.day_starts_hour, int(when.timestamp() // 900))
        found = _STUDY_DAYS.get(key)
        if found is not None:
            return found
        local = when.astimezone(zone)
        start = local.replace(hour=self.day_starts_hour, minute=0, second=0, microsecond=0)
        if local < start:
            start -= timedelta(days=1)
        start_utc = start.astimezone(UTC)
        naive_next = start_utc.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
        found = _StudyDay(
            day=date.fromordinal(_study_ordinal(local, self.day_starts_hour)),
            start=start_utc,
            next_start=naive_next.replace(tzinfo=zone).astimezone(UTC),
        )
        offset = local.utcoffset()
        if offset is not None and offset.total_seconds() % 900 == 0:
            if len(_STUDY_DAYS) >= 4096:  # a long optimisation's worth; start again
                _STUDY_DAYS.clear()
            _STUDY_DAYS[key] = found
        return found

    def study_days_of_ms(self, times_ms: Sequence[int]) -> list[int]:
        """`study_day(...).toordinal()` of many epoch-millisecond times (the review log's unit),
        in order. An optimisation converts a whole log, so each quarter hour is looked up once:
        UTC offsets and their changes fall on quarter hours, so a day boundary (a local whole
        hour) never falls inside one and every time in it is on the same study day."""
        zone, hour = self.zone(), self.day_starts_hour
        known: dict[int, int] = {}
        out: list[int] = []
        for ms in times_ms:
            quarter = ms // 900_000
            day = known.get(quarter)
            if day is None:
                local = datetime.fromtimestamp(ms / 1000, zone)
                day = _study_ordinal(local, hour)
                offset = local.utcoffset()
                if offset is not None and offset.total_seconds() % 900 == 0:
                    known[quarter] = day
            out.append(day)
        return out

    def next_day_start(self, now: datetime) -> datetime:
        """Start of the next study day (23-25 hours later around DST changes)."""
        return self._day_of(now).next_start

    def day_start_on(self, day: date) -> datetime:
        """Start (UTC-aware) of the study day named by the local calendar date `day`: calendar
        arithmetic, so days around a DST change are 23 or 25 hours long."""
        local = datetime(day.year, day.month, day.day, self.day_starts_hour, tzinfo=self.zone())
        return local.astimezone(UTC)


class _StudyDay(NamedTuple):
    """One study day: its name (local date) and its start and the next day's, in UTC."""

    day: date
    start: datetime
    next_start: datetime


_STUDY_DAYS: dict[tuple[tzinfo, int, int], _StudyDay] = {}
"""(zone, day_starts_hour, UTC quarter hour) -> its study day (`Settings._day_of`)."""


def _study_ordinal(local: datetime, day_starts_hour: int) -> int:
    """Day number (date ordinal) of the study day of a local time: before the day-start hour
    it is still the previous day."""
    return local.toordinal() - (local.hour < day_starts_hour)


_THEME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")

_TYPES: dict[str, type | tuple[type, ...]] = {
    "desired_retention": (int, float),
    "maximum_interval": int,
    "enable_fuzzing": bool,
    "new_per_day": int,
    "reviews_per_day": int,
    "day_starts_hour": int,
    "leech_threshold": int,
    "learn_ahead_minutes": int,
    "new_mix": str,
    "fast_answer_seconds": (int, float),
    "slow_answer_seconds": (int, float),
}


def _zone(name: str | None) -> tzinfo:
    """The named IANA zone, or the system's by its IANA name (tzlocal reads TZ,
    /etc/localtime or the Windows registry). Not the fixed offset in force now: that is an
    hour off for every day past the next DST change."""
    return _local_zone() if name is None else _named_zone(name)


@functools.lru_cache(maxsize=8)  # asked several times per answer (day starts, study days)
def _named_zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise QuizappError(_("unknown time zone {name!r}").format(name=name)) from exc


@functools.cache
def _local_zone() -> tzinfo:
    """The system zone, looked up once per process (the day boundary should not move under a
    running session)."""
    linked = _linked_zone()
    if linked is not None:
        return linked
    try:
        import tzlocal

        return tzlocal.get_localzone()
    except (ImportError, LookupError, ValueError, OSError):  # a misconfigured system
        local = datetime.now().astimezone().tzinfo
        assert local is not None
        return local


def _linked_zone(localtime: str = "/etc/localtime") -> tzinfo | None:
    """The zone /etc/localtime links to, named by its path below a `zoneinfo` folder, when TZ
    is unset: how systemd and macOS name the system zone, and the answer tzlocal gives there
    too (it prefers that link when other files disagree). Taking it directly saves importing
    tzlocal and its failed guesses (about 10 ms of every start); anything else is tzlocal's."""
    if "TZ" in os.environ or not os.path.islink(localtime):
        return None
    target = os.path.realpath(localtime)
    _, marker, key = target.rpartition("/zoneinfo/")
    if not marker or not key:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
