"""Grading rules per question type, pure: no UI, no database, no clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.exercises.base import Exercise


def exercise_for(question_type: str) -> Exercise:
    """The grader for a question type (`flashcard`, `choice`, ...); KeyError if unknown."""
    return registry()[question_type]


def registry() -> dict[str, Exercise]:
    """Every question type's grader."""
    from quizapp.exercises.choice import Choice
    from quizapp.exercises.diagram import Diagram
    from quizapp.exercises.fill import Fill
    from quizapp.exercises.order import Order
    from quizapp.exercises.recall import Recall

    fill = Fill()
    return {
        "flashcard": Recall(),
        "choice": Choice(),
        "typed": fill,
        "cloze": fill,
        "order": Order(),
        "diagram": Diagram(),
    }
