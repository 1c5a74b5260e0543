"""Studying today's queue: the shared question screen, then four grades committed to disk."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType

from quizapp.domain import Grade, Outcome
from quizapp.errors import StoreError
from quizapp.i18n import N_, _
from quizapp.ui.labels import grade_name
from quizapp.ui.messages import Graded
from quizapp.ui.screens.question import QUESTION_KEYS, QuestionScreen, exercise_widget, verdict
from quizapp.ui.widgets.progress_header import ProgressHeader
from quizapp.ui.widgets.rating_bar import RatingBar, human_interval

if TYPE_CHECKING:
    from quizapp.services.study import StudySession

__all__ = ["StudyScreen", "exercise_widget", "verdict"]


class StudyScreen(QuestionScreen):
    """Today's queue, one question at a time; every grade is committed before the next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # 1-4 are drawn by the rating bar itself, so the footer keeps room for the rest.
        Binding("1", "grade(1)", N_("Again"), show=False),
        Binding("2", "grade(2)", N_("Hard"), show=False),
        Binding("3", "grade(3)", N_("Good"), show=False),
        Binding("4", "grade(4)", N_("Easy"), show=False),
        Binding("space,enter", "grade_suggested", N_("Grade"), key_display="⏎"),
        Binding("u,ctrl+z", "undo", N_("Undo")),  # Ctrl+Z also inside an answer blank
        Binding("s", "suspend", N_("Suspend")),
        Binding("b", "bury", N_("Bury")),
        *QUESTION_KEYS,
    ]

    def __init__(
        self, pack_ids: list[str] | None = None, session: StudySession | None = None
    ) -> None:
        super().__init__(id="study")
        self.pack_ids = pack_ids
        self.own_session: StudySession | None = session
        """A session of its own: one pack's, or one given (browse's "study these", custom
        study); closed with the screen."""
        self.suggested = Grade.GOOD

    @property
    def session(self) -> StudySession:
        """This screen's session: the app's, or one scoped to the chosen pack."""
        session = self.own_session or self.app.session
        assert session is not None
        return session

    async def on_mount(self) -> None:
        """Open a pack-scoped session if asked, then show the first question."""
        if self.own_session is not None:
            pass
        elif self.pack_ids is not None:
            self.own_session = self.app.open_session(self.pack_ids)
        else:  # the app's session: each visit is a fresh one (counts, undo)
            self.session.begin()
        await self.next_question()

    def on_unmount(self) -> None:
        """Close a pack-scoped session (its answers are already committed)."""
        if self.own_session is not None:
            self.own_session.close()

    # -- showing a question ----------------------------------------------------------------
    async def next_question(self) -> None:
        """Show the next card, or the summary when nothing is left."""
        card = self.session.next_card()
        if card is None:
            self.finish()
            return
        await self.show(card.question)

    def show_progress(self, title: str) -> None:
        """`3 done · 5 new 2 learning 13 review`: today's queue, the question on screen
        included (as Anki counts it); kept counts, so no recount per question."""
        assert self.question is not None
        counts = self.session.counts()
        if self.session.scope.custom:  # review ahead, chosen questions: say it is not today's
            title = _("Custom · {title}").format(title=title)
        header = self.query_one(ProgressHeader)
        header.show(
            title,
            self.question.tags,
            self.session.answered,
            counts.total,
            self.lang,
            counts=(counts.new, counts.learning, counts.review),
        )

    # -- after answering -------------------------------------------------------------------
    def answer_bar(self, outcome: Outcome | None) -> RatingBar:
        """The four grades with their intervals; the suggested one stands out."""
        assert self.question is not None
        self.suggested = (
            Grade.GOOD
            if outcome is None
            else self.session.suggest(outcome, self.duration, self.question.key)
        )
        preview = self.session.preview(self.question.key)
        return RatingBar(preview, self.suggested)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grades only once answered; undo only when there is something to undo."""
        if action in ("grade", "grade_suggested"):
            return self.answered
        if action == "undo":
            return self.session.can_undo
        if action in ("suspend", "bury"):
            return self.question is not None
        return super().check_action(action, parameters)

    @on(Graded)
    async def graded_by_click(self, event: Graded) -> None:
        """A click on the rating bar."""
        event.stop()
        await self.action_grade(int(event.grade))

    async def action_grade(self, value: int) -> None:
        """Commit the grade, then show the next question."""
        if not self.answered or self.question is None:
            return
        grade = Grade(value)
        outcome = self.outcome
        if outcome is None:  # flashcard: the grade is the answer
            from quizapp.services.grading import recall_outcome

            outcome = recall_outcome(self.question, grade, self.lang)
            self.answer = {"grade": int(grade)}
        try:
            result = self.session.answer(
                self.question.key,
                grade,
                answer=self.answer,
                outcome=outcome,
                duration=self.duration,
            )
        except StoreError as exc:
            self.not_saved(exc)  # stay on this question: the grade can be given again
            return
        message = _("{grade}: back {interval} from now").format(
            grade=grade_name(grade), interval=human_interval(result.interval)
        )
        if result.became_leech:
            message += _(" — suspended as a leech (you keep missing it)")
        self.notify(message, timeout=2)
        await self.next_question()

    def not_saved(self, exc: StoreError) -> None:
        """Say plainly that nothing was saved and why (read-only file, full disk, locked)."""
        self.notify(str(exc), title=_("Not saved"), severity="error", timeout=15)

    async def action_grade_suggested(self) -> None:
        """Space/Enter: the suggested grade (Good for flashcards and right answers)."""
        await self.action_grade(int(self.suggested))

    # -- other keys ------------------------------------------------------------------------
    def title_of(self, key: str) -> str:
        """The question as a learner knows it: its prompt's first words, not `pack/id`."""
        from quizapp.domain.text import prompt_line

        question = self.session.questions.get(key)
        if question is None:
            return key
        return f"“{prompt_line(question.text(self.lang).prompt, 40)}”"

    async def action_undo(self) -> None:
        """Take back the last action (grade, suspend or bury) and show that question again."""
        try:
            key = self.session.undo()
        except StoreError as exc:
            self.not_saved(exc)
            return
        if key is None:
            self.notify(_("Nothing to undo."), timeout=2)
            return
        question = self.session.questions.get(key)
        if question is not None:
            self.notify(_("Undone: {question}").format(question=self.title_of(key)), timeout=2)
            await self.show(question)

    async def action_suspend(self) -> None:
        """Never show this question again (until unsuspended); `u` takes it back."""
        if self.question is not None:
            try:
                self.session.suspend(self.question.key)
            except StoreError as exc:
                self.not_saved(exc)
                return
            title = self.title_of(self.question.key)
            self.notify(_("Suspended {question} (u: undo)").format(question=title), timeout=2)
            await self.next_question()

    async def action_bury(self) -> None:
        """Hide this question until tomorrow; `u` takes it back."""
        if self.question is not None:
            try:
                self.session.bury(self.question.key)
            except StoreError as exc:
                self.not_saved(exc)
                return
            title = self.title_of(self.question.key)
            self.notify(
                _("Buried {question} until tomorrow (u: undo)").format(question=title), timeout=2
            )
            await self.next_question()

    def finish(self) -> None:
        """The summary when something was answered, else home with a note."""
        from quizapp.ui.screens.summary import SummaryScreen

        if self.session.answered > 0:
            summary = self.session.summary()
            self.app.switch_screen(SummaryScreen(summary, self.pack_ids))
        else:
            if self.question is None:
                self.notify(_("Nothing due right now."), timeout=3)
            self.app.pop_screen()
