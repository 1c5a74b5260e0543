"""A mock interview: questions one after another against a visible countdown, with no
feedback until the report at the end (as in an interview); it ends when the time is up."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.timer import Timer

from quizapp.i18n import N_, _
from quizapp.ui.messages import Answered
from quizapp.ui.plain import Static
from quizapp.ui.screens.question import QUESTION_KEYS, QuestionScreen
from quizapp.ui.widgets.footer import Footer
from quizapp.ui.widgets.progress_header import ProgressHeader

if TYPE_CHECKING:
    from quizapp.domain import Outcome
    from quizapp.services.interview import Interview
    from quizapp.ui.widgets.base import ExerciseWidget


def clock_text(left: timedelta) -> str:
    """`19:05`: minutes and seconds left (hours fold into minutes)."""
    seconds = max(int(left.total_seconds()), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


class InterviewScreen(QuestionScreen):
    """The interview's questions; the report when they are done, time is up, or on `q`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "knew(True)", N_("Knew it")),
        Binding("n", "knew(False)", N_("Didn't")),
        *QUESTION_KEYS,
    ]

    def __init__(self, interview: Interview) -> None:
        super().__init__(id="interview")
        self.interview = interview
        self.timer: Timer | None = None
        self.done = False

    async def on_mount(self) -> None:
        """The countdown, then the first question."""
        self.timer = self.set_interval(1, self.tick)
        await self.next_question()

    def tick(self) -> None:
        """Redraw the countdown; end the interview when the time is up."""
        if self.done:
            return
        if self.interview.remaining() <= timedelta(0):
            self.finish()
        elif self.question is not None:
            self.refresh_progress()

    async def next_question(self) -> None:
        """The next question, or the report when the interview is over."""
        question = self.interview.next_question()
        if question is None:
            self.finish()
            return
        await self.show(question)

    def show_progress(self, title: str) -> None:
        """`⏱ 12:34 · question 3 of 15`."""
        assert self.question is not None
        done, planned = self.interview.answered, self.interview.planned
        caption = _("⏱ {left} · question {k} of {n}").format(
            left=clock_text(self.interview.remaining()), k=min(done + 1, planned), n=planned
        )
        header = self.query_one(ProgressHeader)
        header.show(title, self.question.tags, done, planned - done, self.lang, caption)

    # -- answering: counted, never shown -----------------------------------------------------
    @on(Answered)
    async def count_answer(self, event: Answered) -> None:
        """Grade the answer without marking it, then straight on (no base-class feedback)."""
        from quizapp.services.grading import check_answer

        event.prevent_default()
        event.stop()
        if self.question is None or self.widget is None or self.done:
            return
        outcome = check_answer(
            self.question, event.answer, lang=self.lang, synonyms=self.widget.synonyms
        )
        self.interview.record(self.question, outcome)
        await self.next_question()

    def show_feedback(self, answer: dict[str, Any], outcome: Outcome | None) -> None:
        """Reached for a revealed flashcard only: ask y / n, show nothing else."""
        self.answered, self.outcome = True, None
        self.mount(self.answer_bar(None), before=self.query_one(Footer))
        self.set_focus(None)
        self.refresh_bindings()

    def answer_bar(self, outcome: Outcome | None) -> Static:
        """`y Knew it    n Didn't`."""
        text = Text()
        text.append("y", style="bold").append(" " + _("Knew it") + "    ")
        text.append("n", style="bold").append(" " + _("Didn't"))
        return Static(text, id="interview-bar", classes="answer-bar")

    def make_widget(self, question: Any) -> ExerciseWidget:
        """The study widget; a revealed flashcard asks "did you know it?"."""
        from quizapp.ui.widgets.recall_card import RecallCard

        widget = super().make_widget(question)
        if isinstance(widget, RecallCard):
            widget.ask = "know_it"
        return widget

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """y / n only for a revealed flashcard; `l` and `e` as in study."""
        if action == "knew":
            return self.answered and self.outcome is None
        return super().check_action(action, parameters)

    async def action_knew(self, knew: bool) -> None:
        """Count the revealed flashcard, then go on."""
        if self.question is None or not self.answered or self.done:
            return
        outcome = self.interview.self_graded(self.question, knew, self.lang)
        self.interview.record(self.question, outcome)
        await self.next_question()

    def finish(self) -> None:
        """Save the report and show it (once, whether time ran out or the learner left)."""
        from quizapp.services.interview import save_report

        if self.done:
            return
        self.done = True
        if self.timer is not None:
            self.timer.stop()
        report = self.interview.report()
        saved = save_report(self.app.db_path, report)
        from quizapp.ui.screens.interview_report import InterviewReportScreen

        self.app.switch_screen(InterviewReportScreen(report, saved))
