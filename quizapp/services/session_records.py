"""What a study session hands the UI: the question to show, what an answer did, what undo
can take back, and the summary at the end (plain frozen data, no database)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from quizapp.domain import CardStateName, Grade

if TYPE_CHECKING:
    from quizapp.domain.question import Question


class QueuedQuestion(NamedTuple):
    """The question the queue picked to show now, with a summary of its scheduling state."""

    question: Question
    state: CardStateName
    due: datetime | None
    reps: int
    lapses: int

    @property
    def key(self) -> str:
        """`pack-id/question-id`."""
        return self.question.key


class ReviewResult(NamedTuple):
    """What an answer did: when the question comes back."""

    key: str
    grade: Grade
    next_due: datetime
    interval: timedelta
    became_leech: bool = False
    """The answer made the question a leech: it is now suspended and tagged "leech"."""


class UndoStep(NamedTuple):
    """One action `undo` can take back: a grade (its review row) or a flag change (the card's
    flags before it), so `u` undoes whatever was done last, not only grades."""

    key: str
    review_id: int | None = None
    grade: Grade | None = None
    suspended: bool | None = None
    buried_until: datetime | None = None


class SessionSummary(NamedTuple):
    """Shown when the session ends."""

    answered: int
    correct: int
    """Answers graded Hard, Good or Easy."""
    elapsed: timedelta
    due_tomorrow: int
    next_due: datetime | None
    remaining: int = 0
    """Cards still in today's queue: more than 0 when the learner stopped early."""
    missed: tuple[str, ...] = ()
    """Questions answered Again in this session (first miss first): `m` studies them again."""
    new_hidden: int = 0
    """Unseen questions today's new limit holds back (`study --extra-new N` shows them)."""
