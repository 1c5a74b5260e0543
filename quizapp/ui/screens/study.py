"""One question at a time: prompt, exercise, then the verdict, explanation and four grades."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quizapp.domain import Grade, Outcome
from quizapp.errors import StoreError
from quizapp.ui.labels import label
from quizapp.ui.messages import Answered, Graded
from quizapp.ui.widgets.footer import Footer
from quizapp.ui.widgets.progress_header import ProgressHeader
from quizapp.ui.widgets.rating_bar import RatingBar, human_interval

if TYPE_CHECKING:
    from quizapp.packs.model import Question
    from quizapp.services.study import StudySession
    from quizapp.ui.app import QuizApp
    from quizapp.ui.widgets.base import ExerciseWidget


def exercise_widget(question: Question, lang: str, app: QuizApp) -> ExerciseWidget:
    """The widget for the question's type."""
    pack = app.pack(question.pack_id)
    synonyms = pack.meta.synonyms if pack and pack.meta else []
    if question.type == "choice":
        from quizapp.ui.widgets.choice_list import ChoiceList

        return ChoiceList(question, lang, synonyms, rng=app.rng)
    if question.type == "order":
        from quizapp.ui.widgets.order_list import OrderList

        return OrderList(question, lang, synonyms, rng=app.rng)
    if question.type in ("typed", "cloze"):
        from quizapp.ui.widgets.fill_input import FillIn

        return FillIn(question, lang, synonyms)
    if question.type == "diagram":
        from quizapp.ui.widgets.ladder import LadderDiagram

        return LadderDiagram(question, lang, synonyms)
    from quizapp.ui.widgets.recall_card import RecallCard

    return RecallCard(question, lang, synonyms)


class StudyScreen(Screen[None]):
    """Today's queue, one question at a time; every grade is committed before the next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # 1-4 are drawn by the rating bar itself, so the footer keeps room for the rest.
        Binding("1", "grade(1)", "Again", show=False),
        Binding("2", "grade(2)", "Hard", show=False),
        Binding("3", "grade(3)", "Good", show=False),
        Binding("4", "grade(4)", "Easy", show=False),
        Binding("space,enter", "grade_suggested", "Grade", key_display="⏎"),
        Binding("u", "undo", "Undo"),
        Binding("s", "suspend", "Suspend"),
        Binding("b", "bury", "Bury"),
        Binding("e", "where", "Where"),
        Binding("l", "toggle_lang", "Lang"),
        Binding("question_mark", "help", "Help"),
        Binding("q,escape", "back", "Back"),
    ]

    app: QuizApp

    def __init__(self, pack_ids: list[str] | None = None) -> None:
        super().__init__(id="study")
        self.pack_ids = pack_ids
        self.own_session: StudySession | None = None
        self.question: Question | None = None
        self.widget: ExerciseWidget | None = None
        self.outcome: Outcome | None = None
        self.answer: dict[str, Any] = {}
        self.answered = False
        self.suggested = Grade.GOOD
        self.shown_at = 0.0
        self.duration = timedelta(0)
        self.lang = "en"

    @property
    def session(self) -> StudySession:
        """This screen's session: the app's, or one scoped to the chosen pack."""
        session = self.own_session or self.app.session
        assert session is not None
        return session

    def compose(self) -> Any:
        """Progress line, scrolling body, footer."""
        yield ProgressHeader()
        yield VerticalScroll(id="study-body")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        """Open a pack-scoped session if asked, then show the first question."""
        if self.pack_ids is not None:
            self.own_session = self.app.open_session(self.pack_ids)
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

    async def show(self, question: Question, lang: str | None = None) -> None:
        """Render `question`: header, Markdown prompt, its exercise widget."""
        from quizapp.ui.widgets.markdown import pack_markdown

        pack = self.app.pack(question.pack_id)
        self.question = question
        self.lang = lang or self.app.lang_for(pack)
        self.answered = False
        self.outcome = None
        self.answer = {}
        await self.query(RatingBar).remove()
        body = self.query_one("#study-body", VerticalScroll)
        await body.remove_children()
        prompt = question.text(self.lang).prompt
        if question.type == "cloze":  # imported here: the typed widgets load the format models
            from quizapp.ui.widgets.fill_input import cloze_prompt

            prompt = cloze_prompt(prompt)
        self.widget = exercise_widget(question, self.lang, self.app)
        await body.mount(pack_markdown(prompt, id="prompt"), self.widget)
        body.scroll_home(animate=False)
        done, remaining = self.session.progress()
        title = pack.title(self.lang) if pack else question.pack_id
        self.query_one(ProgressHeader).show(title, question.tags, done, remaining, self.lang)
        self.shown_at = time.monotonic()
        # Focus the exercise now rather than when its own focus() call comes round, so the
        # footer draws its keys once, for the focused exercise, before the first paint.
        target = self.widget if self.widget.can_focus else None
        if target is None:
            target = next((w for w in self.widget.query("*") if w.focusable), None)
        if target is not None:
            self.set_focus(target)
        self.refresh_bindings()

    # -- after answering -------------------------------------------------------------------
    @on(Answered)
    def answered_question(self, event: Answered) -> None:
        """Show right/wrong, the answer, the explanation and the grades with their intervals."""
        from quizapp.ui.widgets.markdown import pack_markdown

        event.stop()
        assert self.question is not None
        self.duration = timedelta(seconds=time.monotonic() - self.shown_at)
        self.answer, self.outcome, self.answered = event.answer, event.outcome, True
        self.suggested = (
            Grade.GOOD
            if event.outcome is None
            else self.session.suggest(event.outcome, self.duration)
        )
        text = self.question.text(self.lang)
        body = self.query_one("#study-body", VerticalScroll)
        parts: list[Any] = []
        if event.outcome is not None:
            parts.append(verdict(event.outcome, self.lang))
            if text.answer and self.question.type != "flashcard":
                parts.append(pack_markdown(text.answer, classes="answer-md"))
        if text.explanation:
            parts.append(pack_markdown(text.explanation, classes="explanation-md"))
        if self.question.source:
            source = label("source", self.lang, source=self.question.source)
            parts.append(Static(source, id="source"))
        body.mount(*parts)
        preview = self.session.preview(self.question.key)
        self.mount(RatingBar(preview, self.suggested), before=self.query_one(Footer))
        self.set_focus(None)
        self.refresh_bindings()
        self.call_after_refresh(body.scroll_end, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grades only once answered; undo only when there is something to undo."""
        if action in ("grade", "grade_suggested"):
            return self.answered
        if action == "undo":
            return self.session.answered > 0
        if action in ("suspend", "bury", "where", "toggle_lang"):
            return self.question is not None
        return True

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
            from quizapp.exercises import exercise_for

            outcome = exercise_for("flashcard").check(
                self.question, {"grade": grade}, lang=self.lang
            )
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
        message = f"{grade.name.capitalize()}: back {human_interval(result.interval)} from now"
        if result.became_leech:
            message += " — suspended as a leech (you keep missing it)"
        self.notify(message, timeout=2)
        await self.next_question()

    def not_saved(self, exc: StoreError) -> None:
        """Say plainly that nothing was saved and why (read-only file, full disk, locked)."""
        self.notify(str(exc), title="Not saved", severity="error", timeout=15)

    async def action_grade_suggested(self) -> None:
        """Space/Enter: the suggested grade (Good for flashcards and right answers)."""
        await self.action_grade(int(self.suggested))

    # -- other keys ------------------------------------------------------------------------
    async def action_undo(self) -> None:
        """Take back the last grade and show that question again."""
        try:
            key = self.session.undo()
        except StoreError as exc:
            self.not_saved(exc)
            return
        if key is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        question = self.session.questions.get(key)
        if question is not None:
            self.notify(f"Undone: {key}", timeout=2)
            await self.show(question)

    async def action_suspend(self) -> None:
        """Never show this question again (until unsuspended)."""
        if self.question is not None:
            try:
                self.session.suspend(self.question.key)
            except StoreError as exc:
                self.not_saved(exc)
                return
            self.notify(f"Suspended {self.question.key}", timeout=2)
            await self.next_question()

    async def action_bury(self) -> None:
        """Hide this question until tomorrow."""
        if self.question is not None:
            try:
                self.session.bury(self.question.key)
            except StoreError as exc:
                self.not_saved(exc)
                return
            self.notify(f"Buried {self.question.key} until tomorrow", timeout=2)
            await self.next_question()

    def action_where(self) -> None:
        """Show where the question is written, for its author."""
        if self.question is not None:
            pack = self.app.pack(self.question.pack_id)
            path = pack.path / self.question.file if pack else self.question.file
            self.notify(f"{path}:{self.question.line}", title=self.question.key, timeout=8)

    async def action_toggle_lang(self) -> None:
        """Switch between the pack's languages (e.g. en and zh-CN)."""
        if self.question is None:
            return
        pack = self.app.pack(self.question.pack_id)
        languages = list(pack.languages) if pack else []
        if len(languages) < 2:
            self.notify("This pack has one language.", timeout=2)
            return
        index = languages.index(self.lang) if self.lang in languages else -1
        self.app.lang = languages[(index + 1) % len(languages)]
        if self.answered:
            self.notify(f"Language: {self.app.lang} (from the next question)", timeout=2)
        else:
            await self.show(self.question, self.app.lang)

    def action_help(self) -> None:
        """Keys and exercise types."""
        from quizapp.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_back(self) -> None:
        """Leave the session (Esc in a blank only leaves the blank: see AnswerInput)."""
        self.finish()

    def finish(self) -> None:
        """The summary when something was answered, else home with a note."""
        from quizapp.ui.screens.summary import SummaryScreen

        if self.session.answered > 0:
            summary = self.session.summary()
            self.app.switch_screen(SummaryScreen(summary))
        else:
            if self.question is None:
                self.notify("Nothing due right now.", timeout=3)
            self.app.pop_screen()


def verdict(outcome: Outcome, lang: str = "en") -> Static:
    """`✓ Right`, `◐ Partly right (60%)` or `✗ Wrong`, coloured, in the question's language."""
    if outcome.correct:
        return Static(label("right", lang), id="verdict", classes="-right")
    if outcome.score > 0:
        pct = round(outcome.score * 100)
        return Static(label("partly", lang, pct=pct), id="verdict", classes="-partial")
    return Static(label("wrong", lang), id="verdict", classes="-wrong")
