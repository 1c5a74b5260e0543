"""The command palette (Ctrl+P): the app's own commands, not Textual's generic ones.

Each source below is a function of the app that yields the entries that make sense right
now (study, quiz, a pack, a language, help, quit). To add a screen to the palette, write one
more source and list it in `SOURCES`; `QuizApp.get_system_commands` shows them all, after
the keys of the screen the palette was opened on (the same action is listed once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING

from textual.binding import Binding

from quizapp.i18n import _

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    from quizapp.domain.pack import Pack
    from quizapp.ui.app import QuizApp


@dataclass(frozen=True)
class PaletteEntry:
    """One line of the palette: what it says, a longer help line, what it does."""

    title: str
    """In the interface language (`_()`)."""
    help: str
    run: Callable[[], object]
    """Called (or awaited) once the palette has closed."""
    key: str = ""
    """A key that does the same, shown after the title (`Quit [^q]`)."""


MORE_NEW = 20
"""How many new questions past today's limit one "more new" command or key adds."""


def study_entries(app: QuizApp) -> Iterator[PaletteEntry]:
    """Study what is due, all packs or one (switch pack), and quiz one pack."""
    if app.session is None:  # `quizapp quiz` has no database and no home to go back to
        return
    yield PaletteEntry(
        _("Study due"),  # the home screen's `s`: listed once there, with its key
        _("Everything due today in the packs chosen on the command line"),
        partial(app.start_study, None),
    )
    hidden = app.session.counts().new_hidden
    if hidden:
        more = min(hidden, MORE_NEW)
        yield PaletteEntry(
            _("Study {n} more new today").format(n=more),
            _("{n} unseen questions wait beyond today's new limit").format(n=hidden),
            partial(app.start_study, None, extra_new=more),
        )
    for pack in app.shown_packs():
        title, pack_id = pack.title(app.lang_for(pack)), pack.id
        yield PaletteEntry(
            _("Study pack: {title}").format(title=title),
            _("Switch to {pack}: what is due in this pack only").format(pack=pack_id),
            partial(app.start_study, [pack_id]),
        )
        yield PaletteEntry(
            _("Quiz pack: {title}").format(title=title),
            _("20 questions of {pack} at random, outside the schedule").format(pack=pack_id),
            partial(app.start_quiz, pack_id),
        )
        yield PaletteEntry(
            _("Mock interview: {title}").format(title=title),
            _("15 questions of {pack} in 20 minutes, no feedback until the report").format(
                pack=pack_id
            ),
            partial(app.start_interview, pack_id),
        )


def language_entries(app: QuizApp) -> Iterator[PaletteEntry]:
    """Switch to each language the loaded packs have, other than the one in use."""
    current = app.lang_for(question_pack(app))
    languages = dict.fromkeys(lang for pack in app.packs for lang in pack.languages)
    for lang in languages:
        if lang != current:
            yield PaletteEntry(
                _("Question language: {lang}").format(lang=lang),
                _("Questions and pack titles in this language (where the pack has it)"),
                partial(app.switch_language, lang),
            )


def general_entries(app: QuizApp) -> Iterator[PaletteEntry]:
    """Help and quit, listed once whatever the screen binds."""
    from quizapp.ui.screens.help import HelpScreen

    if not isinstance(app.screen, HelpScreen):
        help_line = _("Every key, per screen and exercise type")
        yield PaletteEntry(_("Help"), help_line, app.show_help, key="f1")
    quit_line = _("Leave quizapp (every answer is saved)")
    yield PaletteEntry(_("Quit"), quit_line, app.exit, key="ctrl+q")


def screen_entries(app: QuizApp) -> Iterator[PaletteEntry]:
    """Statistics, browse and search, custom study and settings, from any screen (the home
    screen lists them already, as its keys)."""
    from quizapp.ui.screens.home import HomeScreen

    if app.session is None or isinstance(app.screen, HomeScreen):
        return
    from quizapp.ui.screens.browse import BrowseScreen
    from quizapp.ui.screens.custom_study import CustomStudyScreen
    from quizapp.ui.screens.settings import SettingsScreen
    from quizapp.ui.screens.stats import StatsScreen

    screens = (
        (StatsScreen, _("Statistics"), _("Heatmap, streaks, forecast, retention, weakest")),
        (BrowseScreen, _("Browse and search"), _("Every question: filters, search, actions")),
        (CustomStudyScreen, _("Custom study"), _("Extra new today, one tag or one type")),
        (SettingsScreen, _("Settings"), _("Scheduling, language, theme, the optimiser")),
    )
    for screen, title, help_line in screens:
        if not isinstance(app.screen, screen):
            yield PaletteEntry(title, help_line, partial(app.push_screen, screen()))


SOURCES: tuple[Callable[[QuizApp], Iterable[PaletteEntry]], ...] = (
    study_entries,
    screen_entries,
    language_entries,
    general_entries,
)
"""Every source of app commands, in palette order: add a screen's source here."""


def question_pack(app: QuizApp) -> Pack | None:
    """The pack of the question on screen, if any (its languages decide the current one)."""
    question = getattr(app.screen, "question", None)
    return app.pack(question.pack_id) if question is not None else None


@cache
def declared_actions(node_type: type[DOMNode]) -> frozenset[str]:
    """Actions bound by quizapp's own classes in `node_type`'s ancestry: Textual's scroll,
    cursor, focus and copy keys are left out of the palette."""
    actions: set[str] = set()
    for cls in node_type.__mro__:
        if cls.__module__.startswith("quizapp."):
            bindings = cls.__dict__.get("BINDINGS", [])
            actions.update(b.action for b in Binding.make_bindings(bindings))
    return frozenset(actions)


@dataclass(frozen=True)
class ScreenKey:
    """A key of the screen the palette was opened on."""

    binding: Binding
    node: DOMNode


def screen_keys(screen: Screen[object]) -> Iterator[ScreenKey]:
    """The enabled keys quizapp declares on `screen`, its focused widgets and the app, one
    per action and per description (the screen's `q` Quit, not also the app's Ctrl+Q)."""
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.description:
            continue
        if binding.action in seen or binding.description in seen:
            continue
        if binding.action not in declared_actions(type(active.node)):
            continue
        seen.update((binding.action, binding.description))
        yield ScreenKey(binding, active.node)
