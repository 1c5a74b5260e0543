"""The text box of typed, cloze and diagram blanks, with its keys shown in the footer.

A focused Input swallows letters, so the study screen's own keys disappear from the footer
while the learner types; these bindings tell them what Enter (and Tab) do instead, and that
Esc leaves the blank to get those keys back.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input


class AnswerInput(Input):
    """An answer blank: Enter goes to the next empty blank, then checks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Next/Check", key_display="⏎"),
        Binding("tab", "app.focus_next", "Next blank", show=False),
        Binding("escape", "leave", "Leave blank"),
    ]

    def action_leave(self) -> None:
        """Give the keys back to the screen (q, s, b, ...), which letters here would swallow."""
        self.screen.set_focus(None)
