"""End of a session: what was done and what comes next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from quizapp.ui.screens.timefmt import when
from quizapp.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from quizapp.services.study import SessionSummary
    from quizapp.ui.app import QuizApp


def duration_text(seconds: float) -> str:
    """`4m 12s`, `45s`, `1h 3m`."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m {seconds % 60:02d}s"
    return f"{seconds // 3600}h {seconds % 3600 // 60}m"


class SummaryScreen(Screen[None]):
    """Answered, correct, time, due tomorrow."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,q,escape", "home", "Home", show=True),
        Binding("ctrl+q", "app.quit", "Quit", show=True),
    ]

    app: QuizApp

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__(id="summary-screen")
        self.summary = summary

    def compose(self) -> Any:
        """One panel of numbers."""
        s = self.summary
        text = Text()
        text.append("Session done\n\n", style="bold")
        rate = f" ({round(100 * s.correct / s.answered)}%)" if s.answered else ""
        text.append(f"Answered     {s.answered}\n")
        text.append(f"Remembered   {s.correct}{rate}\n")
        text.append(f"Time         {duration_text(s.elapsed.total_seconds())}\n")
        text.append(f"Due tomorrow {s.due_tomorrow}\n")
        text.append(f"Next review  {when(s.next_due, self.app.now())}\n\n")
        text.append("Press Enter to go back to your packs.", style="dim")
        yield Static(text, id="summary")
        yield Footer(compact=True)

    def action_home(self) -> None:
        """Back to the pack list."""
        self.app.pop_screen()
