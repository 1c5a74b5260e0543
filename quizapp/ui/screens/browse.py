"""Browse and search (`/` on the home screen): every question in a table, filters by pack,
tag, type, state and due, full-text search in every language, and the actions on the
highlighted question: suspend, unsuspend, unbury, forget, open; `g` studies the filtered rows.

The rows, filters and search are `services.browse.Browser`'s; the actions go through
`services.cards`, and the table is re-read from the database after each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Input, Select

from quizapp.i18n import N_, _, ngettext
from quizapp.services.browse import STATE_FILTERS, Browser, BrowseRow, Filters
from quizapp.ui.plain import Static
from quizapp.ui.screens.timefmt import when
from quizapp.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp

HELP = N_("""\
# Browse and search

Every question of the loaded packs, with its state in your progress.

- Type in the search box (`/` goes there) to find questions whose prompt, answer or
  explanation holds every word you type, in any of the pack's languages. Chinese matches by
  characters: `握手` finds `三次握手`.
- The pick-lists filter by **pack**, **tag**, **type** and **state** (new, learning,
  review, suspended, buried, leech); **Due** keeps the questions due today.
- `Enter` (or `Esc` from the search box to the table, then `Enter`) opens the highlighted
  question: its preview, review history and memory state.

On the highlighted question: `s` suspend · `u` unsuspend · `b` unbury · `f` forget (back to
new; its history is kept). `g` studies the questions in the table now (those due, and new ones
within today's limit; when none is due, all of them now as a custom session: real reviews,
each scheduled from the time since you last saw it).
`Esc` back · `F1`/`?` this help.
""")

COLUMNS = (
    N_("Pack"),
    N_("Id"),
    N_("Type"),
    N_("Tags"),
    N_("State"),
    N_("Due"),
    N_("Lapses"),
    N_("Last answer"),
    N_("Prompt"),
)
GRADES = {1: N_("Again"), 2: N_("Hard"), 3: N_("Good"), 4: N_("Easy")}
STATE_LABELS = {
    "new": N_("new"),
    "learning": N_("learning"),
    "relearning": N_("relearning"),
    "review": N_("review"),
    "suspended": N_("suspended"),
    "leech": N_("leech"),
    "buried": N_("buried"),
}
"""What the State column and filter show for each state (translated when shown)."""
STATE_STYLES = {
    "new": "blue",
    "learning": "red",
    "relearning": "red",
    "review": "green",
    "suspended": "yellow",
    "leech": "bold yellow",
    "buried": "dim",
}


class BrowseScreen(Screen[None]):
    """The question table with its filters and search box."""

    DEFAULT_CSS = """
    #browse-search {
        margin: 0 1;
    }
    #browse-filters {
        height: 1;
        margin: 0 1;
    }
    .browse-filter {
        width: 1fr;
        margin: 0 1 0 0;
    }
    #filter-due {
        width: auto;
    }
    #browse-table {
        height: 1fr;
        margin: 0 1;
    }
    #browse-count {
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), show=True),
        Binding("slash", "search", N_("Search"), show=True),
        Binding("s", "suspend", N_("Suspend"), show=True),
        Binding("u", "unsuspend", N_("Unsuspend"), show=True),
        Binding("b", "unbury", N_("Unbury"), show=True),
        Binding("f", "forget", N_("Forget"), show=True),
        Binding("g", "study_these", N_("Study"), show=True),
        Binding("f1,question_mark", "help", N_("Help"), show=True),
    ]

    app: QuizApp

    def __init__(self, filters: Filters | None = None) -> None:
        super().__init__(id="browse")
        self.filters = filters or Filters()
        self.browser = Browser([], {})
        self.shown: list[BrowseRow] = []

    def compose(self) -> Any:
        """Search box, filter row, table, count line, footer."""
        packs = [p for p in self.app.packs if p.meta is not None]
        self.browser = Browser(packs, {p.id: self.app.lang_for(p) for p in packs})
        self.browser.load_states(self.app.db_path, self.app.now())
        pack_ids, tags, types = self.browser.choices()
        yield Input(
            self.filters.text,
            placeholder=_("Search prompts, answers, explanations (every language)"),
            id="browse-search",
            compact=True,
        )
        with Horizontal(id="browse-filters"):
            yield _pick("pack", _("Pack: any"), pack_ids, self.filters.pack)
            yield _pick("tag", _("Tag: any"), tags, self.filters.tag)
            yield _pick("type", _("Type: any"), types, self.filters.type)
            yield _pick(
                "state", _("State: any"), list(STATE_FILTERS), self.filters.state, STATE_LABELS
            )
            yield Checkbox(_("Due"), self.filters.due, id="filter-due", compact=True)
        table: DataTable[Any] = DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="browse-count")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Columns, rows; the table has the focus (`/` goes to the search box)."""
        table = self.query_one("#browse-table", DataTable)
        for name in COLUMNS:
            table.add_column(_(name), key=name.lower())
        self.fill()
        table.focus()

    # -- the table -----------------------------------------------------------------------------
    def fill(self) -> None:
        """Show the rows that pass the filters, keeping the cursor on the same question."""
        table = self.query_one("#browse-table", DataTable)
        current = self.current()
        self.shown = self.browser.filter(self.filters)
        table.clear()
        now = self.app.now()
        for row in self.shown:
            label = row.state_label()
            due = when(row.due, now) if row.due and row.state != "new" else ""
            last = ""
            if row.last_answer is not None:
                grade = _(GRADES[row.last_grade]) if row.last_grade in GRADES else "?"
                last = f"{grade}, {when(row.last_answer, now)}"
            # Text cells, never str: DataTable reads a str as markup, and these are pack text.
            table.add_row(
                Text(row.pack_id),
                Text(row.question_id),
                Text(row.type),
                Text(" ".join(row.tags)),
                Text(_(STATE_LABELS[label]), style=STATE_STYLES.get(label, "")),
                Text(due, style="bold green" if row.due_today else ""),
                Text(str(row.lapses) if row.lapses else ""),
                Text(last),
                Text(row.prompt),
                key=row.key,
            )
        if current is not None and any(r.key == current.key for r in self.shown):
            table.move_cursor(row=table.get_row_index(current.key))
        total = len(self.browser.rows)
        count = ngettext(
            "{shown} of {total} question", "{shown} of {total} questions", total
        ).format(shown=len(self.shown), total=total)
        self.query_one("#browse-count", Static).update(count)

    def current(self) -> BrowseRow | None:
        """The highlighted row, if any."""
        table = self.query_one("#browse-table", DataTable)
        if not self.shown or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def reload(self) -> None:
        """Re-read the states after an action (and after studying)."""
        self.browser.load_states(self.app.db_path, self.app.now())
        self.fill()

    def on_screen_resume(self) -> None:
        """States change while studying the filtered rows."""
        if self.is_mounted:
            self.reload()

    # -- filters and search ----------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        """Search as the learner types."""
        self.set_filter(text=event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box goes to the table."""
        self.query_one("#browse-table").focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A pick-list changed: filter again."""
        name = (event.select.id or "").removeprefix("filter-")
        value = None if event.value is Select.NULL else str(event.value)
        self.set_filter(**{name: value})

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Due today only, or everything."""
        self.set_filter(due=event.value)

    def set_filter(self, **changes: Any) -> None:
        """Change some filters and show the rows again."""
        from dataclasses import replace

        self.filters = replace(self.filters, **changes)
        self.fill()

    # -- actions ----------------------------------------------------------------------------------
    def _act(self, doable: bool, why_not: str) -> BrowseRow | None:
        """The highlighted row if the action applies to it, else a toast saying why not."""
        row = self.current()
        if row is None:
            self.notify(_("No question highlighted."), severity="warning", timeout=3)
            return None
        if not doable:
            self.notify(why_not.format(key=row.key), timeout=4)
            return None
        return row

    def action_suspend(self) -> None:
        """Take the highlighted question out of study."""
        from quizapp.services.cards import suspend

        row = self.current()
        if self._act(row is not None and not row.suspended, _("{key} is suspended already.")):
            assert row is not None
            suspend(self.app.db_path, [row.key], self.app.now())
            self.notify(_("Suspended: {key}.").format(key=row.key), timeout=3)
            self.reload()

    def action_unsuspend(self) -> None:
        """Put the highlighted suspended question back into study."""
        from quizapp.services.cards import unsuspend

        row = self.current()
        if self._act(row is not None and row.suspended, _("{key} is not suspended.")):
            assert row is not None
            unsuspend(self.app.db_path, [row.key], self.app.now())
            self.notify(_("Back in study: {key}.").format(key=row.key), timeout=3)
            self.reload()

    def action_unbury(self) -> None:
        """Show the highlighted buried question again today."""
        from quizapp.services.cards import unbury

        row = self.current()
        if self._act(row is not None and row.buried, _("{key} is not buried.")):
            assert row is not None
            unbury(self.app.db_path, self.app.now(), [row.key])
            self.notify(_("Back in today's study: {key}.").format(key=row.key), timeout=3)
            self.reload()

    def action_forget(self) -> None:
        """Back to new; the review log, reps and lapses are kept."""
        from quizapp.services.cards import forget

        row = self.current()
        if self._act(row is not None and row.state != "new", _("{key} is new already.")):
            assert row is not None
            forget(self.app.db_path, [row.key])
            self.notify(
                _("Forgotten: {key} is new again (its history is kept).").format(key=row.key),
                timeout=4,
            )
            self.reload()

    def action_study_these(self) -> None:
        """Study the questions in the table now (a custom session when none is due)."""
        if not self.shown:
            self.notify(_("No questions in the table to study."), severity="warning", timeout=4)
            return
        self.app.study_keys([row.key for row in self.shown])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (or a click) opens the question."""
        event.stop()
        row = self.current()
        if row is None:
            return
        from quizapp.ui.screens.question_detail import QuestionDetailScreen

        self.app.push_screen(QuestionDetailScreen(row.key))

    def action_search(self) -> None:
        """To the search box."""
        self.query_one("#browse-search", Input).focus()

    def action_back(self) -> None:
        """From the search box to the table; from the table back home."""
        if isinstance(self.focused, Input):
            self.query_one("#browse-table").focus()
            return
        self.app.pop_screen()

    def action_help(self) -> None:
        """This screen's keys."""
        from quizapp.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(_(HELP)))


def _pick(
    name: str,
    prompt: str,
    values: list[str],
    value: str | None,
    labels: dict[str, str] | None = None,
) -> Select[str]:
    """A compact pick-list whose blank means "any"; `labels` names values (translated)."""
    return Select(
        # Text: pack ids and tags are shown as written, never parsed as markup
        [(Text(_(labels[v]) if labels else v), v) for v in values],
        prompt=prompt,
        value=value if value in values else Select.NULL,
        id=f"filter-{name}",
        compact=True,
        classes="browse-filter",
    )
