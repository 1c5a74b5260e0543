"""The app's shared vocabulary, below every other layer: it imports nothing of quizapp's but errors.

Here: grades, the outcome of an auto-graded answer, scheduling state, and `CardKey` (from
`keys`: which card, written `pack/question`). Beside it: `question`
(Question, QuestionText), `question_data` (each type's options, steps, ladder rows), `pack`
(Pack, PackInfo) and `text` (LocalText and the helpers that pick a language).
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Literal, NamedTuple

from quizapp.domain.keys import CardKey as CardKey  # re-exported with the vocabulary


class Grade(IntEnum):
    """The four FSRS/Anki grades; values match `fsrs.Rating`."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class PartResult(NamedTuple):
    """One gradable part of an answer (a blank, an option, a step), right or wrong."""

    label: str
    given: str
    expected: str
    correct: bool
    id: str = ""
    """Which part (an order step's item id), so a display marks it by identity, not by its
    text, which two steps may share."""


class Outcome(NamedTuple):
    """How an auto-graded answer went: the scheduler maps it (and the time taken) to a Grade."""

    score: float
    """Fraction right, 0.0 to 1.0."""
    parts: tuple[PartResult, ...] = ()
    hinted: bool = False
    """The learner asked for a hint before answering."""

    @property
    def correct(self) -> bool:
        """Entirely right."""
        return self.score >= 1.0


CardStateName = Literal["new", "learning", "review", "relearning"]


class CardState(NamedTuple):
    """A question's scheduling state, shared by the store (which keeps it) and the scheduler."""

    state: CardStateName = "new"
    step: int | None = None
    """Index of the current learning/relearning step; None in review."""
    stability: float | None = None
    """FSRS stability in days (None until the first review)."""
    difficulty: float | None = None
    """FSRS difficulty, 1 to 10 (None until the first review)."""
    due: datetime | None = None
    """When the question is next due (UTC); None for a new question."""
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    """Times a review-state question was answered Again."""
