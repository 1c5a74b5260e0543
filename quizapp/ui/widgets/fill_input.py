"""Typed and cloze questions: one input per blank; after checking, a diff against the answer."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.containers import Horizontal
from textual.widgets import Input

from quizapp.domain import Outcome
from quizapp.domain.question import Question
from quizapp.domain.text import CLOZE_RE
from quizapp.exercises.base import Synonyms
from quizapp.exercises.fill import diff, expected_blanks
from quizapp.ui.labels import label
from quizapp.ui.plain import Label, Static
from quizapp.ui.widgets.answer_input import AnswerInput
from quizapp.ui.widgets.base import ExerciseWidget


def cloze_prompt(prompt: str) -> str:
    """The cloze prompt with each `{{...}}` shown as a numbered gap."""
    count = 0

    def gap(_: object) -> str:
        nonlocal count
        count += 1
        return f"**({count})\\_\\_\\_\\_\\_**"

    return CLOZE_RE.sub(gap, prompt)


def diff_text(given: str, expected: str) -> Text:
    """What was typed, with extra characters struck out red and missing ones green."""
    out = Text()
    for op, chunk in diff(given, expected):
        if op == "equal":
            out.append(chunk)
        elif op == "extra":
            out.append(chunk, style="red strike")
        else:
            out.append(chunk, style="green underline")
    return out


class FillIn(ExerciseWidget):
    """An input per blank; Enter moves to the next empty blank, then checks."""

    DEFAULT_CLASSES = "exercise fill"
    DEFAULT_CSS = """
    .fill-row {
        height: auto;
    }
    .blank-label {
        width: auto;
        padding: 1 1 0 0;
    }
    .fill-input {
        width: 1fr;
        max-width: 60;
    }
    .fill-result {
        height: auto;
        padding: 0 0 0 2;
    }
    """

    def __init__(self, question: Question, lang: str, synonyms: Synonyms = ()) -> None:
        super().__init__(question, lang, synonyms)
        self.accepted = expected_blanks(question, lang)

    def compose(self) -> Any:
        """One labelled input (and a hidden result line) per blank."""
        single = len(self.accepted) == 1 and self.question.type == "typed"
        for i, _ in enumerate(self.accepted):
            name = label("answer", self.lang) if single else f"({i + 1})"
            yield Horizontal(
                Label(name, classes="blank-label"),
                AnswerInput(
                    placeholder=label("type_here", self.lang), id=f"fill-{i}", classes="fill-input"
                ),
                classes="fill-row",
            )
            yield Static(id=f"fill-result-{i}", classes="fill-result")

    def on_mount(self) -> None:
        """Start typing at once."""
        self.query_one("#fill-0", Input).focus()

    def inputs(self) -> list[Input]:
        """The blanks' inputs in order."""
        return [self.query_one(f"#fill-{i}", Input) for i in range(len(self.accepted))]

    @on(Input.Submitted, ".fill-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        empty = [i for i in self.inputs() if not i.value.strip() and i is not event.input]
        if empty:
            empty[0].focus()
        else:
            self.check()

    def collect(self) -> dict[str, Any]:
        """`{"blanks": [text per blank]}`."""
        return {"blanks": [i.value for i in self.inputs()]}

    def show_result(self, outcome: Outcome) -> None:
        """Under each input: ✓/✗, the typed text diffed against the accepted answer."""
        for i, (box, part) in enumerate(zip(self.inputs(), outcome.parts, strict=True)):
            box.disabled = True
            line = Text()
            if part.correct:
                line.append("✓ ", style="bold green").append(part.given or "", style="green")
                alternatives = [a for a in self.accepted[i] if a != part.given.strip()]
                if alternatives:
                    also = label("also_accepted", self.lang) + ", ".join(alternatives)
                    line.append(also, style="dim")
            else:
                line.append("✗ ", style="bold red")
                line.append_text(
                    diff_text(part.given, part.expected)
                    if part.given
                    else Text(label("empty", self.lang), style="dim")
                )
                line.append(label("answer_is", self.lang)).append(part.expected, style="bold green")
            result = self.query_one(f"#fill-result-{i}", Static)
            result.update(line)
            result.add_class("-right" if part.correct else "-wrong")
