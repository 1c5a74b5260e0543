"""The replay of a merged log (progress import) schedules an answer exactly as the answer path
does, while computing less: only the grade given, fuzz factors drawn many seeds at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp import scheduler
from quizapp.config import Settings
from quizapp.domain import CardState, Grade
from quizapp.scheduler.answer import days_elapsed, schedule, schedule_all
from quizapp.scheduler.fuzz import (
    _M64,
    fuzz_bounds,
    fuzz_delta,
    fuzz_factor,
    fuzz_factors,
    rust_round,
)
from quizapp.scheduler.replay import Replayer

START = datetime(2026, 1, 1, tzinfo=UTC)
SETTINGS = (
    Settings(timezone="Europe/Berlin"),
    Settings(timezone="UTC", enable_fuzzing=False, relearning_steps=()),
    Settings(timezone="America/New_York", learning_steps=(), maximum_interval=60),
    Settings(timezone="Asia/Tokyo", learning_steps=(600,), relearning_steps=(60, 600)),
)
answers = st.lists(
    st.tuples(st.sampled_from(list(Grade)), st.integers(0, 90 * 24 * 60)), min_size=1, max_size=25
)


@given(st.lists(st.integers(0, 2**70), min_size=1, max_size=80))
def test_many_seeds_at_once_draw_what_each_draws_alone(seeds: list[int]) -> None:
    """Lanes must not leak into each other: every lane of a batch is the one-seed draw (which
    tests/scheduler/test_anki_rules.py checks against Anki's backend)."""
    alone = [fuzz_factors([seed])[0] for seed in seeds]
    assert fuzz_factors(seeds) == alone
    assert alone == [fuzz_factor(seed & _M64, 0) for seed in seeds]


@given(
    st.floats(-10, 40_000, allow_nan=False)
    | st.integers(-3, 40)
    | st.sampled_from([2.5, 7.0, 20.0]),
    st.integers(-2, 40),
    st.integers(1, 36_500),
)
def test_fuzz_bounds_are_anki_fuzz_delta_rounded(
    interval: float, minimum: int, maximum: int
) -> None:
    """fuzz_bounds, written out for speed, is Anki's rule as fuzz_delta and rust_round say it
    (rslib fuzz.rs `constrained_fuzz_bounds`)."""
    clamped = min(max(interval, min(minimum, maximum)), maximum)
    delta = fuzz_delta(clamped)
    low = min(max(max(rust_round(clamped - delta), 0), min(minimum, maximum)), maximum)
    high = min(max(max(rust_round(clamped + delta), 0), min(minimum, maximum)), maximum)
    if high == low and 2 < high < maximum:
        high = low + 1
    assert fuzz_bounds(interval, minimum, maximum) == (low, high)


def _parameter_sets() -> st.SearchStrategy[tuple[float, ...]]:
    """FSRS-6 weights anywhere inside py-fsrs's bounds (what an optimiser may fit)."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    return st.tuples(
        *(
            st.floats(low, high, allow_nan=False)
            for low, high in zip(LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
        )
    )


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.none(), _parameter_sets()),
    st.floats(0.001, 40_000, allow_nan=False),
    st.floats(1.0, 10.0, allow_nan=False),
    st.integers(0, 4000),
    st.sampled_from(list(Grade)),
)
def test_replay_memory_is_py_fsrs(
    parameters: tuple[float, ...] | None,
    stability: float,
    difficulty: float,
    days: int,
    grade: Grade,
) -> None:
    """The replay's own copy of FSRS's formulas gives py-fsrs's floats to the bit (a py-fsrs
    upgrade that changes them fails here, not silently in a merge)."""
    from quizapp.scheduler.answer import next_memories
    from quizapp.scheduler.replay import memory

    fsrs_scheduler = scheduler.fsrs_scheduler(Settings(), parameters=parameters)
    state = CardState("review", None, stability, difficulty, START, START, 3, 0)
    expected = next_memories(fsrs_scheduler, state, days, (grade,))[grade]
    w = tuple(fsrs_scheduler.parameters)
    factor, decay = fsrs_scheduler._FACTOR, fsrs_scheduler._DECAY
    got = memory(w, factor, decay, stability, difficulty, days, int(grade))
    assert got == (expected.stability, expected.difficulty)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(SETTINGS),
    answers,
    st.integers(0, 2**48),
    st.one_of(st.none(), _parameter_sets()),
)
def test_one_grade_is_that_grade_of_all_four(
    chosen: Settings,
    log: list[tuple[Grade, int]],
    card_id: int,
    parameters: tuple[float, ...] | None,
) -> None:
    """Along a whole log (every state the answers reach): `schedule` for one grade gives what
    `schedule_all` gives for it, and the Replayer's state is `scheduler.review`'s (default or
    fitted parameters)."""
    fsrs_scheduler = scheduler.fsrs_scheduler(chosen, parameters=parameters)
    replayer = Replayer(chosen, parameters, card_id, len(log))
    state, at = CardState(), START
    for grade, minutes in log:
        at += timedelta(minutes=minutes)
        days = days_elapsed(chosen, state.last_review, at)
        factor = fuzz_factor(card_id, state.reps) if chosen.enable_fuzzing else None
        every = schedule_all(
            chosen, fsrs_scheduler, state, days, card_id=card_id, fuzz=chosen.enable_fuzzing
        )
        for each in Grade:
            assert schedule(chosen, fsrs_scheduler, state, days, (each,), factor) == {
                each: every[each]
            }
        following = scheduler.review(
            chosen, state, grade, at, card_id=card_id, parameters=parameters
        )
        assert replayer.review(state, grade, at) == following
        state = following
