"""Retention advice: how much work each desired retention costs, for a learner's parameters.

fsrs-rs-python's simulator (the one behind Anki's "compute optimal retention") studies a
deck the size of the learner's for a year under their limits, once per desired retention.
Higher retention means more reviews per day; lower means more forgetting and relearning. The
advice is the retention with the least study time per question remembered at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.config import Settings

RETENTIONS = tuple(round(0.70 + 0.02 * i, 2) for i in range(14))
"""Desired retentions simulated: 0.70 to 0.96 (Anki's optimal-retention search covers 0.7-0.95)."""
SIMULATED_DAYS = 365
SEED = 42
"""Fixed, so the same parameters always give the same advice."""


@dataclass(frozen=True)
class WorkloadPoint:
    """What studying at one desired retention costs over the simulated year."""

    retention: float
    reviews_per_day: float
    """Answers per day, first answers included, averaged over the year."""
    minutes_per_day: float
    remembered: float
    """Questions expected to be remembered at the end of the year."""
    seconds_per_remembered: float
    """Study time over the year divided by the questions remembered at its end."""


@dataclass(frozen=True)
class Advice:
    """The workload curve and the retention at its cheapest point."""

    points: tuple[WorkloadPoint, ...]
    best: WorkloadPoint
    questions: int
    days: int


def workload_curve(
    parameters: Sequence[float],
    settings: Settings,
    questions: int,
    *,
    retentions: Sequence[float] = RETENTIONS,
    days: int = SIMULATED_DAYS,
) -> Advice:
    """Simulate `questions` new questions studied for `days` under the settings' daily limits
    at each desired retention."""
    from fsrs_rs_python import default_simulator_config, simulate

    config = default_simulator_config()
    config.deck_size = max(1, questions)
    config.learn_span = days
    config.learn_limit = settings.new_per_day
    config.review_limit = settings.reviews_per_day
    config.max_ivl = float(settings.maximum_interval)
    config.learning_step_count = len(settings.learning_steps)
    config.relearning_step_count = len(settings.relearning_steps)
    points = []
    for retention in retentions:
        result = simulate(list(parameters), retention, config, SEED)
        answers = sum(result.review_cnt_per_day) + sum(result.learn_cnt_per_day)
        seconds = float(sum(result.cost_per_day))
        remembered = float(result.memorized_cnt_per_day[-1]) if days else 0.0
        points.append(
            WorkloadPoint(
                retention=retention,
                reviews_per_day=answers / days,
                minutes_per_day=seconds / 60 / days,
                remembered=remembered,
                seconds_per_remembered=seconds / remembered if remembered else float("inf"),
            )
        )
    best = min(points, key=lambda p: p.seconds_per_remembered)
    return Advice(tuple(points), best, questions, days)
