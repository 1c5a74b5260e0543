"""`QuizApp`: owns the study session (or a quiz) and the screens; one factory for CLI and tests."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from quizapp.domain.pack import Pack
from quizapp.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from quizapp.config import Settings
    from quizapp.services.interview import Interview
    from quizapp.services.quiz import Quiz
    from quizapp.services.study import StudySession


class QuizApp(App[int]):
    """The study app: home screen (packs and counts), study and quiz screens, summaries, help."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True)
    ]

    def __init__(
        self,
        db_path: Path,
        packs: Sequence[Pack],
        *,
        pack_ids: list[str] | None = None,
        tag: str | None = None,
        lang: str | None = None,
        clock: Callable[[], datetime] | None = None,
        seed: int | None = None,
        study_now: bool = False,
        quiz_now: Quiz | None = None,
        interview_now: Interview | None = None,
        extra_new: int = 0,
    ) -> None:
        from quizapp import cjk_wrap

        super().__init__()
        cjk_wrap.install()  # Chinese prompts and explanations wrap at the line's end
        self.study_now = study_now
        """Go straight to the first question (`quizapp study`); home stays underneath."""
        self.quiz_now = quiz_now
        """Run this quiz and exit (`quizapp quiz`): no database is opened, so there is no home."""
        self.db_path = db_path
        self.packs = list(packs)
        self.pack_ids = pack_ids
        self.tag = tag
        self.lang = lang
        self.lang_given = lang is not None
        """`--lang` was given: it wins over the language setting."""
        self.clock = clock
        self.rng = random.Random(seed)
        self.session: StudySession | None = None
        self.error: str | None = None
        self.extra_new = extra_new
        self.interview_now = interview_now
        """Run this mock interview (`quizapp interview`), show its report, and exit."""
        """`study --extra-new N`: today's new limit is N higher in this app's sessions."""

    # -- sessions --------------------------------------------------------------------------
    def open_session(
        self,
        pack_ids: list[str] | None = None,
        *,
        keys: Sequence[str] | None = None,
        tag: str | None = None,
        extra_new: int = 0,
        due_by: int | None = None,
    ) -> StudySession:
        """A study session over `pack_ids` (default: the packs and tag given on the CLI), or
        over some questions (`keys`, `tag`: browse's "study these", mistakes, custom study)."""
        from quizapp.services.study import StudySession, utc_now

        return StudySession.open(
            self.db_path,
            self.packs,
            pack_ids=pack_ids if pack_ids is not None else self.pack_ids,
            tag=tag or self.tag,
            clock=self.clock or utc_now,
            extra_new=self.extra_new + extra_new,
            keys=keys,
            due_by=due_by,
        )

    def study_keys(self, keys: Sequence[str]) -> None:
        """Study these questions now (browse's "study these", the weakest, mistakes, custom
        study's tag or type): a study session on them when any is due or new within today's
        limit; otherwise a custom session of all of them whenever due, as Anki's filtered
        decks (each answer a real review, from the real time since the last one)."""
        from quizapp.packs.directions import study_questions
        from quizapp.services.custom_study import ANY_DUE
        from quizapp.ui.screens.study import StudyScreen

        session = self.open_session(keys=keys)
        if session.counts().total:
            self.push_screen(StudyScreen(None, session))
            return
        session.close()
        wanted = set(keys)
        known = sum(q.key in wanted for p in self.packs for q in study_questions(p.questions))
        if not known:
            self.notify(_("None of these questions is in the loaded packs."), severity="warning")
            return
        custom = self.open_session(keys=keys, due_by=ANY_DUE)
        left = custom.counts().total
        if not left:
            custom.close()
            self.notify(
                _(
                    "None of these can be studied now: they are suspended, buried, or in a "
                    "learning step that comes later."
                ),
                severity="warning",
                timeout=6,
            )
            return
        self.notify(
            ngettext(
                "Nothing here is due today, so this is a custom session of {n} question, "
                "due or not: answers count as real reviews, scheduled from the time since "
                "you last saw it.",
                "Nothing here is due today, so this is a custom session of all {n}, due or "
                "not: answers count as real reviews, each scheduled from the time since you "
                "last saw it.",
                left,
            ).format(n=left),
            timeout=10,
        )
        self.push_screen(StudyScreen(None, custom))

    def now(self) -> datetime:
        """The injected clock (UTC)."""
        from quizapp.services.study import utc_now

        return (self.clock or utc_now)()

    def pack(self, pack_id: str) -> Pack | None:
        """A loaded pack by id."""
        return next((p for p in self.packs if p.id == pack_id), None)

    def lang_for(self, pack: Pack | None) -> str:
        """The chosen language if the pack has it, else the pack's first language."""
        languages = pack.languages if pack else ()
        if self.lang and (not languages or self.lang in languages):
            return self.lang
        return languages[0] if languages else (self.lang or "en")

    # -- lifecycle -------------------------------------------------------------------------
    def on_mount(self) -> None:
        """Open the database; a refused database ends the app with the message, no traceback."""
        from quizapp.errors import StoreError

        if self.quiz_now is not None:  # a quiz never needs the database: do not create it
            from quizapp.ui.screens.quiz import QuizScreen

            self.push_screen(QuizScreen(self.quiz_now))
            return
        try:
            self.session = self.open_session()
        except StoreError as exc:
            self.error = str(exc)
            self.exit(1, return_code=1)
            return
        self.apply_display(self.session.settings)
        if self.interview_now is not None:
            from quizapp.ui.screens.interview import InterviewScreen

            self.push_screen(InterviewScreen(self.interview_now))
        elif self.study_now:  # home is built when the session is left (see pop_screen)
            from quizapp.ui.screens.study import StudyScreen

            self.push_screen(StudyScreen(None))
        else:
            from quizapp.ui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def on_ready(self) -> None:
        """The first screen is drawn: the command line's start-up pause of the cycle collector
        (quizapp/gc_pause.py) ends here."""
        from quizapp.gc_pause import end_startup_pause

        end_startup_pause()

    def apply_display(self, settings: Settings, *, interface: bool = False) -> None:
        """The language and theme settings (`--lang` wins; an unknown theme is left out).
        The interface language was chosen before the app started (cli/translate.py); with
        `interface`, a language just changed on the settings screen switches it too."""
        from quizapp import i18n

        if not self.lang_given:
            self.lang = settings.language
            if interface:
                i18n.set_language(i18n.choose_language(None, settings.language))
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme

    def settings_changed(self, settings: Settings) -> None:
        """The settings screen saved a change: show it, and study with it from now on."""
        self.apply_display(settings, interface=True)
        if self.session is not None:
            self.session.close()
            self.session = self.open_session()

    def pop_screen(self) -> AwaitComplete:
        """Leaving the last screen of `quizapp study` goes home, not to a blank screen.

        The home screen is not built under the first question (its table, footer and counts
        would only delay it); it replaces the study or summary screen when that is left.
        """
        from quizapp.ui.screens.home import HomeScreen

        if len(self.screen_stack) == 2 and not isinstance(self.screen_stack[-1], HomeScreen):
            return self.switch_screen(HomeScreen())
        return super().pop_screen()

    def go_home(self) -> None:
        """Leave a quiz: back to the pack list, or out of `quizapp quiz`, which has none."""
        if self.quiz_now is not None or self.interview_now is not None:
            self.exit(0)
        else:
            self.pop_screen()

    def _handle_exception(self, error: Exception) -> None:
        """An error the user can cause (a damaged database, a full disk) met on any screen ends
        the app with its one-line message (the CLI prints it and exits 1), not a traceback.
        Anything else is our bug: Textual's traceback, and the CLI exits non-zero."""
        from quizapp.errors import QuizappError

        if isinstance(error, QuizappError):
            self.error = str(error)
            self.exit(1, return_code=1)
            return
        super()._handle_exception(error)

    def on_unmount(self) -> None:
        """Every answer is already committed; just release the database."""
        if self.session is not None:
            self.session.close()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is plain text: messages carry pack ids, file names and error text.

        Textual reads them as markup by default (see quizapp/ui/plain.py); `markup` is kept in
        the signature only so Textual's own calls still fit, and is ignored.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- what the home screen and the command palette both start ----------------------------
    def shown_packs(self) -> list[Pack]:
        """The packs the home screen lists: those chosen on the command line (all by default)."""
        return [p for p in self.packs if not self.pack_ids or p.id in self.pack_ids]

    async def start_study(self, pack_ids: list[str] | None, *, extra_new: int = 0) -> None:
        """Study what is due in `pack_ids` (None: the command line's packs), from the home
        screen; `extra_new` raises today's new limit for this app, as `--extra-new` does."""
        from quizapp.ui.screens.study import StudyScreen

        if extra_new:
            self.extra_new += extra_new
            if self.session is not None:
                self.session.raise_new_limit(extra_new)
        await self._from_home(StudyScreen(pack_ids))

    async def start_quiz(self, pack_id: str) -> None:
        """Quiz one pack: 20 of its questions at random, nothing scheduled."""
        from quizapp.errors import QuizappError
        from quizapp.services.quiz import Quiz
        from quizapp.ui.screens.quiz import QuizScreen

        pack = self.pack(pack_id)
        try:
            quiz = Quiz.pick([pack] if pack else [], tag=self.tag, rng=self.rng, clock=self.now)
        except QuizappError as exc:
            self.notify(str(exc), title=_("No quiz"), severity="warning", timeout=6)
            return
        await self._from_home(QuizScreen(quiz))

    async def start_interview(self, pack_id: str) -> None:
        """A mock interview on one pack: 15 questions across its topics and types, 20 minutes."""
        from quizapp.errors import QuizappError
        from quizapp.services.interview import Interview
        from quizapp.ui.screens.interview import InterviewScreen

        pack = self.pack(pack_id)
        try:
            interview = Interview.pick(
                [pack] if pack else [],
                tag=self.tag,
                rng=self.rng,
                clock=self.now,
                lang_of=lambda q: self.lang_for(self.pack(q.pack_id)),
            )
        except QuizappError as exc:
            self.notify(str(exc), title=_("No interview"), severity="warning", timeout=6)
            return
        await self._from_home(InterviewScreen(interview))

    async def _from_home(self, screen: Screen[Any]) -> None:
        """Push `screen` over the home screen, leaving whatever was open (answers are saved
        as they are given, so leaving a session loses nothing)."""
        from quizapp.ui.screens.home import HomeScreen

        while len(self.screen_stack) > 2:
            await super().pop_screen()
        if not isinstance(self.screen, HomeScreen):
            await self.switch_screen(HomeScreen())
        await self.push_screen(screen)

    async def switch_language(self, lang: str) -> None:
        """Show questions and pack titles in `lang` from now on (where a pack has it)."""
        from quizapp.ui.screens.home import HomeScreen
        from quizapp.ui.screens.question import QuestionScreen

        self.lang = lang
        screen = self.screen
        if isinstance(screen, QuestionScreen):
            await screen.use_language(lang)
        elif isinstance(screen, HomeScreen):
            screen.action_refresh()

    def show_help(self) -> None:
        """Every key, per screen and exercise type."""
        from quizapp.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: the keys quizapp gives the current screen, then the app's own
        commands (ui/commands.py); Textual's theme, scroll and focus commands are left out."""
        from textual.markup import escape

        from quizapp.i18n import _
        from quizapp.ui.commands import SOURCES, screen_keys

        titles: set[str] = set()
        for key in screen_keys(screen):
            binding = key.binding
            description = _(binding.description)  # declared with N_(), as the footer shows it
            titles.add(description)

            def run(action: str = binding.action, namespace: object = key.node) -> None:
                self.call_later(self.run_action, action, namespace)

            label = self.get_key_display(binding) or binding.key
            # The palette reads titles as markup, where '[s]' or '[b]' is a style: escape it.
            title = escape(f"{description} [{label}]")
            yield SystemCommand(title, binding.tooltip or "", run)
        for source in SOURCES:
            for entry in source(self):
                if entry.title in titles:
                    continue  # the screen's own key does it (Help [?], Quit [q])
                title = entry.title
                if entry.key:
                    title += f" [{self.get_key_display(Binding(entry.key, ''))}]"
                yield SystemCommand(escape(title), entry.help, entry.run)


PALETTE_KEY = N_("palette")
"""Textual's footer word for the ^p key, translated by our Footer like every key."""
