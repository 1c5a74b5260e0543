"""Choice questions: number keys pick options (several when multiple), Enter checks."""

from __future__ import annotations

import random
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType

from quizapp.domain import Outcome
from quizapp.domain.question import Question
from quizapp.domain.question_data import ChoiceData
from quizapp.domain.text import local
from quizapp.exercises.base import Synonyms
from quizapp.i18n import N_
from quizapp.ui.labels import label
from quizapp.ui.plain import Static
from quizapp.ui.widgets.base import ExerciseWidget, HangingRow


class OptionRow(HangingRow):
    """One option; a click toggles it."""

    def __init__(self, index: int) -> None:
        super().__init__(classes="option")
        self.index = index

    def on_click(self, event: events.Click) -> None:
        """Mouse users pick by clicking."""
        parent = self.parent
        if isinstance(parent, ChoiceList) and not parent.checked:
            parent.cursor = self.index
            parent.toggle(self.index)


class ChoiceList(ExerciseWidget, can_focus=True):
    """The options in (maybe shuffled) order, a cursor, and the picks."""

    DEFAULT_CLASSES = "exercise choice"
    DEFAULT_CSS = """
    .option {
        padding: 0 1;
    }
    .option.-cursor {
        background: $boost;
        text-style: bold;
    }
    ChoiceList:focus-within .option.-cursor, ChoiceList:focus .option.-cursor {
        background: $accent 30%;
    }
    .option.-picked {
        color: $accent;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"pick({n})", N_("Option"), show=False) for n in range(1, 10)),
        Binding("up,k", "move(-1)", N_("Up"), show=False),
        Binding("down,j", "move(1)", N_("Down"), show=False),
        Binding("space", "toggle_cursor", N_("Pick"), show=True),
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
        data = question.data_as(ChoiceData)
        self.data = data
        self.order = list(range(len(data.options)))
        if data.shuffle:
            (rng or random.Random()).shuffle(self.order)
        self.multiple = data.is_multiple
        self.selected: set[int] = set()
        self.cursor = 0

    def compose(self) -> Any:
        """A hint line, then one row per option."""
        hint = label("pick_all" if self.multiple else "pick_one", self.lang, n=len(self.order))
        yield Static(hint, classes="hint")
        for shown in range(len(self.order)):
            yield OptionRow(shown)

    def on_mount(self) -> None:
        """Draw and take the keyboard."""
        self.refresh_rows()
        self.focus()

    def refresh_rows(self, outcome: Outcome | None = None) -> None:
        """Redraw every option with its box, and after checking its mark and feedback."""
        for row in self.query(OptionRow):
            index = self.order[row.index]
            option = self.data.options[index]
            picked = index in self.selected
            box = ("[x]" if picked else "[ ]") if self.multiple else ("(•)" if picked else "( )")
            line = Text()
            if outcome is not None:  # ✓ right pick, ✗ wrong pick, ! a correct option missed
                if picked:
                    right = option.correct
                    line.append(
                        "✓ " if right else "✗ ", style="bold green" if right else "bold red"
                    )
                else:
                    line.append("! " if option.correct else "  ", style="bold yellow")
            line.append(f"{box} {row.index + 1}. ")
            indent = line.cell_len  # a long option wraps under its text, not under the box
            line.append(local(option.text, self.lang))
            if outcome is not None:
                if option.correct:
                    line.append(label("correct", self.lang), style="green")
                if option.feedback and (picked or option.correct):
                    line.append("\n" + local(option.feedback, self.lang), style="italic")
            row.set_line(line, indent)
            row.set_class(row.index == self.cursor and not self.checked, "-cursor")
            row.set_class(picked, "-picked")

    def toggle(self, shown: int) -> None:
        """Pick (or unpick) the option shown at position `shown`."""
        index = self.order[shown]
        if self.multiple:
            self.selected ^= {index}
        else:
            self.selected = set() if index in self.selected else {index}
        self.refresh_rows()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once checked, the digits and Enter belong to the rating bar."""
        if self.checked:
            return False
        if action == "pick":
            return int(str(parameters[0])) <= len(self.order)
        return True

    def action_pick(self, number: int) -> None:
        """Number keys pick options by their shown number."""
        self.cursor = number - 1
        self.toggle(number - 1)

    def action_move(self, step: int) -> None:
        """Move the cursor."""
        self.cursor = (self.cursor + step) % len(self.order)
        self.refresh_rows()

    def action_toggle_cursor(self) -> None:
        """Space picks the option under the cursor."""
        self.toggle(self.cursor)

    def action_check(self) -> None:
        """Enter checks what is picked; with nothing picked it only says to pick first (it used
        to submit the option under the cursor, option 1 by default, as if chosen)."""
        if not self.selected:
            self.notify(label("pick_first", self.lang), timeout=3)
            return
        self.check()

    def collect(self) -> dict[str, Any]:
        """`{"selected": [indexes as written in the pack]}`."""
        return {"selected": sorted(self.selected)}

    def show_result(self, outcome: Outcome) -> None:
        """Mark every option and show the feedback of the picked and the correct ones."""
        self.refresh_rows(outcome)
