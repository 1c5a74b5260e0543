"""Events the exercise widgets and screens send each other, named for what happened."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from quizapp.domain import Grade, Outcome


class Answered(Message):
    """The learner checked an auto-graded answer (or revealed a flashcard: outcome None)."""

    def __init__(self, answer: dict[str, Any], outcome: Outcome | None) -> None:
        super().__init__()
        self.answer = answer
        self.outcome = outcome


class Graded(Message):
    """The learner picked a grade on the rating bar."""

    def __init__(self, grade: Grade) -> None:
        super().__init__()
        self.grade = grade
