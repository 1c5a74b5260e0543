"""Every key, per screen and per exercise type."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Keys

**Home**: `s` study everything due · `Enter` study the highlighted pack ·
`z` quiz the highlighted pack · `/` browse and search · `t` statistics · `c` custom
`z` quiz the highlighted pack · `/` browse and search · `t` statistics · `c` custom
study · `o` settings · `r` refresh · `q` quit · `Ctrl+P` command palette (this screen's keys;
study or quiz any pack, more new today, language, from anywhere). Each of those screens has
its own help (`?`).

**Study**, after answering: `1` Again · `2` Hard · `3` Good · `4` Easy ·
`Space`/`Enter` the suggested grade, marked ⏎ (Again wrong, Hard partly right or slow,
Good right; Easy only for a quick right answer to a card seen before) ·
`u` undo the last grade, suspend or bury · `s` suspend · `b` bury until tomorrow ·
`e` show the question's file:line · `l` switch language · `q`/`Esc` back (session summary).
While typing in a blank, letters are text: `Ctrl+G` gives up (checks now, empty blanks
wrong), `Ctrl+Z` undo, `F1` help, `Ctrl+Q` quit; `Esc` leaves the blank so the letter keys
work again, `Enter` goes back in.

**Quiz** (`z` on the home screen, or `quizapp quiz`): practice outside the schedule; nothing
is saved. After answering, `Space`/`Enter` next question; a revealed flashcard asks
`y` knew it / `n` didn't. `e`, `l`, `?` as in study; `q`/`Esc` ends with the score.

## Exercises
- **Flashcard**: recall, `Space` reveals the back, then grade yourself.
- **Choice**: number keys pick (several when it says "all that apply"), `↑`/`↓` + `Space`
  also work, `Enter` checks. Each option then shows ✓/✗ and its feedback.
- **Typed / cloze**: type each blank; `Enter` moves to the next empty blank, then checks.
  Case, spaces and punctuation do not matter; the diff shows extra (struck) and missing letters.
- **Order**: `↑`/`↓` select a step; `Shift+↑`/`Shift+↓` or `k`/`j` move it; a digit moves it
  to that position; `x` discards a step that does not belong; `Enter` checks.
- **Diagram**: `Tab` walks the blanks; type, or `↑`/`↓` to cycle through likely values
  (`→` accepts the grey completion); `Enter` goes to the next empty blank, then checks.
  Flags match in any order (`ACK+SYN` = `SYN+ACK`).

Press `Esc` or `?` to close.
"""


class HelpScreen(ModalScreen[None]):
    """A modal panel of keys: the study keys above, or another screen's own (`text`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close", show=True)
    ]

    def __init__(self, text: str = HELP) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> Any:
        """The help text, in a box the keys scroll: at 80x24 half of it is below the fold."""
        box = VerticalScroll(id="help")
        box.border_subtitle = "↑/↓ PgUp/PgDn scroll · Esc close"
        with box:
            yield Markdown(self.text)

    def on_mount(self) -> None:
        """Arrow and page keys scroll the text (the Markdown itself takes no focus)."""
        self.query_one("#help").focus()
