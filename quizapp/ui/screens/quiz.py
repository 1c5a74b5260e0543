"""A quiz: the study screen's questions and feedback, scored, with nothing scheduled.

After an answer, Enter (or Space) goes on; a flashcard, once revealed, asks "did you know
it?" (y / n) so the score counts it. No grades, undo, suspend or bury: those change the
schedule, and a quiz never opens the database (services/quiz.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from quizapp.i18n import N_, _
from quizapp.ui.labels import label
from quizapp.ui.plain import Static
from quizapp.ui.screens.question import QUESTION_KEYS, QuestionScreen
from quizapp.ui.widgets.progress_header import ProgressHeader

if TYPE_CHECKING:
    from quizapp.domain import Outcome
    from quizapp.domain.question import Question
    from quizapp.services.quiz import Quiz
    from quizapp.ui.widgets.base import ExerciseWidget

NOT_SCHEDULED = N_("quiz: your schedule is not changed")


class QuizScreen(QuestionScreen):
    """The quiz's questions one by one; the summary at the end or on `q`."""

    DEFAULT_CSS = """
    #quiz-bar {
        height: 3;
        dock: bottom;
        margin: 0 0 1 0;  /* docked like the footer: without it the footer covers its last row */
        padding: 0 1;
        border: round $panel-lighten-2;
        content-align: left middle;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "next", N_("Next"), key_display="⏎"),
        Binding("y", "knew(True)", N_("Knew it")),
        Binding("n", "knew(False)", N_("Didn't")),
        *QUESTION_KEYS,
    ]

    def __init__(self, quiz: Quiz) -> None:
        super().__init__(id="quiz")
        self.quiz = quiz

    async def on_mount(self) -> None:
        """The first question."""
        await self.next_question()

    async def next_question(self) -> None:
        """Show the next question, or the summary when the quiz is over."""
        question = self.quiz.next_question()
        if question is None:
            self.finish()
            return
        await self.show(question)

    def make_widget(self, question: Question) -> ExerciseWidget:
        """The study widget; a revealed flashcard asks "did you know it?" (y / n)."""
        from quizapp.ui.widgets.recall_card import RecallCard

        widget = super().make_widget(question)
        if isinstance(widget, RecallCard):
            widget.ask = "know_it"
        return widget

    def show_progress(self, title: str) -> None:
        """`question 3 of 10 · score 1.5/2`, in the question's language."""
        assert self.question is not None
        done, planned = self.quiz.answered, self.quiz.planned
        k = min(done + (0 if self.recorded else 1), planned)
        caption = label("quiz_progress", self.lang, k=k, n=planned, score=self.quiz.tally().score)
        header = self.query_one(ProgressHeader)
        header.show(title, self.question.tags, done, planned - done, self.lang, caption)

    @property
    def recorded(self) -> bool:
        """The question on screen is already counted."""
        return self.answered and self.outcome is not None

    @property
    def awaiting_recall(self) -> bool:
        """A flashcard is revealed and waits for y / n."""
        return self.answered and self.outcome is None

    # -- after answering -------------------------------------------------------------------
    def answer_bar(self, outcome: Outcome | None) -> Static:
        """Count an auto-graded answer now; say what the keys do and that nothing is saved."""
        assert self.question is not None
        if outcome is not None:
            self.quiz.record(self.question, outcome)
            self.refresh_progress()
        return Static(self.bar_text(), id="quiz-bar", classes="answer-bar")

    def bar_text(self) -> Text:
        """`⏎ Next question · quiz: ...` or `y Knew it  n Didn't · quiz: ...`."""
        text = Text()
        if self.awaiting_recall:
            text.append("y", style="bold").append(" " + _("Knew it") + "    ")
            text.append("n", style="bold").append(" " + _("Didn't"))
        else:
            last = self.quiz.next_question() is None
            text.append("⏎", style="bold").append(
                " " + (_("See your score") if last else _("Next question"))
            )
        text.append(f"    · {_(NOT_SCHEDULED)}", style="dim")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Next once counted; y / n only for a revealed flashcard."""
        if action == "next":
            return self.recorded
        if action == "knew":
            return self.awaiting_recall
        return super().check_action(action, parameters)

    async def action_knew(self, knew: bool) -> None:
        """Count the revealed flashcard as known or not, then go on."""
        if not self.awaiting_recall or self.question is None:
            return
        outcome = self.quiz.self_graded(self.question, knew, self.lang)
        self.quiz.record(self.question, outcome)
        await self.next_question()

    async def action_next(self) -> None:
        """The next question (or the summary after the last)."""
        if self.recorded:
            await self.next_question()

    def finish(self) -> None:
        """The summary when something was answered, else back where the quiz started."""
        from quizapp.ui.screens.summary import QuizSummaryScreen

        if self.quiz.answered > 0:
            self.app.switch_screen(QuizSummaryScreen(self.quiz.summary()))
        else:
            self.app.go_home()
