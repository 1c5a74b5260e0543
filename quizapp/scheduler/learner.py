"""A simulated learner whose memory follows known FSRS parameters.

It answers the questions a scheduler shows it, one study day after another, and leaves a review
log in quizapp's shape (state before the answer, grade, time). Because the truth is known, the
optimiser can be checked against it (tests) and timed on realistic logs (bench/optimize.py).
Recall is drawn from the true forgetting curve; grades follow Anki's default rating shares
(fsrs-rs `default_simulator_config`); a lapse or a first Again/Hard is followed by one step ten
minutes later, as with the default (re)learning steps.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from quizapp.domain import Grade

FIRST_GRADE_SHARES = (0.24, 0.094, 0.495, 0.171)
"""Again, Hard, Good, Easy on a question's first answer."""
RECALLED_GRADE_SHARES = (0.224, 0.631, 0.145)
"""Hard, Good, Easy when a review is recalled."""
STEP = timedelta(minutes=10)
"""The learning or relearning step taken after Again (or Hard) on the same study day."""
ANSWER_GAP = timedelta(seconds=20)
"""Time between two answers in a session."""


@dataclass(frozen=True)
class SimulatedReview:
    """One answer of the simulated learner, as quizapp's review log would hold it."""

    card: int
    """Index of the question, 0-based."""
    reviewed_ms: int
    grade: Grade
    kind: int
    """The question's state before the answer: 0 new, 1 learning, 2 review, 3 relearning."""


@dataclass
class _Card:
    truth: Any  # fsrs_rs_python.MemoryState under the learner's true parameters
    model: Any  # the same under the scheduler's parameters
    last_day: int
    due_day: int


def retrievability(parameters: Sequence[float], stability: float, days: float) -> float:
    """FSRS-6 forgetting curve: the chance of recall `days` after a review."""
    decay = parameters[20]
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * days / stability) ** -decay)


def simulate_learner(
    true_parameters: Sequence[float],
    *,
    questions: int,
    days: int,
    new_per_day: int,
    start: datetime,
    seed: int,
    desired_retention: float = 0.9,
    scheduler_parameters: Sequence[float] | None = None,
) -> list[SimulatedReview]:
    """The review log of `days` study days starting at `start` (a session each day, at the
    same time), in answer order. The scheduler uses `scheduler_parameters` (FSRS defaults if
    None) to pick intervals; the learner remembers according to `true_parameters`."""
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    rng = random.Random(seed)
    truth = FSRS(list(true_parameters))
    model = FSRS(list(scheduler_parameters or DEFAULT_PARAMETERS))
    cards: dict[int, _Card] = {}
    log: list[SimulatedReview] = []
    grades = (Grade.AGAIN, Grade.HARD, Grade.GOOD, Grade.EASY)
    next_new = 0

    def answer(index: int, grade: Grade, kind: int, at: datetime, day: int) -> None:
        card = cards.get(index)
        elapsed = day - card.last_day if card else 0
        t_states = truth.next_states(card.truth if card else None, desired_retention, elapsed)
        m_states = model.next_states(card.model if card else None, desired_retention, elapsed)
        name = grade.name.lower()
        chosen = getattr(m_states, name)
        due = day + max(1, round(chosen.interval))
        cards[index] = _Card(getattr(t_states, name).memory, chosen.memory, day, due)
        log.append(SimulatedReview(index, int(at.timestamp() * 1000), grade, kind))

    for day in range(days):
        at = start + timedelta(days=day)
        due = sorted((c.due_day, i) for i, c in cards.items() if c.due_day <= day)
        for _, index in due:
            card = cards[index]
            recall = retrievability(true_parameters, card.truth.stability, day - card.last_day)
            if rng.random() < recall:
                answer(index, rng.choices(grades[1:], RECALLED_GRADE_SHARES)[0], 2, at, day)
            else:
                answer(index, Grade.AGAIN, 2, at, day)
                answer(index, Grade.GOOD, 3, at + STEP, day)
            at += ANSWER_GAP
        for _ in range(min(new_per_day, questions - next_new)):
            first = rng.choices(grades, FIRST_GRADE_SHARES)[0]
            answer(next_new, first, 0, at, day)
            if first in (Grade.AGAIN, Grade.HARD):
                answer(next_new, Grade.GOOD, 1, at + STEP, day)
            next_new += 1
            at += ANSWER_GAP
    log.sort(key=lambda review: review.reviewed_ms)
    return log
