"""The four grades with the interval each would give; the suggested one stands out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rich.text import Text
from textual import events
from textual.containers import Horizontal

from quizapp.domain import Grade
from quizapp.i18n import _
from quizapp.ui.labels import grade_name
from quizapp.ui.messages import Graded
from quizapp.ui.plain import Static


def human_interval(delta: timedelta) -> str:
    """`10m`, `3h`, `4d`, `2.5mo`, `1.2y`: short enough for a button."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 3600:
        return _("{n}m").format(n=max(1, round(seconds / 60)))
    if seconds < 86400:
        return _("{n}h").format(n=round(seconds / 3600))
    days = seconds / 86400
    if days < 31:
        return _("{n}d").format(n=round(days))
    if days < 365:
        return _("{n}mo").format(n=f"{days / 30.4:.1f}")
    return _("{n}y").format(n=f"{days / 365:.1f}")


class GradeButton(Static):
    """One grade; a click picks it."""

    def __init__(self, grade: Grade) -> None:
        super().__init__(classes="grade", id=f"grade-{grade.name.lower()}")
        self.grade = grade

    def on_click(self, event: events.Click) -> None:
        """Mouse users grade by clicking."""
        self.post_message(Graded(self.grade))


class RatingBar(Horizontal):
    """`1 Again 10m  2 Hard 1d  ⏎ 3 Good 3d  4 Easy 8d`: ⏎ marks what Enter gives."""

    def __init__(self, intervals: dict[Grade, timedelta], suggested: Grade) -> None:
        super().__init__(id="rating-bar", classes="answer-bar")
        self.intervals = intervals
        self.suggested = suggested

    def compose(self) -> Any:
        """One button per grade."""
        for grade in Grade:
            button = GradeButton(grade)
            label = Text()
            if grade == self.suggested:  # said in words too, not only by the border colour
                label.append("⏎ ", style="bold")
            label.append(f"{grade.value} ", style="bold")
            label.append(grade_name(grade))
            if grade in self.intervals:
                label.append(f"  {human_interval(self.intervals[grade])}", style="dim")
            button.update(label)
            button.set_class(grade == self.suggested, "-suggested")
            yield button
