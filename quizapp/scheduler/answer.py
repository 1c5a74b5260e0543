"""One answer, scheduled by Anki's rules on top of FSRS's memory model.

py-fsrs counts elapsed time in whole 24-hour periods and fuzzes with the global random
generator. Anki counts study days (a review at 09:00 after one at 20:10 two evenings before is
2 days later, not 1) and seeds fuzz from the card, and it keeps Hard < Good < Easy apart by at
least a day. This module keeps py-fsrs's arithmetic (stability, difficulty, short-term
stability) and applies Anki's rules around it: `days_elapsed` from study days
(anki-fsrs-conventions.md §1), seeded fuzz (§2) and button intervals (§3). Due times stay exact
instants: only the elapsed days given to FSRS are counted by study day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from quizapp.config import Settings
from quizapp.domain import CardState, CardStateName, Grade
from quizapp.scheduler.fuzz import fuzz_bounds, fuzz_factor, fuzzed_interval, rust_round

if TYPE_CHECKING:
    import fsrs

_DAY = timedelta(days=1)


class Memory(NamedTuple):
    """FSRS's memory state after one grade (a named tuple: a replayed log makes one or two
    per answer, and a frozen dataclass costs several times as much to make)."""

    stability: float
    difficulty: float


class Next(NamedTuple):
    """Where a grade puts the card: its state, learning step and the time until it is due."""

    state: CardStateName
    step: int | None
    memory: Memory
    interval: timedelta


StudyDay = Callable[[datetime], int]
"""A time's study day as a day number (`Settings.study_day(...).toordinal()`, or a memo of it)."""


def days_elapsed(
    settings: Settings, last_review: datetime | None, now: datetime, day: StudyDay | None = None
) -> int:
    """Study days since the last review, as Anki gives FSRS: 0 for any answer since the day
    began, and 0 when the clock reads earlier than the last review."""
    if last_review is None:
        return 0
    if day is not None:
        return max(day(now) - day(last_review), 0)
    return max((settings.study_day(now) - settings.study_day(last_review)).days, 0)


_NEEDS: dict[Grade, tuple[Grade, ...]] = {
    Grade.AGAIN: (Grade.AGAIN,),
    Grade.HARD: (Grade.HARD, Grade.GOOD),
    Grade.GOOD: (Grade.HARD, Grade.GOOD),
    Grade.EASY: (Grade.HARD, Grade.GOOD, Grade.EASY),
}
"""The memories a grade's outcome is computed from: each passing grade's interval is kept
apart from the one below it, and a Hard that graduates takes Good's interval."""


def next_memories(
    scheduler: fsrs.Scheduler, state: CardState, days: int, grades: Iterable[Grade] = Grade
) -> dict[Grade, Memory]:
    """FSRS's next memory state for each of `grades` (Anki's `next_states`)."""
    import fsrs

    out: dict[Grade, Memory] = {}
    s, d = state.stability, state.difficulty
    for grade in grades:
        rating = fsrs.Rating(int(grade))
        if s is None or d is None:
            new_s = scheduler._initial_stability(rating=rating)
            new_d = scheduler._initial_difficulty(rating=rating, clamp=True)
        else:
            if days == 0:
                new_s = scheduler._short_term_stability(stability=s, rating=rating)
            else:
                r = (1 + scheduler._FACTOR * days / s) ** scheduler._DECAY
                new_s = scheduler._next_stability(
                    difficulty=d, stability=s, retrievability=r, rating=rating
                )
            new_d = scheduler._next_difficulty(difficulty=d, rating=rating)
        out[grade] = Memory(float(new_s), float(new_d))
    return out


def schedule_all(
    settings: Settings,
    scheduler: fsrs.Scheduler,
    state: CardState,
    days: int,
    *,
    card_id: int,
    fuzz: bool,
) -> dict[Grade, Next]:
    """What each grade would do `days` study days after the last review (`days_elapsed`).
    Fuzz is seeded from (card_id, reps), so calling this twice (the preview on the keys,
    then the answer) gives the same intervals."""
    factor = fuzz_factor(card_id, state.reps) if fuzz else None
    return schedule(settings, scheduler, state, days, tuple(Grade), factor)


def schedule(
    settings: Settings,
    scheduler: fsrs.Scheduler,
    state: CardState,
    days: int,
    grades: tuple[Grade, ...],
    factor: float | None,
    interval: int | None = None,
) -> dict[Grade, Next]:
    """What each of `grades` would do `days` study days after the last review, fuzzed by
    `factor` (None: no fuzz). A replayed answer asks for its own grade only; the memories and
    intervals the other grades would need are not computed. `interval`: the card's current
    interval in study days when the caller knows it (`current_interval`)."""
    needed = _NEEDS[grades[0]] if len(grades) == 1 else {g: 0 for x in grades for g in _NEEDS[x]}
    memories = next_memories(scheduler, state, days, needed)
    if state.state == "review":
        if interval is None:
            interval = current_interval(settings, state)
        return _review_intervals(settings, scheduler, interval, memories, factor, grades)
    maximum = settings.maximum_interval

    def review(grade: Grade, days_: int) -> Next:
        return Next("review", None, memories[grade], days_ * _DAY)

    def graduate_good() -> int:
        good = _ivl(scheduler, memories[Grade.GOOD])
        return fuzzed_interval(max(rust_round(good), 1), 1, maximum, factor)

    def graduate_easy() -> int:
        good = fuzzed_interval(_ivl(scheduler, memories[Grade.GOOD]), 1, maximum, factor)
        easy = max(rust_round(_ivl(scheduler, memories[Grade.EASY])), 1)
        return fuzzed_interval(easy, good + 1, maximum, factor)

    steps = settings.relearning_steps if state.state == "relearning" else settings.learning_steps
    stepping: CardStateName = "relearning" if state.state == "relearning" else "learning"
    step = state.step or 0
    out: dict[Grade, Callable[[], Next]] = {}
    if not steps or step >= len(steps):
        # No steps (or fewer than when this card was scheduled): every pass graduates.
        def again() -> Next:
            if steps:
                return Next(stepping, 0, memories[Grade.AGAIN], timedelta(seconds=steps[0]))
            fail = max(rust_round(_ivl(scheduler, memories[Grade.AGAIN])), 1)
            return review(Grade.AGAIN, fuzzed_interval(fail, 1, maximum, factor))

        out[Grade.AGAIN] = again
        out[Grade.HARD] = lambda: review(Grade.HARD, graduate_good())
        out[Grade.GOOD] = lambda: review(Grade.GOOD, graduate_good())
        out[Grade.EASY] = lambda: review(Grade.EASY, graduate_easy())
        return {grade: out[grade]() for grade in grades}
    out[Grade.AGAIN] = lambda: Next(stepping, 0, memories[Grade.AGAIN], timedelta(seconds=steps[0]))
    hard = hard_step(steps, step)
    out[Grade.HARD] = lambda: Next(stepping, step, memories[Grade.HARD], timedelta(seconds=hard))
    if step + 1 < len(steps):
        out[Grade.GOOD] = lambda: Next(
            stepping, step + 1, memories[Grade.GOOD], timedelta(seconds=steps[step + 1])
        )
    else:
        out[Grade.GOOD] = lambda: review(Grade.GOOD, graduate_good())
    out[Grade.EASY] = lambda: review(Grade.EASY, graduate_easy())
    return {grade: out[grade]() for grade in grades}


def hard_step(steps: Sequence[float], at: int) -> float:
    """Seconds Hard waits in learning step `at`, as Anki: in the first of several steps, the
    mean of the first two; with one step, 1.5x it (at most a day longer); else the step."""
    if at == 0 and len(steps) == 1:
        return min(steps[0] * 1.5, steps[0] + 86400)
    if at == 0:
        return (steps[0] + steps[1]) / 2
    return steps[at]


def _ivl(scheduler: fsrs.Scheduler, memory: Memory) -> float:
    """The interval in days (unrounded) at which recall falls to the desired retention."""
    dr = scheduler.desired_retention
    return float(memory.stability / scheduler._FACTOR * (dr ** (1 / scheduler._DECAY) - 1))


def _review_intervals(
    settings: Settings,
    scheduler: fsrs.Scheduler,
    prev: int,
    memories: dict[Grade, Memory],
    factor: float | None,
    grades: tuple[Grade, ...],
) -> dict[Grade, Next]:
    """A review card's outcomes for `grades` (review.rs `passing_fsrs_review_intervals`):
    each passing grade is at least a day longer than the one below it, and none is shorter
    than the current interval (`prev` study days) unless fuzz allows it."""
    maximum = settings.maximum_interval
    out: dict[Grade, Next] = {}
    if Grade.AGAIN in grades:
        if settings.relearning_steps:
            first = timedelta(seconds=settings.relearning_steps[0])
            out[Grade.AGAIN] = Next("relearning", 0, memories[Grade.AGAIN], first)
        else:
            lapse = max(rust_round(_ivl(scheduler, memories[Grade.AGAIN])), 1)
            out[Grade.AGAIN] = Next(
                "review", None, memories[Grade.AGAIN], min(lapse, maximum) * _DAY
            )
    below = 0  # the interval of the passing grade below, which each one must exceed
    for grade in _PASSING[: max(grades) - 1]:
        x = _ivl(scheduler, memories[grade])
        if rust_round(x) > prev:
            kept = prev + 1
        else:
            kept = prev if prev <= fuzz_bounds(x, 1, maximum)[1] else 0
        below = fuzzed_interval(x, max(kept, below + 1), maximum, factor)
        if grade in grades:
            out[grade] = Next("review", None, memories[grade], below * _DAY)
    return out


_PASSING = (Grade.HARD, Grade.GOOD, Grade.EASY)


def current_interval(settings: Settings, state: CardState, day: StudyDay | None = None) -> int:
    """Anki's `card.ivl`: study days from the last review to the day it fell due."""
    if state.due is None:
        return 0
    return days_elapsed(settings, state.last_review, state.due, day)
