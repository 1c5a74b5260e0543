"""The first screen: packs with new / learning / due counts, one key to study what is due.

`z` quizzes the highlighted pack: questions on demand, outside the schedule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable

from quizapp.i18n import N_, _, ngettext
from quizapp.ui.commands import MORE_NEW
from quizapp.ui.plain import Static
from quizapp.ui.screens.timefmt import when
from quizapp.ui.styled import styled
from quizapp.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from quizapp.services.catalog import PackSummary
    from quizapp.ui.app import QuizApp


class HomeScreen(Screen[None]):
    """Pack list and the way into a study session."""

    DEFAULT_CSS = """
    #home-title {
        padding: 1 2 0 2;
        text-style: bold;
        color: $accent;
    }
    #packs {
        height: auto;
        max-height: 70%;
        margin: 1 2;
    }
    #home-hint {
        padding: 0 2;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "study_due", N_("Study due"), show=True),
        Binding("enter", "study_pack", N_("Study pack"), show=True),
        Binding("z", "quiz_pack", N_("Quiz"), show=True),
        Binding("slash", "browse", N_("Browse"), show=True),
        Binding("t", "stats", N_("Stats"), show=True),
        Binding("c", "custom_study", N_("Custom"), show=True),
        Binding("o", "settings", N_("Settings"), show=True),
        Binding("r", "refresh", N_("Refresh"), show=False),
        Binding("i", "interview_pack", N_("Interview"), show=True),
        # the line that says the new limit holds questions back names n; the footer has no room
        Binding("n", "more_new", N_("More new"), show=False),
        Binding("question_mark", "help", N_("Help"), show=True),
        Binding("q", "app.quit", N_("Quit"), show=True),
    ]

    app: QuizApp

    def __init__(self) -> None:
        super().__init__(id="home")
        self.summaries: list[PackSummary] = []

    def compose(self) -> Any:
        """Title, pack table, hint line, footer."""
        yield Static(_("quizapp — interview prep, spaced out"), id="home-title")
        table: DataTable[Any] = DataTable(id="packs", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="home-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fill the table."""
        table = self.query_one("#packs", DataTable)
        table.add_column(_("Pack"), key="pack")
        for key, name in (
            ("new", _("New")),
            ("learning", _("Learning")),
            ("due", _("Due")),
            ("total", _("Total")),
        ):
            table.add_column(name, key=key, width=8)
        self.action_refresh()

    def on_screen_resume(self) -> None:
        """Counts change after studying."""
        self.action_refresh()

    def action_refresh(self) -> None:
        """Re-read the counts from the database."""
        session = self.app.session
        if session is None:
            return
        shown = self.app.shown_packs()
        self.summaries = session.pack_summaries(shown, self.app.lang or "en")
        table = self.query_one("#packs", DataTable)
        table.clear()
        for s, pack in zip(self.summaries, shown, strict=True):
            name = pack.title(self.app.lang_for(pack))
            title = Text(name, style="bold")
            if s.problems:
                problems = ngettext(
                    "{name}  ⚠ {count} problem", "{name}  ⚠ {count} problems", len(s.problems)
                )
                title = Text(problems.format(name=name, count=len(s.problems)), style="red")
            table.add_row(
                title,
                Text(str(s.new), style="blue"),
                Text(str(s.learning), style="red" if s.learning else "dim"),
                Text(str(s.due), style="green bold" if s.due else "dim"),
                Text(str(s.total), style="dim"),
                key=s.id,
            )
        self.query_one("#home-hint", Static).update(self.hint())
        table.focus()

    def hint(self) -> Text:
        """What to do next: create a pack, study, or wait until the next review."""
        if not self.summaries:
            return Text(
                _(
                    "No packs yet. Create one with `quizapp pack new NAME`, "
                    "or start with `quizapp --packs-dir DIR`."
                )
            )
        broken = [s for s in self.summaries if s.problems]
        out = Text()
        waiting = sum(s.due for s in self.summaries)
        new = sum(s.new for s in self.summaries)
        if waiting or new:
            out.append_text(
                styled(
                    _(
                        "Press {s} to study: {due} due, {new} new.  "
                        "{enter} studies the highlighted pack only."
                    ),
                    s=("s", "bold"),
                    due=waiting,
                    new=new,
                    enter=("Enter", "bold"),
                )
            )
            self.more_new_hint(out, "\n")
        else:
            upcoming = [s.next_due for s in self.summaries if s.next_due]
            moment = min(upcoming) if upcoming else None
            out.append(_("Nothing due. "), style="bold")
            self.more_new_hint(out, "")
            out.append(
                _("Next review {when}.").format(when=when(moment, self.app.now()))
                if moment
                else _("Add questions to a pack to study them.")
            )
            if moment:
                out.append("  ")
                out.append_text(
                    styled(_("Press {z} to quiz the highlighted pack anyway."), z=("z", "bold"))
                )
        for s in broken:
            out.append(
                "\n"
                + _("⚠ {pack}: {problem}  (run `quizapp pack check {path}`)").format(
                    pack=s.id, problem=s.problems[0], path=s.path
                )
            )
        return out

    async def action_study_due(self) -> None:
        """Study everything due in the packs chosen on the command line (all by default)."""
        await self.app.start_study(None)

    async def action_study_pack(self) -> None:
        """Study only the highlighted pack."""
        if self.summaries:
            row = self.query_one("#packs", DataTable).cursor_row
            await self.app.start_study([self.summaries[row].id])

    async def action_quiz_pack(self) -> None:
        """Quiz the highlighted pack: 20 of its questions at random, nothing scheduled."""
        if self.summaries:
            row = self.query_one("#packs", DataTable).cursor_row
            await self.app.start_quiz(self.summaries[row].id)

    def more_new_hint(self, out: Text, before: str) -> None:
        """Say that the new limit holds questions back, and which key studies more."""
        if hidden := self.hidden_new():
            more = min(hidden, MORE_NEW)
            line = _("Today's new limit holds back {hidden} unseen: n studies {more} more today.")
            out.append(before + line.format(hidden=hidden, more=more) + " ")

    def hidden_new(self) -> int:
        """Unseen questions today's new limit holds back, in the packs listed."""
        return max((s.new_hidden for s in self.summaries), default=0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`n` (more new today) only when the new limit holds unseen questions back."""
        if action == "more_new":
            return self.hidden_new() > 0
        return True

    async def action_more_new(self) -> None:
        """Study up to MORE_NEW new questions past today's limit (`study --extra-new`)."""
        if hidden := self.hidden_new():
            await self.app.start_study(None, extra_new=min(hidden, MORE_NEW))

    async def action_interview_pack(self) -> None:
        """A mock interview on the highlighted pack: 15 questions, 20 minutes."""
        if self.summaries:
            row = self.query_one("#packs", DataTable).cursor_row
            await self.app.start_interview(self.summaries[row].id)

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) on a pack studies that pack."""
        event.stop()
        await self.action_study_pack()

    def action_custom_study(self) -> None:
        """Extra new questions today, review ahead, or one tag or type; settings unchanged."""
        from quizapp.ui.screens.custom_study import CustomStudyScreen

        self.app.push_screen(CustomStudyScreen())

    def action_stats(self) -> None:
        """Heatmap, forecast, retention, weakest questions."""
        from quizapp.ui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_browse(self) -> None:
        """Every question: filters, search, and what to do with one."""
        from quizapp.ui.screens.browse import BrowseScreen

        self.app.push_screen(BrowseScreen())

    def action_settings(self) -> None:
        """Settings, where the data lives, the optimiser."""
        from quizapp.ui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def action_help(self) -> None:
        """Keys and exercise types."""
        self.app.show_help()
