"""The text box of typed, cloze and diagram blanks, with its keys shown in the footer.

A focused Input swallows letters, so the study screen's own letter keys disappear from the
footer while the learner types; these bindings tell them what Enter (and Tab) do instead,
that Ctrl+G checks now with empty blanks counted wrong (giving up shows the answer), and that
Esc leaves the blank to get the letter keys back. Undo, help and quit keep keys a blank does
not take (Ctrl+Z, F1, Ctrl+Q), bound on the screens and the app.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from quizapp.i18n import N_


class AnswerInput(Input):
    """An answer blank: Enter goes to the next empty blank, then checks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", N_("Next/Check"), key_display="⏎"),
        Binding("ctrl+g", "give_up", N_("Give up"), key_display="^g"),
        Binding("tab", "app.focus_next", N_("Next blank"), show=False),
        Binding("escape", "leave", N_("Leave blank")),
        # The app's own Ctrl+Q, shown here because letters like q are text in a blank.
        Binding("ctrl+q", "app.quit", N_("Quit"), key_display="^q", priority=True),
    ]

    def action_give_up(self) -> None:
        """Check the exercise as it is: blanks left empty count as wrong, and the answers show."""
        from quizapp.ui.widgets.base import ExerciseWidget

        exercise = next((a for a in self.ancestors if isinstance(a, ExerciseWidget)), None)
        if exercise is not None:
            exercise.check()

    def action_leave(self) -> None:
        """Give the keys back to the screen (q, s, b, ...), which letters here would swallow."""
        self.screen.set_focus(None)
