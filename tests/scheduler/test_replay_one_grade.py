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
from quizapp.scheduler.fuzz import _M64, fuzz_factor, fuzz_factors

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


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SETTINGS), answers, st.integers(0, 2**48))
def test_one_grade_is_that_grade_of_all_four(
    chosen: Settings, log: list[tuple[Grade, int]], card_id: int
) -> None:
    """Along a whole log (every state the answers reach): `schedule` for one grade gives what
    `schedule_all` gives for it, and the Replayer's state is `scheduler.review`'s."""
    fsrs_scheduler = scheduler.fsrs_scheduler(chosen)
    replayer = scheduler.Replayer(chosen, None, card_id, len(log))
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
        following = scheduler.review(chosen, state, grade, at, card_id=card_id)
        assert replayer.review(state, grade, at) == following
        state = following
