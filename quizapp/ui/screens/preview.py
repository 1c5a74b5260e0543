"""`quizapp pack preview`: a pack's questions in the study widgets, reloaded as files change.

Answer a question as in study to see how it grades; `n` / `p` move to the next or previous
question, `r` reads the files again now (they are also watched). Problems `pack check` finds
in the question's file are shown above it at file:line, and a question an edit broke is
replaced by its problems until the file is fixed. Nothing is saved: no database is opened.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from quizapp.i18n import N_, _
from quizapp.ui.plain import Static
from quizapp.ui.screens.question import QUESTION_KEYS, QuestionScreen
from quizapp.ui.widgets.progress_header import ProgressHeader

if TYPE_CHECKING:
    from quizapp.domain import Outcome
    from quizapp.domain.question import Question
    from quizapp.errors import PackProblem
    from quizapp.services.preview import PackPreview
    from quizapp.ui.widgets.base import ExerciseWidget


class PreviewScreen(QuestionScreen):
    """One question of the previewed pack at a time, or the problems of a broken one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # p and r stay out of the footer: at 80 columns they pushed Help and Back off it; the
        # bar under an answer, the broken-question text and the palette name them.
        Binding("n", "move(1)", N_("Next")),
        Binding("p", "move(-1)", N_("Previous"), show=False),
        Binding("r", "reload", N_("Reload"), show=False),
        *QUESTION_KEYS,
    ]

    def __init__(self, preview: PackPreview) -> None:
        super().__init__(id="preview")
        self.preview = preview
        self.stop_watching = asyncio.Event()

    async def on_mount(self) -> None:
        """The first question, then watch the pack's files."""
        await self.show_current()
        self.watch_files()

    def on_unmount(self) -> None:
        """Stop the watcher with the screen."""
        self.stop_watching.set()

    @work(exclusive=True, group="watch")
    async def watch_files(self) -> None:
        """Reload whenever a question file or pack.yaml changes."""
        async for changed in self.preview.changes(self.stop_watching):
            await self.reload(", ".join(sorted(changed)))

    async def reload(self, what: str = "") -> None:
        """Read the pack again and show the question on screen as it now is."""
        self.preview.reload()
        self.app.packs = [self.preview.pack]
        await self.show_current()
        self.notify(_("Reloaded {files}").format(files=what).strip(), timeout=2)

    async def show_current(self) -> None:
        """The question on screen (fresh, unanswered), or the problems that broke it."""
        question = self.preview.current
        if question is not None:
            await self.show(question, self.lang if self.question else None)
        else:
            await self.show_broken()
        self.show_problems()

    async def show_broken(self) -> None:
        """No question to show: the body holds the problems and what to do."""
        self.question, self.widget, self.answered = None, None, False
        await self.query(".answer-bar").remove()
        body = self.query_one("#study-body", VerticalScroll)
        await body.remove_children()
        spot = self.preview.spot
        if spot is not None:
            what = _("'{id}' in {file} does not load.").format(id=spot.id, file=spot.file)
        else:
            what = _("This pack does not load.")
        todo = _(
            "Fix the problems above and save the file: the preview reloads by itself "
            "(r reloads now; n / p show the other questions)."
        )
        await body.mount(Static(f"{what} {todo}", id="preview-broken"))
        self.refresh_header()
        self.refresh_bindings()

    def show_problems(self) -> None:
        """`file:line: message` for each problem of the file on screen, above the prompt."""
        problems: list[PackProblem] = self.preview.problems_here()
        body = self.query_one("#study-body", VerticalScroll)
        if not problems:
            return
        text = Text()
        for problem in problems[:20]:
            text.append(f"{self.preview.path}/{problem}\n", style="bold red")
        if len(problems) > 20:
            more = _("… and {n} more: run quizapp pack check").format(n=len(problems) - 20)
            text.append(more + "\n", style="red")
        text.rstrip()
        body.mount(Static(text, id="preview-problems"), before=0)

    # -- what QuestionScreen leaves to its screens ------------------------------------------
    def make_widget(self, question: Question) -> ExerciseWidget:
        """The study widget; a revealed flashcard asks for no grade, there being none here."""
        from quizapp.ui.widgets.recall_card import RecallCard

        widget = super().make_widget(question)
        if isinstance(widget, RecallCard):
            widget.ask = "preview_back"
        return widget

    def show_progress(self, title: str) -> None:
        """`preview · 3 of 146 · reloaded 2×`."""
        assert self.question is not None
        self.refresh_header(title)

    def refresh_header(self, title: str | None = None) -> None:
        """The pack title, where the preview is, and how often it reloaded."""
        pack = self.preview.pack
        title = title or pack.title(self.lang)
        index, total, reloads = self.preview.index + 1, self.preview.total, self.preview.reloads
        if self.question is None:
            caption = _("preview · broken · {total} load · reloaded {reloads}×")
        else:
            caption = _("preview · {index} of {total} · reloaded {reloads}×")
        caption = caption.format(index=index, total=total, reloads=reloads)
        tags = self.question.tags if self.question is not None else ()
        self.query_one(ProgressHeader).show(title, tags, 0, 0, self.lang, caption)

    def answer_bar(self, outcome: Outcome | None) -> Static:
        """What the keys do now, and that nothing is saved."""
        text = Text()
        for key, words in (("n", _("Next")), ("p", _("Previous")), ("r", _("Reload"))):
            text.append(key, style="bold").append(f" {words}    ")
        text.append("· " + _("preview: nothing is saved"), style="dim")
        return Static(text, id="preview-bar", classes="answer-bar")

    def finish(self) -> None:
        """Leave the preview (and the app: it has no other screen)."""
        self.app.exit(0)

    # -- keys ------------------------------------------------------------------------------
    async def action_move(self, step: int) -> None:
        """The next or previous question (wrapping round)."""
        self.preview.move(step)
        await self.show_current()

    async def action_reload(self) -> None:
        """Read the files again now."""
        await self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moving and reloading work whatever is on screen."""
        if action in ("move", "reload"):
            return True
        return super().check_action(action, parameters)
