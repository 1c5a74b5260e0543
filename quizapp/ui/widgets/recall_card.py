"""Flashcards: Space reveals the back; the learner then grades their own recall."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from quizapp.domain import Outcome
from quizapp.i18n import N_
from quizapp.packs.directions import is_reverse
from quizapp.ui.labels import label
from quizapp.ui.messages import Revealed
from quizapp.ui.plain import Static
from quizapp.ui.widgets.base import ExerciseWidget
from quizapp.ui.widgets.markdown import pack_markdown


class RecallCard(ExerciseWidget, can_focus=True):
    """The hidden back of a flashcard."""

    DEFAULT_CLASSES = "exercise recall"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "check", N_("Reveal"), show=True),
    ]

    ask = "how_well"
    """The label shown once revealed: a quiz asks "did you know it?" instead (labels.py)."""

    def compose(self) -> Any:
        """A hint until revealed (the reverse direction of a flashcard says so)."""
        hint = "recall_reverse" if is_reverse(self.question) else "recall"
        yield Static(label(hint, self.lang), classes="hint")

    def on_mount(self) -> None:
        """Take the keyboard."""
        self.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """After revealing, Space and Enter belong to the rating bar."""
        return not self.checked

    def check(self) -> None:
        """Reveal the back; grading waits for the learner's own grade."""
        if self.checked:
            return
        self.checked = True
        self.add_class("-checked")
        self.query_one(".hint", Static).update(label(self.ask, self.lang))
        back = self.question.text(self.lang).answer
        self.mount(pack_markdown(back, classes="back"))
        self.post_message(Revealed())

    def collect(self) -> dict[str, Any]:
        """Nothing to collect: the grade is the answer."""
        return {}

    def show_result(self, outcome: Outcome) -> None:
        """The back is already shown."""
