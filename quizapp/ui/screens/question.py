"""What study and quiz share: one question in its exercise widget, then the feedback.

`QuestionScreen` shows a question (prompt, widget, progress line) and, once answered, the
verdict, the answer, the explanation and the source, exactly the same way for both. A
subclass says what comes after that (the four grades in study, "next" in a quiz) and what
the progress line reads.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget

from quizapp.domain import Outcome
from quizapp.i18n import N_, _
from quizapp.ui.labels import label
from quizapp.ui.messages import Answered, Revealed
from quizapp.ui.plain import Static
from quizapp.ui.widgets.footer import Footer
from quizapp.ui.widgets.progress_header import ProgressHeader

if TYPE_CHECKING:
    from quizapp.domain.question import Question
    from quizapp.ui.app import QuizApp
    from quizapp.ui.widgets.base import ExerciseWidget

QUESTION_KEYS: list[BindingType] = [
    Binding("enter", "resume", N_("Answer"), key_display="⏎"),  # after Esc left a blank
    Binding("e", "where", N_("Where")),  # for pack authors: the footer shows it on wide terminals
    Binding("l", "toggle_lang", N_("Lang")),
    Binding("question_mark,f1", "help", N_("Help")),  # F1 also inside an answer blank
    Binding("q,escape", "back", N_("Back")),
]
"""Keys every question screen has, drawn last in the footer (after the screen's own).

At 80 columns the footer has room for about 68 cells before the palette key; keys past that
are cut, and Help and Back come last, so `e` (a pack author's key) only shows from 100 columns
(`Footer.WIDE_ONLY`).
"""


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


class QuestionScreen(Screen[None]):
    """Prompt, exercise and feedback; subclasses add the keys for after the answer."""

    BINDINGS: ClassVar[list[BindingType]] = []  # each subclass lists its own, then QUESTION_KEYS
    AUTO_FOCUS = ""
    """No focus on mount: `show` focuses the exercise. Textual's default focused the scrolling
    body first, then restyled it and the exercise on moving focus, before the first frame."""

    app: QuizApp

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.question: Question | None = None
        self.widget: ExerciseWidget | None = None
        self.outcome: Outcome | None = None
        self.answer: dict[str, Any] = {}
        self.answered = False
        self.shown_at = 0.0
        self.duration = timedelta(0)
        self.lang = "en"

    def compose(self) -> Any:
        """Progress line, the prompt, the scrolling body (exercise, then feedback), footer.

        The prompt has its own box above the body (at most 40% of the height, scrolling on
        its own if longer), so the feedback never pushes the question off screen at 80x24.
        """
        yield ProgressHeader()
        yield VerticalScroll(id="prompt-box", can_focus=False)
        yield VerticalScroll(id="study-body")
        yield Footer(compact=True)

    # -- what subclasses decide ------------------------------------------------------------
    def show_progress(self, title: str) -> None:
        """Fill the progress line for the question on screen (`title`: its pack's)."""
        raise NotImplementedError

    def finish(self) -> None:
        """Leave: the summary, or back where the screen was opened from."""
        raise NotImplementedError

    def answer_bar(self, outcome: Outcome | None) -> Widget:
        """What to show under the feedback once answered (class `answer-bar`); `outcome` is
        None for a revealed flashcard."""
        raise NotImplementedError

    def make_widget(self, question: Question) -> ExerciseWidget:
        """The exercise widget for `question` (a quiz asks flashcards differently)."""
        return exercise_widget(question, self.lang, self.app)

    # -- showing a question ----------------------------------------------------------------
    async def show(self, question: Question, lang: str | None = None) -> None:
        """Render `question`: header, Markdown prompt, its exercise widget."""
        from quizapp.ui.widgets.markdown import pack_markdown

        pack = self.app.pack(question.pack_id)
        self.question = question
        self.lang = lang or self.app.lang_for(pack)
        self.answered = False
        self.outcome = None
        self.answer = {}
        await self.query(".answer-bar").remove()
        box = self.query_one("#prompt-box", VerticalScroll)
        body = self.query_one("#study-body", VerticalScroll)
        await box.remove_children()
        await body.remove_children()
        prompt = question.text(self.lang).prompt
        if question.type == "cloze":  # imported here: the typed widgets load the format models
            from quizapp.ui.widgets.fill_input import cloze_prompt

            prompt = cloze_prompt(prompt)
        self.widget = self.make_widget(question)
        await box.mount(pack_markdown(prompt, id="prompt"))
        await body.mount(self.widget)
        box.scroll_home(animate=False)
        body.scroll_home(animate=False)
        self.refresh_progress()
        self.shown_at = time.monotonic()
        # Focus the exercise now rather than when its own focus() call comes round, so the
        # footer draws its keys once, for the focused exercise, before the first paint.
        self.action_resume()

    # -- after answering -------------------------------------------------------------------
    @on(Answered)
    def grade_answer(self, event: Answered) -> None:
        """Have the answer graded, mark it in the widget, then show the feedback."""
        from quizapp.services.grading import check_answer

        event.stop()
        assert self.question is not None and self.widget is not None
        outcome = check_answer(
            self.question, event.answer, lang=self.lang, synonyms=self.widget.synonyms
        )
        self.widget.show_outcome(outcome)
        self.show_feedback(event.answer, outcome)

    @on(Revealed)
    def revealed_flashcard(self, event: Revealed) -> None:
        """A flashcard was turned over: its feedback, then the learner's own grade."""
        event.stop()
        self.show_feedback({}, None)

    def show_feedback(self, answer: dict[str, Any], outcome: Outcome | None) -> None:
        """Show right/wrong, the answer, the explanation and the source, then the answer bar."""
        from quizapp.ui.widgets.markdown import pack_markdown

        assert self.question is not None
        self.duration = timedelta(seconds=time.monotonic() - self.shown_at)
        self.answer, self.outcome, self.answered = answer, outcome, True
        text = self.question.text(self.lang)
        body = self.query_one("#study-body", VerticalScroll)
        parts: list[Any] = []
        if outcome is not None:
            parts.append(verdict(outcome, self.lang))
            if text.answer and self.question.type != "flashcard":
                parts.append(pack_markdown(text.answer, classes="answer-md"))
        if text.explanation:
            parts.append(pack_markdown(text.explanation, classes="explanation-md"))
        if self.question.source:
            source = label("source", self.lang, source=self.question.source)
            parts.append(Static(source, id="source"))
        mounting = body.mount(*parts)
        self.mount(self.answer_bar(outcome), before=self.query_one(Footer))
        # The body takes the keys: arrows and PgUp/PgDn scroll back to the marked answer
        # (with no focus they did nothing), and it binds no grade key.
        self.set_focus(body)
        self.refresh_bindings()
        # The verdict (or a flashcard's back) at the top of the body, the answer and the
        # explanation under it; the prompt stays in its own box above.
        target = parts[0] if outcome is not None else self.widget

        async def scroll_to_feedback() -> None:
            await mounting  # then laid out on the next refresh
            if target is not None:
                self.call_after_refresh(body.scroll_to_widget, target, top=True, animate=False)

        self.call_later(scroll_to_feedback)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Where and Lang need a question on screen; Answer, an unanswered one left by Esc."""
        if action in ("where", "toggle_lang"):
            return self.question is not None
        if action == "resume":
            return self.widget is not None and not self.answered and self.focused is None
        return True

    def action_resume(self) -> None:
        """Focus the exercise (its first blank, for typed answers) to answer it."""
        if self.widget is None:
            return
        target: Widget | None = self.widget if self.widget.can_focus else None
        if target is None:
            target = next((w for w in self.widget.query("*") if w.focusable), None)
        if target is not None:
            self.set_focus(target)
        self.refresh_bindings()

    def refresh_progress(self) -> None:
        """Redraw the progress line under the title of the question's pack."""
        assert self.question is not None
        pack = self.app.pack(self.question.pack_id)
        self.show_progress(pack.title(self.lang) if pack else self.question.pack_id)

    # -- keys every question screen has ---------------------------------------------------
    def action_back(self) -> None:
        """Leave (Esc in an answer blank only leaves the blank: see AnswerInput)."""
        self.finish()

    def action_where(self) -> None:
        """Show where the question is written, for its author."""
        if self.question is not None:
            from quizapp.paths import shipped_content_dir

            pack = self.app.pack(self.question.pack_id)
            path = pack.path / self.question.file if pack else self.question.file
            shipped = shipped_content_dir()
            where = f"{path}:{self.question.line}"
            if pack is not None and shipped is not None and pack.path.is_relative_to(shipped):
                # editing the installed file would be lost on the next upgrade
                where = _(
                    "Shipped with quizapp ({file}:{line}). "
                    "To edit it, make your own copy: quizapp pack copy {pack} "
                    "(into your packs folder, where it replaces the shipped one)"
                ).format(file=self.question.file, line=self.question.line, pack=pack.id)
            self.notify(where, title=self.question.key, timeout=8)

    async def action_toggle_lang(self) -> None:
        """Switch between the pack's languages (e.g. en and zh-CN)."""
        if self.question is None:
            return
        pack = self.app.pack(self.question.pack_id)
        languages = list(pack.languages) if pack else []
        if len(languages) < 2:
            self.notify(_("This pack has one language."), timeout=2)
            return
        index = languages.index(self.lang) if self.lang in languages else -1
        await self.use_language(languages[(index + 1) % len(languages)])

    async def use_language(self, lang: str) -> None:
        """Questions in `lang` from now on: this one again if not yet answered."""
        self.app.lang = lang
        if self.answered or self.question is None:
            message = _("Language: {lang} (from the next question)").format(lang=lang)
            self.notify(message, timeout=2)
        else:
            await self.show(self.question, lang)

    def action_help(self) -> None:
        """Keys and exercise types."""
        self.app.show_help()


def verdict(outcome: Outcome, lang: str = "en") -> Static:
    """`✓ Right`, `◐ Partly right (60%)` or `✗ Wrong`, coloured, in the question's language."""
    if outcome.correct:
        return Static(label("right", lang), id="verdict", classes="-right")
    if outcome.score > 0:
        pct = round(outcome.score * 100)
        return Static(label("partly", lang, pct=pct), id="verdict", classes="-partial")
    return Static(label("wrong", lang), id="verdict", classes="-wrong")
