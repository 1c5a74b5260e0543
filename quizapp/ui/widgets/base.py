"""What the study screen needs from every exercise widget."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical

from quizapp.domain import Outcome
from quizapp.exercises import exercise_for
from quizapp.exercises.base import Synonyms
from quizapp.packs.model import Question
from quizapp.ui.messages import Answered


class ExerciseWidget(Vertical):
    """Shows the interactive part of one question; `check()` grades it and marks it in place."""

    DEFAULT_CLASSES = "exercise"

    def __init__(self, question: Question, lang: str, synonyms: Synonyms = ()) -> None:
        super().__init__()
        self.question = question
        self.lang = lang
        self.synonyms = synonyms
        self.checked = False
        self.outcome: Outcome | None = None
        self.answer: dict[str, Any] = {}

    def collect(self) -> dict[str, Any]:
        """The learner's answer, in the shape the exercise grader expects."""
        raise NotImplementedError

    def show_result(self, outcome: Outcome) -> None:
        """Mark each part right or wrong in place and fill in the answers."""
        raise NotImplementedError

    def check(self) -> None:
        """Grade the current answer once, show the marks, tell the screen."""
        if self.checked:
            return
        self.answer = self.collect()
        self.outcome = exercise_for(self.question.type).check(
            self.question, self.answer, lang=self.lang, synonyms=self.synonyms
        )
        self.checked = True
        self.add_class("-checked")
        self.show_result(self.outcome)
        self.post_message(Answered(self.answer, self.outcome))

    def action_check(self) -> None:
        """Key binding entry point for check()."""
        self.check()
