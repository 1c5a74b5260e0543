"""The optimiser on its own: Anki's training items in study days, the fit, the refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.config import Settings
from quizapp.scheduler import default_parameters
from quizapp.scheduler.learner import simulate_learner
from quizapp.scheduler.optimizer import (
    MINIMUM_REVIEWS,
    NotEnoughReviews,
    ReviewLogError,
    card_histories,
    evaluate,
    optimise,
    training_items,
)
from tests.optimize.learner_log import START, forgetful_parameters

UTC_DAYS = Settings(timezone="UTC", day_starts_hour=4)


def ms(text: str) -> int:
    """Epoch ms of an ISO time in UTC."""
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


LogRow = tuple[int, int, int, int, int]


def learner_rows(seed: int = 1) -> list[LogRow]:
    """The forgetful learner's log as the store reads it: per card, in logged order."""
    log = simulate_learner(
        forgetful_parameters(), questions=200, days=90, new_per_day=10, start=START, seed=seed
    )
    rows = [(i, r.card, r.reviewed_ms, int(r.grade), r.kind) for i, r in enumerate(log, 1)]
    return sorted(rows, key=lambda row: (row[1], row[0]))


def test_elapsed_time_is_counted_in_study_days() -> None:
    rows = [
        (1, 7, ms("2026-03-01T03:59"), 3, 0),  # still the study day of Feb 28
        (2, 7, ms("2026-03-01T04:01"), 3, 1),  # a new study day: 1 day later
        (3, 7, ms("2026-03-01T23:59"), 3, 2),  # same study day: 0, stays in the history
        (4, 7, ms("2026-03-04T04:00"), 1, 2),  # exactly at the day start: 3 days later
        (5, 7, ms("2026-03-04T04:10"), 3, 3),  # a relearning step, same day
    ]
    [history] = card_histories(rows, UTC_DAYS)
    assert history.reviews == [(3, 0), (3, 1), (3, 0), (1, 3), (3, 0)]
    assert history.item_ends == [2, 4]  # only answers on a later study day end an item
    assert history.item_ms == [rows[1][2], rows[3][2]]


def test_the_day_boundary_follows_the_zone_and_hour_in_the_settings() -> None:
    rows = [(1, 1, ms("2026-03-01T20:00"), 3, 0), (2, 1, ms("2026-03-01T23:30"), 3, 2)]
    assert card_histories(rows, UTC_DAYS)[0:1] == []  # same study day in UTC: no item
    # In Shanghai (UTC+8) with days from 06:00: 04:00 and 07:30 local are two study days.
    shanghai = Settings(timezone="Asia/Shanghai", day_starts_hour=6)
    assert card_histories(rows, shanghai)[0].reviews == [(3, 0), (3, 1)]


def test_history_starts_at_the_first_answer_and_items_are_in_time_order() -> None:
    rows = [
        (1, 1, ms("2026-03-01T09:00"), 3, 2),  # no first answer logged: the card gives nothing
        (2, 1, ms("2026-03-03T09:00"), 3, 2),
        (3, 2, ms("2026-03-01T10:00"), 3, 0),
        (4, 2, ms("2026-03-05T10:00"), 3, 2),
        (5, 3, ms("2026-03-01T11:00"), 3, 0),
        (6, 3, ms("2026-03-02T11:00"), 3, 2),
    ]
    training = training_items(rows, UTC_DAYS)
    assert training.card_ids == [3, 2]  # card 3's item ends on the 2nd, card 2's on the 5th
    assert [len(item.reviews) for item in training.items] == [2, 2]
    assert training.reviews == 6


def test_fit_beats_the_defaults_on_held_out_reviews() -> None:
    rows = learner_rows()
    assert len(rows) > 2 * MINIMUM_REVIEWS
    fit = optimise(rows, UTC_DAYS, None)

    assert fit.better
    assert fit.fitted.log_loss < fit.current.log_loss - 0.02
    assert fit.fitted.rmse_bins < fit.current.rmse_bins
    # The learner's true parameters bound what any fit can do; this one comes close.
    _, held_out = training_items(rows, UTC_DAYS).split()
    truth = evaluate(forgetful_parameters(), held_out)
    assert fit.fitted.log_loss - truth.log_loss < (fit.current.log_loss - truth.log_loss) / 4
    # The recovered first-answer stabilities are the learner's (short), not the defaults'.
    assert fit.parameters[2] < default_parameters()[2] / 2  # Good on a new question
    assert fit.training_items > 3 * fit.held_out_items > 0


def test_the_held_out_reviews_are_the_latest() -> None:
    training = training_items(learner_rows(), UTC_DAYS)
    earlier, later = training.split()
    assert max(earlier.last_ms) <= min(later.last_ms)
    assert len(later.items) == round(len(training.items) * 0.2)


def test_parameters_that_are_in_use_and_better_are_not_replaced() -> None:
    rows = learner_rows()
    fit = optimise(rows, UTC_DAYS, forgetful_parameters())
    assert not fit.better  # nothing fitted beats the truth on both measures


def test_below_the_minimum_the_fit_is_refused_with_the_count() -> None:
    rows = learner_rows()[: MINIMUM_REVIEWS - 1]
    with pytest.raises(NotEnoughReviews, match=r"pack p has 999 reviews; .* at least 1,000"):
        optimise(rows, UTC_DAYS, None, what="pack p")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda row: (*row[:3], 7, row[4]), r"review \d+ \(card \d+\) has grade 7; grades are 1"),
        (lambda row: (*row[:4], 9), r"has state 9; states are 0 \(new\) to 3"),
        (
            lambda row: (*row[:2], row[2] - 86_400_000 * 30, *row[3:]),
            r"review \d+ \(card \d+\) is dated .* before review \d+ logged ahead of it",
        ),
    ],
    ids=["unknown grade", "unknown state", "out of order"],
)
def test_a_damaged_log_gives_a_clear_error(
    damage: Callable[[LogRow], LogRow], message: str
) -> None:
    rows = learner_rows()
    index = next(i for i, row in enumerate(rows) if i and row[1] == rows[i - 1][1])
    rows[index] = damage(rows[index])
    with pytest.raises(ReviewLogError, match=message):
        optimise(rows, UTC_DAYS, None)


def test_study_day_counts_from_the_day_start_hour() -> None:
    berlin = Settings(timezone="Europe/Berlin", day_starts_hour=4)
    before = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 local (DST began at 02:00 UTC+1)
    after = before + timedelta(hours=1)  # 04:30 local
    assert berlin.study_day(before).isoformat() == "2026-03-28"
    assert berlin.study_day(after).isoformat() == "2026-03-29"
    stamps = [int(t.timestamp() * 1000) for t in (before, after)]
    assert berlin.study_days_of_ms(stamps) == [
        d.toordinal() for d in map(berlin.study_day, (before, after))
    ]


@pytest.mark.parametrize("zone", ["Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns"])
def test_the_bulk_study_day_agrees_with_study_day_in_odd_zones(zone: str) -> None:
    settings = Settings(timezone=zone, day_starts_hour=4)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    # Every 259 minutes for a year: every hour of the day, both DST changes (Lord Howe moves
    # by 30 minutes), quarter-hour offsets (Kathmandu +5:45, St John's -3:30).
    times = [start + timedelta(minutes=259 * i) for i in range(2030)]
    stamps = [int(t.timestamp() * 1000) for t in times]
    expected = [settings.study_day(t).toordinal() for t in times]
    assert settings.study_days_of_ms(stamps) == expected
