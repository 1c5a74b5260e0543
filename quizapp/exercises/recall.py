"""Flashcards: the learner reveals the back and grades their own recall."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizapp.domain import Grade, Outcome, PartResult
from quizapp.domain.question import Question
from quizapp.exercises.base import Synonyms


class Recall:
    """Self-graded: the answer is the grade the learner chose."""

    auto = False

    def check(
        self,
        question: Question,
        answer: Mapping[str, Any],
        *,
        lang: str,
        synonyms: Synonyms = (),
    ) -> Outcome:
        """`answer = {"grade": 1..4}`; anything but Again counts as remembered."""
        grade = Grade(int(answer["grade"]))
        expected = question.text(lang).answer.strip()
        remembered = grade != Grade.AGAIN
        part = PartResult("recall", grade.name.lower(), expected, remembered)
        return Outcome(1.0 if remembered else 0.0, (part,))
