"""The settings screen: the values `quizapp settings` shows, each checked as it is typed and
saved when it is valid, where the learner's files are, and the FSRS optimiser.

A field is read and validated by `services.settings.with_value`, the same code the command
line goes through, so both accept and refuse the same values with the same message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Select

from quizapp.errors import QuizappError
from quizapp.i18n import N_, _
from quizapp.ui.plain import Label, Static
from quizapp.ui.widgets.footer import Footer
from quizapp.ui.widgets.optimiser_panel import OptimiserPanel

if TYPE_CHECKING:
    from quizapp.config import Settings
    from quizapp.ui.app import QuizApp

TYPED_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("desired_retention", N_("Desired retention"), N_("0.70-0.99: chance of recall aimed at")),
    ("new_per_day", N_("New per day"), N_("new questions introduced each study day")),
    ("reviews_per_day", N_("Reviews per day"), N_("most reviews shown each study day")),
    ("learning_steps", N_("Learning steps"), N_("e.g. 1m 10m (s, m, h, d)")),
    ("relearning_steps", N_("Relearning steps"), N_("after a lapse, e.g. 10m")),
    ("day_starts_hour", N_("Day starts at"), N_("hour 0-23 when a new study day begins")),
    ("timezone", N_("Time zone"), N_("e.g. Europe/Berlin; empty: the system's")),
)
"""(setting, label, hint) of each typed field, in screen order (translated when shown)."""

HELP = N_("""\
# Settings

Each field is checked as you type: a value that is not allowed says why beside the field,
and a valid one is saved when you press `Enter` or leave the field (`Tab`). The
same values are shown and changed by `quizapp settings KEY=VALUE` on the command line.

- **Desired retention**: the chance of remembering a question when it comes back (0.70-0.99).
  Higher means more reviews. *Retention advice* simulates your workload for each value.
- **Daily limits**: new questions and reviews per study day.
- **Learning steps**: the waits before a new question graduates, e.g. `1m 10m`.
- **Day starts at**: the local hour a study day begins (4 = 4 am), in the **time zone**.
- **Language** and **theme** apply at once; `--lang` on the command line wins over the
  language.

**FSRS optimiser**: `Optimise` fits FSRS's parameters to your reviews (1,000 or more) and
keeps them only if they predict your latest reviews better; the figures before and after are
shown. `Undo` brings back the previous parameters.

`Tab`/`Shift+Tab` move between fields · `F2` retention advice · `Esc` back · `F1` this help.
""")


class SettingsScreen(Screen[None]):
    """Scheduling and display settings, data locations and the optimiser."""

    DEFAULT_CSS = """
    .field-label {
        width: 19;
    }
    .field-input {
        width: 18;
        margin: 0 1 0 0;
    }
    .field-input.-invalid {
        background: $error 30%;
    }
    .field-note {
        width: 1fr;
        height: auto;
        color: $text-muted;
    }
    .field-note.-error {
        color: $error;
        text-style: bold;
    }
    #settings-paths {
        margin: 1 0 0 0;
        color: $text-muted;
    }
    #optimiser {
        height: auto;
        border: round $panel-lighten-2;
        padding: 0 1;
    }
    #optimiser-buttons {
        height: 1;
    }
    #optimiser-buttons Button {
        margin: 0 2 0 0;
    }
    #optimiser-busy {
        height: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), show=True),
        Binding("f2", "advice", N_("Retention advice"), show=True),
        Binding("f1,question_mark", "help", N_("Help"), show=True),
    ]

    app: QuizApp

    def __init__(self) -> None:
        super().__init__(id="settings")
        self.settings: Settings | None = None
        self.saved: list[str] = []
        """Settings saved on this screen, in order (a test reads it; the toast says it)."""

    def compose(self) -> Any:
        """A form of compact fields, the data locations, the optimiser; footer."""
        from quizapp.services.settings import format_steps, load_settings

        self.settings = load_settings(self.app.db_path)
        values = self.settings.to_mapping()
        yield Static(_("Settings"), id="settings-title", classes="screen-title")
        with VerticalScroll(id="settings-body", classes="screen-body"):
            for key, label, hint in TYPED_FIELDS:
                value = values[key]
                if key.endswith("_steps"):
                    value = format_steps(value)
                with Horizontal(classes="field"):
                    yield Label(_(label), classes="field-label")
                    yield Input(
                        "" if value is None else str(value),
                        id=f"field-{key}",
                        compact=True,
                        classes="field-input",
                    )
                    yield Static(_(hint), id=f"note-{key}", classes="field-note")
            with Horizontal(classes="field"):
                yield Label(_("Language"), classes="field-label")
                yield Select(
                    self._language_options(),
                    value=self.settings.language or "",
                    allow_blank=False,
                    compact=True,
                    id="field-language",
                    classes="field-input",
                )
                yield Static(_("interface, questions"), id="note-language", classes="field-note")
            with Horizontal(classes="field"):
                yield Label(_("Theme"), classes="field-label")
                yield Select(
                    [(name, name) for name in sorted(self.app.available_themes)],
                    value=self.settings.theme or self.app.theme,
                    allow_blank=False,
                    compact=True,
                    id="field-theme",
                    classes="field-input",
                )
                yield Static(_("colours"), id="note-theme", classes="field-note")
            yield Static(self._locations(), id="settings-paths")
            yield OptimiserPanel(self.app.db_path, self.app.now)
        yield Footer(compact=True)

    def _language_options(self) -> list[tuple[str, str]]:
        """The interface languages (a question opens in it when its pack has it)."""
        from quizapp.i18n import INTERFACE_LANGUAGES

        return [(_("system locale"), ""), *((lang, lang) for lang in INTERFACE_LANGUAGES)]

    def _locations(self) -> str:
        """Where the database and the learner's own packs are (`quizapp paths` prints all)."""
        from quizapp.paths import user_packs_dir

        return _(
            "Database:   {database}\nYour packs: {packs}\n"
            "(`quizapp paths` prints these and the backups for scripts)"
        ).format(database=self.app.db_path, packs=user_packs_dir())

    def on_mount(self) -> None:
        """Start in the first field."""
        self.query_one(f"#field-{TYPED_FIELDS[0][0]}", Input).focus()

    # -- checking and saving -----------------------------------------------------------------
    def _check(self, key: str, raw: str) -> Settings | None:
        """The settings with this field's value, or None after showing why it is refused."""
        from quizapp.services.settings import with_value

        assert self.settings is not None
        note = self.query_one(f"#note-{key}", Static)
        field = self.query_one(f"#field-{key}")
        try:
            changed = with_value(self.settings, key, raw)
        except QuizappError as exc:
            message = str(exc)  # beside its field, "desired_retention must be..." needs no name
            note.update(f"✗ {message.removeprefix(key + ' ').removeprefix(key + ': ')}")
            note.add_class("-error")
            field.add_class("-invalid")
            return None
        hint = next((hint for k, _label, hint in TYPED_FIELDS if k == key), "")
        note.update(_(hint) if hint else "")
        note.remove_class("-error")
        field.remove_class("-invalid")
        return changed

    def _save(self, key: str, raw: str) -> None:
        """Store the field's value if it is valid and differs from what is stored."""
        from quizapp.services.settings import save_settings

        changed = self._check(key, raw)
        if changed is None or changed == self.settings:
            return
        save_settings(self.app.db_path, changed, self.app.now())
        self.settings = changed
        self.saved.append(key)
        self.app.settings_changed(changed)
        self.notify(_("Saved: {setting}.").format(setting=key), timeout=2)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Check the value at every keystroke; the message sits beside the field."""
        key = (event.input.id or "").removeprefix("field-")
        if self.settings is not None and key:
            self._check(key, event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves a valid value and moves to the next field."""
        self._save((event.input.id or "").removeprefix("field-"), event.value)
        self.focus_next()

    def on_descendant_blur(self, event: Any) -> None:
        """Leaving a field saves it too (a refused value stays on screen, unsaved)."""
        widget = event.widget
        name = widget.id or "" if isinstance(widget, Input) else ""
        if name.startswith("field-"):
            self._save(name.removeprefix("field-"), widget.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        """Language and theme are saved (and applied) as soon as they are picked."""
        key = (event.select.id or "").removeprefix("field-")
        if self.settings is None or not key:
            return
        value = "" if event.value is Select.NULL else str(event.value)
        if key == "theme" and value == (self.settings.theme or self.app.theme):
            return
        self._save(key, value)

    # -- actions -------------------------------------------------------------------------------
    def action_back(self) -> None:
        """Back to the home screen (what is valid is already saved)."""
        self.app.pop_screen()

    def action_advice(self) -> None:
        """The workload for each desired retention, from the parameters in use."""
        from quizapp.ui.screens.advice import AdviceScreen

        self.app.push_screen(AdviceScreen(), self._advice_taken)

    def _advice_taken(self, retention: float | None) -> None:
        """The advice screen's `Use` sets the desired retention field (and saves it)."""
        if retention is None:
            return
        field = self.query_one("#field-desired_retention", Input)
        field.value = f"{retention:.2f}"
        self._save("desired_retention", field.value)

    def action_help(self) -> None:
        """This screen's keys and what each setting does."""
        from quizapp.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(_(HELP)))
