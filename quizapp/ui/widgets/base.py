"""What the study screen needs from every exercise widget."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import RenderResult
from textual.containers import Vertical

from quizapp.domain import Outcome
from quizapp.domain.question import Question
from quizapp.exercises.base import Synonyms
from quizapp.ui.messages import Answered
from quizapp.ui.plain import Static


class HangingRow(Static):
    """A row like `( ) 2. text` whose wrapped lines stay under `text`, not under `( )`.

    `content` keeps the whole line; `indent` cells of it are drawn in a column of their own.
    """

    indent = 0

    def set_line(self, line: Text, indent: int) -> None:
        """Show `line`; its first `indent` cells are the marks, box and number."""
        self.indent = indent
        self.update(line)

    def render(self) -> RenderResult:
        """Marks in a fixed column, the text wrapping in the column beside it."""
        line = self.content
        if not self.indent or not isinstance(line, Text):
            return super().render()
        grid = Table.grid(expand=True)
        grid.add_column(width=self.indent, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(line[: self.indent], line[self.indent :])
        return grid


class ExerciseWidget(Vertical):
    """Shows the interactive part of one question; `check()` hands the answer to the screen,
    which has it graded and gives back the `Outcome` to mark in place (`show_outcome`)."""

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
        """Take the current answer once and tell the screen; the keys stop editing it."""
        if self.checked:
            return
        self.answer = self.collect()
        self.checked = True
        self.add_class("-checked")
        self.post_message(Answered(self.answer))

    def show_outcome(self, outcome: Outcome) -> None:
        """The graded answer, from the screen: keep it and mark each part in place."""
        self.outcome = outcome
        self.show_result(outcome)

    def action_check(self) -> None:
        """Key binding entry point for check()."""
        self.check()
