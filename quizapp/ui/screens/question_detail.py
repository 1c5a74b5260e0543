"""One question from the browse table: its rendered preview (as `quizapp pack show` prints it,
answers included), its memory state and its review history (date, grade, interval, time)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.table import Table
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen

from quizapp.i18n import N_, _
from quizapp.ui.plain import Static
from quizapp.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from quizapp.services.browse import MemoryState, QuestionDetail
    from quizapp.ui.app import QuizApp

GRADES = {1: N_("Again"), 2: N_("Hard"), 3: N_("Good"), 4: N_("Easy")}


def interval_text(days: float | None) -> str:
    """`10m`, `5h`, `12d`: the wait an answer set, at a glance."""
    if days is None:
        return ""
    minutes = days * 24 * 60
    if minutes < 60:
        return f"{minutes:.0f}m"
    if minutes < 24 * 60:
        return f"{minutes / 60:.0f}h"
    return f"{days:.0f}d"


def memory_text(memory: MemoryState | None) -> str:
    """State, stability, difficulty, recall now, counts and due date on a few lines."""
    if memory is None:
        return _("Not studied yet: no memory state.")
    if memory.state == "new":
        return _("New (reps {reps}, lapses {lapses}): no memory state yet.").format(
            reps=memory.reps, lapses=memory.lapses
        )
    recall = f"{memory.retrievability:.0%}" if memory.retrievability is not None else "-"
    due = f"{memory.due:%Y-%m-%d %H:%M} UTC" if memory.due else "-"
    return _(
        "State {state} · stability {stability:.1f} d · difficulty {difficulty:.1f}/10 · "
        "recall now {recall}\nReps {reps} · lapses {lapses} · due {due}"
    ).format(
        state=_(memory.state),
        stability=memory.stability or 0,
        difficulty=memory.difficulty or 0,
        recall=recall,
        reps=memory.reps,
        lapses=memory.lapses,
        due=due,
    )


def history_table(detail: QuestionDetail) -> Table | str:
    """The answers, oldest first."""
    if not detail.history:
        return _("No answers yet.")
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    for name in (_("Date (UTC)"), _("Grade"), _("Interval"), _("Time")):
        table.add_column(name)
    for line in detail.history:
        table.add_row(
            f"{line.when:%Y-%m-%d %H:%M}",
            _(GRADES[line.grade]) if line.grade in GRADES else str(line.grade),
            interval_text(line.interval_days),
            f"{line.seconds:.0f}s",
        )
    return table


HELP = N_("""\
# A question

Its preview (answers included, as `quizapp pack show` prints it), its memory state (FSRS's
stability: days until recall falls to 90 %; difficulty 1-10; the chance of recall now) and
every answer you gave, oldest first.

`↑`/`↓`/`PgUp`/`PgDn` scroll · `Esc`/`q` back to the table · `F1`/`?` this help.
""")


class QuestionDetailScreen(Screen[None]):
    """Preview, memory state and history of one question."""

    DEFAULT_CSS = """
    #detail-title {
        padding: 0 1;
        color: $text-muted;
    }
    #detail-title {
        text-style: bold;
        color: $accent;
    }
    .detail-heading {
        margin: 1 0 0 0;
        text-style: bold;
        color: $accent;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", N_("Back"), show=True),
        Binding("f1,question_mark", "help", N_("Help"), show=True),
    ]

    app: QuizApp

    def __init__(self, key: str) -> None:
        super().__init__(id="question-detail")
        self.key = key

    def compose(self) -> Any:
        """Preview, memory, history in one scrolling column."""
        from quizapp.domain import CardKey
        from quizapp.packs.directions import study_questions
        from quizapp.packs.preview import render_question
        from quizapp.services.browse import question_detail

        detail = question_detail(self.app.db_path, self.key, self.app.now())
        self.detail = detail
        pack = self.app.pack(CardKey.parse(self.key).pack_id)
        questions = study_questions(pack.questions) if pack else []
        question = next((q for q in questions if q.key == self.key), None)
        yield Static(self.key, id="detail-title")
        with VerticalScroll(id="detail-body", classes="screen-body"):
            if question is not None and pack is not None:
                lang = self.app.lang_for(pack)
                yield Static(Group(*render_question(question, lang, pack.languages)))
            yield Static(_("Memory"), classes="detail-heading")
            yield Static(memory_text(detail.memory), id="detail-memory")
            yield Static(_("Review history"), classes="detail-heading")
            yield Static(history_table(detail), id="detail-history")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """The keys scroll the column."""
        self.query_one("#detail-body").focus()

    def action_back(self) -> None:
        """Back to the table."""
        self.app.pop_screen()

    def action_help(self) -> None:
        """This screen's keys."""
        from quizapp.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(_(HELP)))
