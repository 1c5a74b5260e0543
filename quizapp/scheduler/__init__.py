"""FSRS scheduling: the only package that imports `fsrs` and `fsrs_rs_python`. Pure functions,
no SQL, no clock. `optimizer` fits parameters to a review log, `simulator` turns parameters into
workload advice, `learner` simulates a learner for checking both.

`fsrs` has no "new" state: a new question is an fsrs Learning card at step 0 with no stability.
We keep "new" ourselves so the queue can tell unseen questions from ones in learning.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from quizapp.config import Settings
from quizapp.domain import CardState, CardStateName, Grade, Outcome

if TYPE_CHECKING:
    from collections.abc import Mapping

    import fsrs

    from quizapp.scheduler.answer import Next

_STATE_TO_FSRS = {"new": 1, "learning": 1, "review": 2, "relearning": 3}
_FSRS_TO_STATE: dict[int, CardStateName] = {1: "learning", 2: "review", 3: "relearning"}


@lru_cache(maxsize=8)
def _scheduler(
    retention: float,
    learning: tuple[int, ...],
    relearning: tuple[int, ...],
    maximum_interval: int,
    fuzz: bool,
    parameters: tuple[float, ...] | None,
) -> fsrs.Scheduler:
    import fsrs

    return fsrs.Scheduler(
        parameters=parameters if parameters is not None else fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=retention,
        learning_steps=tuple(timedelta(seconds=s) for s in learning),
        relearning_steps=tuple(timedelta(seconds=s) for s in relearning),
        maximum_interval=maximum_interval,
        enable_fuzzing=fuzz,
    )


Parameters = tuple[float, ...]
"""FSRS's 21 weights; None wherever they are asked for means FSRS-6's defaults."""


def default_parameters() -> Parameters:
    """FSRS-6's published defaults: what every pack uses until `quizapp optimize` fits its own."""
    import fsrs

    return tuple(float(p) for p in fsrs.scheduler.DEFAULT_PARAMETERS)


def fsrs_scheduler(
    settings: Settings, *, fuzz: bool | None = None, parameters: Parameters | None = None
) -> fsrs.Scheduler:
    """The fsrs.Scheduler for these settings and parameters (cached; fuzz can be forced off
    for previews)."""
    return _scheduler(
        settings.desired_retention,
        settings.learning_steps,
        settings.relearning_steps,
        settings.maximum_interval,
        settings.enable_fuzzing if fuzz is None else fuzz,
        tuple(parameters) if parameters is not None else None,
    )


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware")
    return value.astimezone(UTC)


def to_fsrs(state: CardState, card_id: int, now: datetime) -> fsrs.Card:
    """Our CardState as an fsrs.Card (a new question becomes Learning step 0, due now)."""
    import fsrs

    step = state.step
    if state.state in ("new", "learning", "relearning") and step is None:
        step = 0
    return fsrs.Card(
        card_id=card_id,
        state=fsrs.State(_STATE_TO_FSRS[state.state]),
        step=None if state.state == "review" else step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=_utc(state.due) if state.due else _utc(now),
        last_review=_utc(state.last_review) if state.last_review else None,
    )


def _outcomes(
    settings: Settings,
    state: CardState,
    now: datetime,
    parameters: Parameters | None,
    card_id: int,
) -> Mapping[Grade, Next]:
    """What each grade would do (answer.schedule_all). It depends on `now` only through the
    study days elapsed, so the preview on the keys and the answer a moment later compute it
    once (`_outcomes_on` keeps the last few)."""
    from quizapp.scheduler.answer import days_elapsed

    days = days_elapsed(settings, state.last_review, now)
    key = tuple(parameters) if parameters is not None else None
    return _outcomes_on(settings, state, days, key, card_id)


@lru_cache(maxsize=8)
def _outcomes_on(
    settings: Settings,
    state: CardState,
    days: int,
    parameters: Parameters | None,
    card_id: int,
) -> Mapping[Grade, Next]:
    from types import MappingProxyType

    from quizapp.scheduler.answer import schedule_all

    scheduler = fsrs_scheduler(settings, parameters=parameters)
    fuzz = settings.enable_fuzzing
    return MappingProxyType(
        schedule_all(settings, scheduler, state, days, card_id=card_id, fuzz=fuzz)
    )


def review(
    settings: Settings,
    state: CardState,
    grade: Grade,
    now: datetime,
    *,
    card_id: int = 0,
    duration: timedelta | None = None,
    parameters: Parameters | None = None,
) -> CardState:
    """The state after answering with `grade` at `now`, by Anki's rules (answer.py): elapsed
    time in study days, fuzz seeded from (card_id, reps), Hard < Good < Easy. `duration` is
    kept by the review log, not by the schedule."""
    now = _utc(now)
    return _answered(state, grade, now, _outcomes(settings, state, now, parameters, card_id)[grade])


def _answered(state: CardState, grade: Grade, now: datetime, nxt: Next) -> CardState:
    """The state an answer leaves: `nxt` is where its grade puts the card."""
    lapse = state.state == "review" and grade == Grade.AGAIN
    return CardState(
        state=nxt.state,
        step=nxt.step,
        stability=nxt.memory.stability,
        difficulty=nxt.memory.difficulty,
        due=now + nxt.interval,
        last_review=now,
        reps=state.reps + 1,
        lapses=state.lapses + (1 if lapse else 0),
    )


def preview(
    settings: Settings,
    state: CardState,
    now: datetime,
    parameters: Parameters | None = None,
    *,
    card_id: int = 0,
) -> dict[Grade, timedelta]:
    """The interval each grade would give: the same seeded fuzz as `review`, so the keys show
    exactly what an answer with the same card_id commits."""
    outcomes = _outcomes(settings, state, _utc(now), parameters, card_id)
    return {grade: nxt.interval for grade, nxt in outcomes.items()}


def retrievability(
    settings: Settings, state: CardState, now: datetime, parameters: Parameters | None = None
) -> float:
    """Predicted probability of recall now (0 for a new question)."""
    if state.state == "new" or state.stability is None:
        return 0.0
    scheduler = fsrs_scheduler(settings, parameters=parameters)
    return float(scheduler.get_card_retrievability(to_fsrs(state, 0, now), now))


def suggest_grade(settings: Settings, outcome: Outcome, duration: timedelta) -> Grade:
    """The grade an auto-graded answer suggests; the user may override it before committing.

    | result                               | time taken            | grade |
    |--------------------------------------|-----------------------|-------|
    | wrong (score < 0.5)                  | any                   | Again |
    | partly right (0.5 <= score < 1)      | any, no hint          | Hard  |
    | partly right after a hint            | any                   | Again |
    | right after a hint                   | any                   | Hard  |
    | right                                | > slow_answer_seconds | Hard  |
    | right                                | <= fast_answer_seconds| Easy  |
    | right                                | otherwise             | Good  |
    """
    seconds = duration.total_seconds()
    if outcome.score < 0.5:
        return Grade.AGAIN
    if outcome.score < 1.0:
        return Grade.AGAIN if outcome.hinted else Grade.HARD
    if outcome.hinted or seconds > settings.slow_answer_seconds:
        return Grade.HARD
    if seconds <= settings.fast_answer_seconds:
        return Grade.EASY
    return Grade.GOOD
