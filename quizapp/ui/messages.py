"""Events the exercise widgets and screens send each other, named for what happened."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from quizapp.domain import Grade


class Answered(Message):
    """The learner checked an auto-graded answer; the screen has it graded by a service."""

    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__()
        self.answer = answer


class Revealed(Message):
    """The learner turned a flashcard over; their own grade is the answer."""


class Graded(Message):
    """The learner picked a grade on the rating bar."""

    def __init__(self, grade: Grade) -> None:
        super().__init__()
        self.grade = grade
