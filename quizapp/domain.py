"""Small shared vocabulary: grades and the outcome of an auto-graded answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Grade(IntEnum):
    """The four FSRS/Anki grades; values match `fsrs.Rating`."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class PartResult:
    """One gradable part of an answer (a blank, an option, a step), right or wrong."""

    label: str
    given: str
    expected: str
    correct: bool


@dataclass(frozen=True)
class Outcome:
    """How an auto-graded answer went: the scheduler maps it (and the time taken) to a Grade."""

    score: float
    """Fraction right, 0.0 to 1.0."""
    parts: tuple[PartResult, ...] = field(default=())
    hinted: bool = False
    """The learner asked for a hint before answering."""

    @property
    def correct(self) -> bool:
        """Entirely right."""
        return self.score >= 1.0
