"""Step ordering: move the selected step with Shift+Up/Down or k/j, or type its position.

`x` (or Delete) discards a step that does not belong. Enter checks; each step is then
marked in place and the correct order is listed below.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType

from quizapp.domain import Outcome
from quizapp.domain.question import Question
from quizapp.exercises.base import Synonyms
from quizapp.exercises.order import Item, items, shuffled
from quizapp.i18n import N_
from quizapp.ui.labels import label
from quizapp.ui.plain import Static
from quizapp.ui.widgets.base import ExerciseWidget, HangingRow


class StepRow(HangingRow):
    """One step; a click selects it."""

    def __init__(self, index: int) -> None:
        super().__init__(classes="step")
        self.index = index

    def on_click(self, event: events.Click) -> None:
        """Mouse users select by clicking, then move with the keys."""
        parent = self.parent
        if isinstance(parent, OrderList) and not parent.checked:
            parent.cursor = self.index
            parent.refresh_rows()


class OrderList(ExerciseWidget, can_focus=True):
    """The shuffled steps, a cursor, and the discarded set."""

    DEFAULT_CLASSES = "exercise order"
    DEFAULT_CSS = """
    .step {
        padding: 0 1;
    }
    .step.-cursor {
        background: $boost;
        text-style: bold;
    }
    OrderList:focus .step.-cursor {
        background: $accent 30%;
    }
    .step.-discarded {
        color: $text-muted;
    }
    #order-answer {
        margin: 1 0 0 0;
        height: auto;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", N_("Select up"), show=False),
        Binding("down", "cursor(1)", N_("Select down"), show=False),
        # One footer entry for both directions, and x (also in the hint line above the steps)
        # only on wide terminals: with all four, Help and Back fell off an 80-column screen.
        Binding("shift+up,k", "shift(-1)", N_("Move"), key_display="shift+↑↓", show=True),
        Binding("shift+down,j", "shift(1)", N_("Move down"), show=False),
        *(Binding(str(n), f"place({n})", N_("To position"), show=False) for n in range(1, 10)),
        Binding("x,delete", "discard", N_("Discard")),
        Binding("enter", "check", N_("Check"), show=True),
    ]

    def __init__(
        self,
        question: Question,
        lang: str,
        synonyms: Synonyms = (),
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(question, lang, synonyms)
        self.items: list[Item] = shuffled(question, lang, rng or random.Random())
        self.discarded: set[str] = set()
        self.cursor = 0

    def compose(self) -> Any:
        """A hint, the steps, and (after checking) the correct order."""
        yield Static(label("order_hint", self.lang), classes="hint")
        for i in range(len(self.items)):
            yield StepRow(i)
        yield Static(id="order-answer")

    def on_mount(self) -> None:
        """Draw and take the keyboard."""
        self.refresh_rows()
        self.focus()

    def refresh_rows(self, outcome: Outcome | None = None) -> None:
        """Redraw each step with its position (or 'discarded'), and its mark after checking."""
        marks = {part.id: part for part in outcome.parts} if outcome is not None else {}
        position = 0
        for row in self.query(StepRow):
            item = self.items[row.index]
            line = Text()
            if outcome is not None:
                part = marks.get(item.id)
                ok = part.correct if part else False
                line.append("✓ " if ok else "✗ ", style="bold green" if ok else "bold red")
            if item.id in self.discarded:
                line.append(" —  ", style="dim")
                indent = line.cell_len  # a long step wraps under its text
                line.append(item.text, style="dim strike")
                line.append(label("discarded", self.lang), style="dim")
            else:
                position += 1
                line.append(f"{position:>2}. ")
                indent = line.cell_len
                line.append(item.text)
            if outcome is not None:
                if not item.is_step and item.id not in self.discarded:
                    line.append(label("intruder", self.lang), style="red")
                elif item.is_step and item.id in marks and not marks[item.id].correct:
                    line.append(label("is_step", self.lang, n=item.place), style="yellow")
            row.set_line(line, indent)
            row.set_class(row.index == self.cursor and not self.checked, "-cursor")
            row.set_class(item.id in self.discarded, "-discarded")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once checked, the keys belong to the rating bar."""
        if self.checked:
            return False
        if action == "place":
            return int(str(parameters[0])) <= len(self.items)
        return True

    def action_cursor(self, step: int) -> None:
        """Select the step above or below."""
        self.cursor = (self.cursor + step) % len(self.items)
        self.refresh_rows()

    def _move_to(self, target: int) -> None:
        target = max(0, min(target, len(self.items) - 1))
        item = self.items.pop(self.cursor)
        self.items.insert(target, item)
        self.cursor = target
        self.refresh_rows()

    def action_shift(self, step: int) -> None:
        """Move the selected step up or down one place."""
        self._move_to(self.cursor + step)

    def action_place(self, position: int) -> None:
        """Move the selected step to the typed position: the number shown beside the steps,
        which skips discarded rows (so 4 puts it at "4.", not at the fourth row)."""
        item = self.items.pop(self.cursor)
        numbered = [i for i, other in enumerate(self.items) if other.id not in self.discarded]
        if position <= len(numbered):  # just before the step now numbered `position`
            target = numbered[position - 1]
        else:  # past the last number: just after the last numbered step
            target = numbered[-1] + 1 if numbered else 0
        self.items.insert(target, item)
        self.cursor = target
        self.refresh_rows()

    def action_discard(self) -> None:
        """Discard the selected step (or bring it back)."""
        self.discarded ^= {self.items[self.cursor].id}
        self.refresh_rows()

    def collect(self) -> dict[str, Any]:
        """`{"order": [ids as arranged], "discarded": [ids]}`."""
        return {"order": [i.id for i in self.items], "discarded": sorted(self.discarded)}

    def show_result(self, outcome: Outcome) -> None:
        """Mark each step in place and list the correct order."""
        self.refresh_rows(outcome)
        if outcome.correct:
            return
        correct = Text(label("correct_order", self.lang) + "\n", style="bold")
        steps = [item for item in items(self.question, self.lang) if item.is_step]
        width = max(2, *(len(item.place) for item in steps))
        for n, item in enumerate(steps):
            correct.append(f"{item.place:>{width}}. {item.text}")
            if "–" in item.place and (n == 0 or steps[n - 1].rank != item.rank):
                correct.append(label("any_order", self.lang), style="dim")  # once per group
            correct.append("\n")
        distractors = [i.text for i in items(self.question, self.lang) if not i.is_step]
        if distractors:
            listed = label("list_sep", self.lang).join(distractors)
            correct.append(label("not_part", self.lang) + listed, style="dim")
        correct.rstrip()
        self.query_one("#order-answer", Static).update(correct)
