"""Custom study (`c` on the home screen): more new questions today, review ahead by some days,
or a session of one tag or one exercise type, without changing the settings (as Anki's custom
study does)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Select

from quizapp.i18n import N_, _, ngettext
from quizapp.ui.plain import Button, Label, Static
from quizapp.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp

HELP = N_("""\
# Custom study

- **Extra new today**: study with today's new limit raised by this many, for this session
  only (the `new_per_day` setting stays; `quizapp study --extra-new N` does the same).
- **Review ahead**: the reviews due by the end of the study day this many days from today,
  now (as Anki's "review ahead"). Each is asked once, with no daily limit; FSRS schedules it
  from the real time since you last saw it, so an early review moves the next one less far.
  The box says how many that is as you type.
- **One tag** / **one type**: a session of the questions with that tag or of that exercise
  type: those due and new ones within today's limit; when none is due, all of them now, as
  a custom session (each answer a real review).

`Tab` moves between the choices · `Enter` on a button starts · `Esc` back · `F1` this help.
""")


class CustomStudyScreen(ModalScreen[None]):
    """Four ways to study beyond today's queue."""

    DEFAULT_CSS = """
    CustomStudyScreen {
        align: center middle;
    }
    #custom-study {
        width: 64;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 1 2;
    }
    .custom-row {
        height: 1;
        margin: 0 0 1 0;
    }
    .custom-label {
        width: 18;
    }
    #custom-extra, #custom-ahead, #custom-tag, #custom-type {
        width: 24;
        margin: 0 2 0 0;
    }
    #custom-note, #custom-ahead-note {
        color: $text-muted;
    }
    #custom-ahead-note.-error {
        color: $error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Back"), show=True),
        Binding("f1", "help", N_("Help"), show=True),
    ]

    app: QuizApp

    def compose(self) -> Any:
        """A small form: two numbers and two pick-lists, each with its button."""
        from quizapp.packs.directions import study_questions

        questions = [q for p in self.app.packs for q in study_questions(p.questions)]
        tags = sorted({t for q in questions for t in q.tags})
        types = sorted({q.type for q in questions})
        box = Vertical(id="custom-study")
        box.border_title = _("Custom study")
        with box:
            yield self._row(
                _("Extra new today"), Input("10", id="custom-extra", compact=True, type="integer")
            )
            yield self._row(
                _("Review ahead"),
                Input("7", id="custom-ahead", compact=True, type="integer"),
            )
            for kind, label, values in (
                ("tag", _("One tag"), tags),
                ("type", _("One type"), types),
            ):
                picker = Select(
                    [(Text(v), v) for v in values],
                    prompt=_("pick one"),
                    id=f"custom-{kind}",
                    compact=True,
                )
                yield self._row(label, picker)
            yield Static(id="custom-ahead-note")
            yield Static(_("Settings stay as they are."), id="custom-note")
        yield Footer(compact=True)

    @staticmethod
    def _row(label: str, field: Widget) -> Horizontal:
        """Label, field and its Study button (`<field id>-go`)."""
        go = Button(_("Study"), id=f"{field.id}-go", compact=True)
        return Horizontal(Label(label, classes="custom-label"), field, go, classes="custom-row")

    def on_mount(self) -> None:
        """Say at once what review ahead would ask."""
        self.check_ahead()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Start the chosen session."""
        event.stop()
        which = event.button.id
        if which == "custom-extra-go":
            self.extra_new()
        elif which == "custom-ahead-go":
            self.review_ahead()
        elif which in ("custom-tag-go", "custom-type-go"):
            self.one_of(which.removesuffix("-go").removeprefix("custom-"))

    def on_input_changed(self, event: Input.Changed) -> None:
        """The review-ahead field is checked, and counted, as it is typed."""
        if event.input.id == "custom-ahead":
            self.check_ahead()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a number field starts its session too."""
        if event.input.id == "custom-ahead":
            self.review_ahead()
        else:
            self.extra_new()

    def extra_new(self) -> None:
        """Today's new limit raised by N for one session."""
        from quizapp.ui.screens.study import StudyScreen

        raw = self.query_one("#custom-extra", Input).value.strip()
        if not raw.isdigit() or not 1 <= int(raw) <= 9999:
            self.query_one("#custom-note", Static).update(_("✗ Give a number from 1 to 9999."))
            return
        session = self.app.open_session(extra_new=int(raw))
        self.dismiss()
        self.app.push_screen(StudyScreen(None, session))

    def check_ahead(self) -> tuple[int, int] | None:
        """(days, reviews due by then) for the typed number of days, said under the field;
        None, with the reason there, when it is not a number of days from 1 to 365."""
        from quizapp.services.custom_study import AHEAD_DAYS, due_by_count, parse_ahead_days

        field = self.query_one("#custom-ahead", Input)
        note = self.query_one("#custom-ahead-note", Static)
        days = parse_ahead_days(field.value)
        if days is None:
            low, high = AHEAD_DAYS
            note.update(
                _("✗ Review ahead: a number of days from {low} to {high}.").format(
                    low=low, high=high
                )
            )
            note.add_class("-error")
            field.add_class("-invalid")
            return None
        count, last_day = due_by_count(self.app.db_path, self.app.now(), days, self.app.pack_ids)
        note.update(
            ngettext(
                "Review ahead to the end of {day}: {n} review due.",
                "Review ahead to the end of {day}: {n} reviews due.",
                count,
            ).format(n=count, day=last_day.isoformat())
        )
        note.remove_class("-error")
        field.remove_class("-invalid")
        return days, count

    def review_ahead(self) -> None:
        """A custom session of the reviews due by the end of study day today + N."""
        from quizapp.ui.screens.study import StudyScreen

        checked = self.check_ahead()
        if checked is None:
            return
        days, count = checked
        if not count:
            self.notify(_("Nothing is due by then: nothing to review ahead."), timeout=4)
            return
        session = self.app.open_session(due_by=days)
        self.dismiss()
        self.app.push_screen(StudyScreen(None, session))

    def one_of(self, kind: str) -> None:
        """A session of the questions with the picked tag, or of the picked type."""
        from quizapp.packs.directions import study_questions

        picked = self.query_one(f"#custom-{kind}", Select).value
        if picked is Select.NULL:
            note = _("✗ Pick a tag first.") if kind == "tag" else _("✗ Pick a type first.")
            self.query_one("#custom-note", Static).update(note)
            return
        keys = [
            q.key
            for p in self.app.packs
            for q in study_questions(p.questions)
            if (picked in q.tags if kind == "tag" else q.type == picked)
        ]
        self.dismiss()
        self.app.study_keys(keys)

    def action_help(self) -> None:
        """This screen's help."""
        from quizapp.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(_(HELP)))
