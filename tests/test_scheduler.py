"""The FSRS adapter: state conversion, intervals, previews and the outcome -> grade table."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from quizapp import scheduler
from quizapp.config import Settings
from quizapp.domain import CardState, Grade, Outcome

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
S = Settings(timezone="UTC", enable_fuzzing=False)


def test_new_card_good_goes_to_second_learning_step() -> None:
    after = scheduler.review(S, CardState(), Grade.GOOD, NOW, card_id=1)
    assert after.state == "learning" and after.step == 1
    assert after.due == NOW + timedelta(minutes=10)
    assert after.reps == 1 and after.lapses == 0
    assert after.stability is not None and after.difficulty is not None


def test_new_card_easy_graduates_to_review() -> None:
    after = scheduler.review(S, CardState(), Grade.EASY, NOW)
    assert after.state == "review" and after.step is None
    assert after.due is not None and after.due - NOW >= timedelta(days=1)


def test_lapse_counts_and_enters_relearning() -> None:
    review = scheduler.review(S, CardState(), Grade.EASY, NOW)
    later = review.due
    assert later is not None
    lapsed = scheduler.review(S, review, Grade.AGAIN, later)
    assert lapsed.state == "relearning" and lapsed.lapses == 1 and lapsed.reps == 2
    assert lapsed.due == later + timedelta(minutes=10)


def test_again_in_learning_is_not_a_lapse() -> None:
    learning = scheduler.review(S, CardState(), Grade.GOOD, NOW)
    again = scheduler.review(S, learning, Grade.AGAIN, NOW + timedelta(minutes=10))
    assert again.lapses == 0 and again.state == "learning" and again.step == 0


def test_preview_matches_review_and_orders_grades() -> None:
    state = scheduler.review(S, CardState(), Grade.EASY, NOW)
    at = NOW + timedelta(days=10)
    shown = scheduler.preview(S, state, at)
    assert shown[Grade.AGAIN] < shown[Grade.HARD] < shown[Grade.GOOD] < shown[Grade.EASY]
    for grade, interval in shown.items():
        after = scheduler.review(S, state, grade, at)
        assert after.due == at + interval


def test_settings_steps_and_maximum_interval_are_used() -> None:
    s = Settings(timezone="UTC", enable_fuzzing=False, learning_steps=(30,), maximum_interval=3)
    after = scheduler.review(s, CardState(), Grade.AGAIN, NOW)
    assert after.due == NOW + timedelta(seconds=30)
    review = scheduler.review(s, CardState(), Grade.EASY, NOW)
    assert review.due is not None and review.due - NOW <= timedelta(days=3)


def test_higher_retention_gives_shorter_intervals() -> None:
    state = scheduler.review(S, CardState(), Grade.EASY, NOW)
    at = NOW + timedelta(days=8)
    high = scheduler.preview(replace(S, desired_retention=0.97), state, at)[Grade.GOOD]
    low = scheduler.preview(replace(S, desired_retention=0.8), state, at)[Grade.GOOD]
    assert high < low


def test_fuzz_changes_only_review_intervals() -> None:
    fuzzy = replace(S, enable_fuzzing=True)
    state = scheduler.review(S, CardState(), Grade.EASY, NOW)
    at = NOW + timedelta(days=30)
    dues = {scheduler.review(fuzzy, state, Grade.GOOD, at, card_id=c).due for c in range(30)}
    assert len(dues) > 1
    steps = {
        scheduler.review(fuzzy, CardState(), Grade.GOOD, NOW, card_id=c).due for c in range(10)
    }
    assert steps == {NOW + timedelta(minutes=10)}


def test_retrievability() -> None:
    assert scheduler.retrievability(S, CardState(), NOW) == 0.0
    state = scheduler.review(S, CardState(), Grade.EASY, NOW)
    soon = scheduler.retrievability(S, state, NOW + timedelta(days=1))
    late = scheduler.retrievability(S, state, NOW + timedelta(days=100))
    assert 1.0 >= soon > late > 0.0


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        scheduler.review(S, CardState(), Grade.GOOD, datetime(2026, 1, 1))


@pytest.mark.parametrize(
    ("score", "hinted", "seconds", "grade"),
    [
        (0.0, False, 5, Grade.AGAIN),
        (0.49, False, 5, Grade.AGAIN),
        (0.5, False, 5, Grade.HARD),
        (0.75, False, 30, Grade.HARD),
        (0.75, True, 30, Grade.AGAIN),
        (1.0, True, 5, Grade.HARD),
        (1.0, False, 61, Grade.HARD),
        (1.0, False, 10, Grade.EASY),
        (1.0, False, 3, Grade.EASY),
        (1.0, False, 30, Grade.GOOD),
    ],
)
def test_outcome_to_grade_table(score: float, hinted: bool, seconds: float, grade: Grade) -> None:
    outcome = Outcome(score=score, hinted=hinted)
    assert scheduler.suggest_grade(S, outcome, timedelta(seconds=seconds)) == grade


def test_day_starts_at_the_configured_local_hour() -> None:
    shanghai = Settings(timezone="Asia/Shanghai")  # UTC+8, day starts 04:00 local = 20:00 UTC
    assert shanghai.day_start(datetime(2026, 3, 2, 19, 59, tzinfo=UTC)) == datetime(
        2026, 3, 1, 20, 0, tzinfo=UTC
    )
    assert shanghai.day_start(datetime(2026, 3, 2, 20, 0, tzinfo=UTC)) == datetime(
        2026, 3, 2, 20, 0, tzinfo=UTC
    )
    assert shanghai.next_day_start(datetime(2026, 3, 2, 20, 0, tzinfo=UTC)) == datetime(
        2026, 3, 3, 20, 0, tzinfo=UTC
    )


def test_day_boundary_across_daylight_saving() -> None:
    berlin = Settings(timezone="Europe/Berlin")  # clocks go forward on 29 March 2026
    start = berlin.day_start(datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    assert start == datetime(2026, 3, 28, 3, 0, tzinfo=UTC)  # 04:00 CET
    assert berlin.next_day_start(start) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 04:00 CEST


def test_bad_settings_are_refused_with_a_message() -> None:
    from quizapp.errors import QuizappError

    with pytest.raises(QuizappError, match="desired_retention"):
        Settings(desired_retention=1.5)
    with pytest.raises(QuizappError, match="time zone"):
        Settings(timezone="Mars/Olympus")
    with pytest.raises(QuizappError, match="invalid settings"):
        Settings.from_mapping({"new_per_day": -1})


@pytest.mark.parametrize(
    "changes",
    [
        {"new_per_day": "abc"},
        {"new_per_day": True},
        {"enable_fuzzing": 1},
        {"desired_retention": "high"},
        {"learning_steps": (1.5,)},
        {"timezone": 3},
    ],
)
def test_settings_of_the_wrong_type_are_refused(changes: dict[str, object]) -> None:
    from quizapp.errors import QuizappError

    with pytest.raises(QuizappError, match="invalid settings"):
        Settings(**changes)  # type: ignore[arg-type]  # wrong types on purpose: the check under test
