"""Every key, per screen and per exercise type."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from quizapp.i18n import N_, _
from quizapp.ui.widgets.footer import Footer

HELP = (
    N_("# Keys"),
    N_(
        "**Home**: `s` study everything due · `Enter` study the highlighted pack ·\n"
        "`z` quiz the highlighted pack · `i` mock interview on it · `/` browse and search ·\n"
        "`t` statistics · `c` custom study · `o` settings · `n` more new today (when the\n"
        "limit holds some back) · `r` refresh · `q` quit · `Ctrl+P` command palette (this\n"
        "screen's keys; study or quiz any pack, more new today, language, from anywhere).\n"
        "Each of those screens has its own help (`?`)."
    ),
    N_(
        "**Study**, after answering: `1` Again · `2` Hard · `3` Good · `4` Easy ·\n"
        "`Space`/`Enter` the suggested grade, marked ⏎ (Again wrong, Hard partly right or slow,\n"
        "Good right; Easy only for a quick right answer to a card seen before) ·\n"
        "`u` undo the last grade, suspend or bury · `s` suspend · `b` bury until tomorrow ·\n"
        "`e` show the question's file:line · `l` switch language · `q`/`Esc` back (session "
        "summary).\n"
        "While typing in a blank, letters are text: `Ctrl+G` gives up (checks now, empty blanks\n"
        "wrong), `Ctrl+Z` undo, `F1` help, `Ctrl+Q` quit; `Esc` leaves the blank so the letter "
        "keys\n"
        "work again, `Enter` goes back in."
    ),
    N_(
        "**Quiz** (`z` on the home screen, or `quizapp quiz`): practice outside the schedule; "
        "nothing\n"
        "is saved. After answering, `Space`/`Enter` next question; a revealed flashcard asks\n"
        "`y` knew it / `n` didn't. `e`, `l`, `?` as in study; `q`/`Esc` ends with the score."
    ),
    N_(
        "## Exercises\n"
        "- **Flashcard**: recall, `Space` reveals the back, then grade yourself.\n"
        '- **Choice**: number keys pick (several when it says "all that apply"), `↑`/`↓` + '
        "`Space`\n"
        "  also work, `Enter` checks. Each option then shows ✓/✗ and its feedback.\n"
        "- **Typed / cloze**: type each blank; `Enter` moves to the next empty blank, then "
        "checks.\n"
        "  Case, spaces and punctuation do not matter; the diff shows extra (struck) and missing "
        "letters.\n"
        "- **Order**: `↑`/`↓` select a step; `Shift+↑`/`Shift+↓` or `k`/`j` move it; a digit "
        "moves it\n"
        "  to that position; `x` discards a step that does not belong; `Enter` checks.\n"
        "- **Diagram**: `Tab` walks the blanks; type, or `↑`/`↓` to cycle through likely values\n"
        "  (`→` accepts the grey completion); `Enter` goes to the next empty blank, then checks.\n"
        "  Flags match in any order (`ACK+SYN` = `SYN+ACK`)."
    ),
    N_("Press `Esc` or `?` to close."),
)
"""The help text, one paragraph per message (translated when shown)."""


class HelpScreen(ModalScreen[None]):
    """A modal panel of keys: the study keys above, or another screen's own (`text`)."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help {
        width: 90%;
        max-width: 90;
        height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    #help > Markdown {
        padding: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", N_("Close"), show=True)
    ]

    def __init__(self, text: str | None = None) -> None:
        super().__init__()
        self.text = text if text is not None else "\n\n".join(_(p) for p in HELP)

    def compose(self) -> Any:
        """The help text, in a box the keys scroll: at 80x24 half of it is below the fold."""
        box = VerticalScroll(id="help")
        box.border_subtitle = _("↑/↓ PgUp/PgDn scroll · Esc close")
        with box:
            yield Markdown(self.text)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Arrow and page keys scroll the text (the Markdown itself takes no focus)."""
        self.query_one("#help").focus()
