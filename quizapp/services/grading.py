"""Grading for the screens: the exercise for a question's type checks the learner's answer.

The UI hands the answer here and shows the `Outcome` it gets back, so the widgets draw
answers and marks but never hold grading rules: those stay in `quizapp.exercises`, where
the study and quiz services grade the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from quizapp.domain import Grade, Outcome

if TYPE_CHECKING:
    from quizapp.domain.question import Question
    from quizapp.exercises.base import Synonyms


def check_answer(
    question: Question, answer: Mapping[str, Any], *, lang: str, synonyms: Synonyms = ()
) -> Outcome:
    """How `answer` to an auto-graded `question` went, part by part."""
    from quizapp.exercises import exercise_for

    return exercise_for(question.type).check(question, answer, lang=lang, synonyms=synonyms)


def recall_outcome(question: Question, grade: Grade, lang: str) -> Outcome:
    """A flashcard's outcome from the grade the learner gave their own recall."""
    from quizapp.exercises import exercise_for

    return exercise_for("flashcard").check(question, {"grade": grade}, lang=lang)
