"""Custom study (`c` on the home screen): more new questions today, or a session of one tag or
one exercise type, without changing the settings (as Anki's custom study does)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select

from quizapp.i18n import N_, _
from quizapp.ui.plain import Button, Label, Static
from quizapp.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp

HELP = N_("""\
# Custom study

- **Extra new today**: study with today's new limit raised by this many, for this session
  only (the `new_per_day` setting stays; `quizapp study --extra-new N` does the same).
- **One tag** / **one type**: a session of the questions with that tag or of that exercise
  type: those due and new ones within today's limit, or a quiz of them (schedule unchanged)
  when none is due.

`Tab` moves between the choices · `Enter` on a button starts · `Esc` back · `F1` this help.
""")


class CustomStudyScreen(ModalScreen[None]):
    """Three ways to study beyond today's queue."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Back"), show=True),
        Binding("f1", "help", N_("Help"), show=True),
    ]

    app: QuizApp

    def compose(self) -> Any:
        """A small form: a number and two pick-lists, each with its button."""
        from quizapp.packs.directions import study_questions

        questions = [q for p in self.app.packs for q in study_questions(p.questions)]
        tags = sorted({t for q in questions for t in q.tags})
        types = sorted({q.type for q in questions})
        box = Vertical(id="custom-study")
        box.border_title = _("Custom study")
        with box:
            with Horizontal(classes="custom-row"):
                yield Label(_("Extra new today"), classes="custom-label")
                yield Input("10", id="custom-extra", compact=True, type="integer")
                yield Button(_("Study"), id="custom-extra-go", compact=True)
            with Horizontal(classes="custom-row"):
                yield Label(_("One tag"), classes="custom-label")
                yield Select(
                    [(Text(t), t) for t in tags],
                    prompt=_("pick one"),
                    id="custom-tag",
                    compact=True,
                )
                yield Button(_("Study"), id="custom-tag-go", compact=True)
            with Horizontal(classes="custom-row"):
                yield Label(_("One type"), classes="custom-label")
                yield Select(
                    [(Text(t), t) for t in types],
                    prompt=_("pick one"),
                    id="custom-type",
                    compact=True,
                )
                yield Button(_("Study"), id="custom-type-go", compact=True)
            yield Static(_("Settings stay as they are."), id="custom-note")
        yield Footer(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Start the chosen session."""
        event.stop()
        which = event.button.id
        if which == "custom-extra-go":
            self.extra_new()
        elif which in ("custom-tag-go", "custom-type-go"):
            self.one_of(which.removesuffix("-go").removeprefix("custom-"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the number field starts too."""
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
