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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from quizapp.config import Settings
from quizapp.domain import CardState, CardStateName, Grade
from quizapp.scheduler.fuzz import fuzz_bounds, fuzz_factor, fuzzed_interval, rust_round

if TYPE_CHECKING:
    import fsrs

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Memory:
    """FSRS's memory state after one grade."""

    stability: float
    difficulty: float


@dataclass(frozen=True)
class Next:
    """Where a grade puts the card: its state, learning step and the time until it is due."""

    state: CardStateName
    step: int | None
    memory: Memory
    interval: timedelta


def days_elapsed(settings: Settings, last_review: datetime | None, now: datetime) -> int:
    """Study days since the last review, as Anki gives FSRS: 0 for any answer since the day
    began, and 0 when the clock reads earlier than the last review."""
    if last_review is None:
        return 0
    return max((settings.study_day(now) - settings.study_day(last_review)).days, 0)


def next_memories(scheduler: fsrs.Scheduler, state: CardState, days: int) -> dict[Grade, Memory]:
    """FSRS's next memory state for each grade (Anki's `next_states`)."""
    import fsrs

    out: dict[Grade, Memory] = {}
    s, d = state.stability, state.difficulty
    for grade in Grade:
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
    memories = next_memories(scheduler, state, days)
    factor = fuzz_factor(card_id, state.reps) if fuzz else None
    maximum = settings.maximum_interval

    def ivl(memory: Memory) -> float:
        dr = scheduler.desired_retention
        return float(memory.stability / scheduler._FACTOR * (dr ** (1 / scheduler._DECAY) - 1))

    def review(grade: Grade, days_: int) -> Next:
        return Next("review", None, memories[grade], days_ * _DAY)

    def graduate_good() -> int:
        return fuzzed_interval(max(rust_round(ivl(memories[Grade.GOOD])), 1), 1, maximum, factor)

    def graduate_easy() -> int:
        good = fuzzed_interval(ivl(memories[Grade.GOOD]), 1, maximum, factor)
        easy = max(rust_round(ivl(memories[Grade.EASY])), 1)
        return fuzzed_interval(easy, good + 1, maximum, factor)

    if state.state == "review":
        return _review_intervals(settings, state, memories, ivl, factor)

    steps = settings.relearning_steps if state.state == "relearning" else settings.learning_steps
    stepping: CardStateName = "relearning" if state.state == "relearning" else "learning"
    step = state.step or 0
    out: dict[Grade, Next] = {}
    if not steps or step >= len(steps):
        # No steps (or fewer than when this card was scheduled): every pass graduates.
        if steps:
            again = Next(stepping, 0, memories[Grade.AGAIN], timedelta(seconds=steps[0]))
        else:
            fail = max(rust_round(ivl(memories[Grade.AGAIN])), 1)
            again = review(Grade.AGAIN, fuzzed_interval(fail, 1, maximum, factor))
        good = graduate_good()
        return {
            Grade.AGAIN: again,
            Grade.HARD: review(Grade.HARD, good),
            Grade.GOOD: review(Grade.GOOD, good),
            Grade.EASY: review(Grade.EASY, graduate_easy()),
        }
    out[Grade.AGAIN] = Next(stepping, 0, memories[Grade.AGAIN], timedelta(seconds=steps[0]))
    if step == 0 and len(steps) == 1:
        hard = min(steps[0] * 1.5, steps[0] + 86400)
    elif step == 0:
        hard = (steps[0] + steps[1]) / 2
    else:
        hard = steps[step]
    out[Grade.HARD] = Next(stepping, step, memories[Grade.HARD], timedelta(seconds=hard))
    if step + 1 < len(steps):
        out[Grade.GOOD] = Next(
            stepping, step + 1, memories[Grade.GOOD], timedelta(seconds=steps[step + 1])
        )
    else:
        out[Grade.GOOD] = review(Grade.GOOD, graduate_good())
    out[Grade.EASY] = review(Grade.EASY, graduate_easy())
    return out


def _review_intervals(
    settings: Settings,
    state: CardState,
    memories: dict[Grade, Memory],
    ivl: Callable[[Memory], float],
    factor: float | None,
) -> dict[Grade, Next]:
    """A review card's four outcomes (review.rs `passing_fsrs_review_intervals`): each passing
    grade is at least a day longer than the one below it, and none is shorter than the current
    interval unless fuzz allows it."""
    maximum = settings.maximum_interval
    prev = _current_interval(settings, state)

    def keep(x: float) -> int:
        if rust_round(x) > prev:
            return prev + 1
        return prev if prev <= fuzz_bounds(x, 1, maximum)[1] else 0

    h, g, e = (ivl(memories[grade]) for grade in (Grade.HARD, Grade.GOOD, Grade.EASY))
    hard = fuzzed_interval(h, max(keep(h), 1), maximum, factor)
    good = fuzzed_interval(g, max(keep(g), hard + 1), maximum, factor)
    easy = fuzzed_interval(e, max(keep(e), good + 1), maximum, factor)
    if settings.relearning_steps:
        again = Next(
            "relearning", 0, memories[Grade.AGAIN], timedelta(seconds=settings.relearning_steps[0])
        )
    else:
        lapse = max(rust_round(ivl(memories[Grade.AGAIN])), 1)
        again = Next("review", None, memories[Grade.AGAIN], min(lapse, maximum) * _DAY)
    return {
        Grade.AGAIN: again,
        Grade.HARD: Next("review", None, memories[Grade.HARD], hard * _DAY),
        Grade.GOOD: Next("review", None, memories[Grade.GOOD], good * _DAY),
        Grade.EASY: Next("review", None, memories[Grade.EASY], easy * _DAY),
    }


def _current_interval(settings: Settings, state: CardState) -> int:
    """Anki's `card.ivl`: study days from the last review to the day it fell due."""
    if state.due is None or state.last_review is None:
        return 0
    return max((settings.study_day(state.due) - settings.study_day(state.last_review)).days, 0)
