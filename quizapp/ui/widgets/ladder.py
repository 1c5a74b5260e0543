"""The ladder (sequence) diagram: two lifelines, one arrow per message, states beside them.

Each message takes two lines: its label (flags, seq, ack) above the arrow, and the arrow with
each side's new state beside its lifeline. Blanks are inputs in place; Tab walks them top to
bottom; Up/Down cycle through plausible values; Enter goes to the next empty blank, then checks.
Widths come from `rich.cells.cell_len`, so double-width (Chinese) text keeps the columns.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input

from quizapp.domain import Outcome
from quizapp.domain.question import Question
from quizapp.domain.question_data import DiagramData
from quizapp.domain.text import local
from quizapp.exercises.base import Synonyms
from quizapp.exercises.diagram import STATE_FIELDS, choices, expected, split_blank
from quizapp.i18n import N_
from quizapp.ui.labels import label
from quizapp.ui.plain import Static
from quizapp.ui.widgets.answer_input import AnswerInput
from quizapp.ui.widgets.base import ExerciseWidget

BLANK_WIDTH = 10


class Arrow(Widget):
    """One message's arrow, drawn across the space between the lifelines."""

    def __init__(self, direction: str, lost: bool) -> None:
        super().__init__(classes="arrow")
        self.direction = direction
        self.lost = lost

    def render(self) -> Text:
        """`──────▶`, `◀──────`, or a lost segment stopping halfway at `✗`."""
        width = max(self.size.width, 2)
        if self.lost:
            shaft = "─" * (width // 2)
            if self.direction == "->":
                return Text(shaft + "✗", style="red")
            return Text(" " * (width - len(shaft) - 1) + "✗" + shaft, style="red")
        if self.direction == "->":
            return Text("─" * (width - 1) + "▶")
        return Text("◀" + "─" * (width - 1))


class BlankInput(AnswerInput):
    """A blank of the diagram: type, or cycle through plausible values with Up/Down."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", N_("Next blank")),
        Binding("up", "cycle(-1)", N_("Previous value"), show=False),
        Binding("down", "cycle(1)", N_("Pick a value"), key_display="↑↓"),
    ]

    def __init__(self, key: str, options: list[str], width: int) -> None:
        super().__init__(
            placeholder="?",
            suggester=SuggestFromList(options, case_sensitive=False),
            compact=True,
            id=f"blank-{key.replace('.', '-')}",
            classes="blank",
        )
        self.key = key
        self.options = options
        self.styles.width = width

    def action_cycle(self, step: int) -> None:
        """Replace the value with the next (or previous) plausible value."""
        if not self.options:
            return
        try:
            at = self.options.index(self.value)
        except ValueError:
            at = -1 if step > 0 else 0
        self.value = self.options[(at + step) % len(self.options)]
        self.cursor_position = len(self.value)


class MessageCaption(Horizontal):
    """The words over one arrow: flags, seq=, ack=, len=, (lost), [n].

    With wide participant names (Chinese ones, at 80 columns) the line can be shorter than
    its pieces, and Textual would cut the last one, the note marker (`[2` shows as `[`). The
    blanks in it then give up cells, down to MIN_BLANK, so every piece stays whole.
    """

    MIN_BLANK = 5

    def on_resize(self) -> None:
        blanks = [w for w in self.children if isinstance(w, BlankInput)]
        if not blanks:
            return
        fixed = sum(w.outer_size.width for w in self.children if not isinstance(w, BlankInput))
        share = (self.content_size.width - fixed) // len(blanks)
        width = max(self.MIN_BLANK, min(BLANK_WIDTH, share))
        for blank in blanks:
            if blank.styles.width is None or blank.styles.width.value != width:
                blank.styles.width = width


class LadderDiagram(ExerciseWidget):
    """A diagram question: the ladder with its blanks, then the marks and the answers."""

    DEFAULT_CLASSES = "exercise ladder"
    DEFAULT_CSS = """
    .ladder-line {
        height: 1;
    }
    .ladder-line .side {
        height: 1;
        padding: 0 1;
    }
    .ladder-line .side.-left {
        text-align: right;
        content-align-horizontal: right;
    }
    .ladder-line .mid {
        width: 1fr;
        height: 1;
        border-left: vkey $primary;
        border-right: vkey $primary;
    }
    .ladder-line .label {
        padding: 0 1;
    }
    .ladder-line .label.-right {
        align-horizontal: right;
    }
    .label Static {
        width: auto;
    }
    .ladder-line.-names .side {
        text-style: bold;
        color: $accent;
    }
    .ladder-line.-start .side {
        color: $text-muted;
    }
    .field, .note {
        color: $text-muted;
    }
    .lost {
        color: $error;
    }
    BlankInput {
        height: 1;
        background: $boost;
        color: $text;
    }
    BlankInput:focus {
        background: $accent 40%;
    }
    #diagram-notes {
        margin: 1 0 0 2;
        height: auto;
    }
    #diagram-results {
        margin: 1 0 0 0;
        height: auto;
    }
    """

    def __init__(self, question: Question, lang: str, synonyms: Synonyms = ()) -> None:
        super().__init__(question, lang, synonyms)
        data = question.data_as(DiagramData)
        self.data = data
        self.blank_keys = list(data.blanks)
        self.names = [local(p, lang) for p in data.participants]
        self.side_width = [self._side_width(0), self._side_width(1)]

    def _side_width(self, side: int) -> int:
        field = ("left", "right")[side]
        texts = [self.names[side]]
        if self.data.start:
            texts.append(self.data.start[side])
        texts += [getattr(r, field) or "" for r in self.data.rows]
        widest = max(cell_len(t) for t in texts)
        if any(split_blank(k)[1] == field for k in self.blank_keys):
            widest = max(widest + 2, BLANK_WIDTH)
        return min(widest + 2, 24)

    def _value(self, row: int, field: str, value: Any) -> Widget:
        key = f"{row + 1}.{field}"
        if key in self.blank_keys:
            width = BLANK_WIDTH
            if field in ("left", "right"):
                width = self.side_width[0 if field == "left" else 1]
            return BlankInput(key, choices(self.question, key), width)
        return Static("" if value is None else str(value), classes="value")

    def compose(self) -> Any:
        """Names, start states, then two lines per message."""
        yield self._line(
            Static(self.names[0], classes="name"),
            Static(""),
            Static(self.names[1], classes="name"),
            "names",
        )
        if self.data.start:
            start = self.data.start
            yield self._line(Static(start[0]), Static(""), Static(start[1]), "start")
        notes: list[str] = []
        for i, row in enumerate(self.data.rows):
            pieces: list[Widget] = [self._value(i, "flags", row.flags)]
            for field in ("seq", "ack"):
                value = getattr(row, field)
                if value is not None or f"{i + 1}.{field}" in self.blank_keys:
                    pieces.append(Static(f" {field}=", classes="field"))
                    pieces.append(self._value(i, field, value))
            if row.len:
                pieces.append(Static(f" len={row.len}", classes="field"))  # i18n: TCP's field
            if row.lost:
                pieces.append(Static(label("lost", self.lang), classes="lost"))
            if row.note:  # notes go below the ladder, where there is room for them
                pieces.append(Static(f" [{i + 1}]", classes="note"))
                notes.append(f"[{i + 1}] {local(row.note, self.lang)}")
            caption = MessageCaption(
                *pieces, classes="label -right" if row.dir == "<-" else "label"
            )
            yield self._line(Static(""), caption, Static(""), "message")
            yield self._line(
                self._value(i, "left", row.left),
                Arrow(row.dir, row.lost),
                self._value(i, "right", row.right),
                "arrow-line",
            )
        if notes:
            yield Static("\n".join(notes), id="diagram-notes", classes="note")
        yield Static(id="diagram-results")

    def _field_name(self, field: str) -> str:
        """A blank's field as the learner sees it: a state is named by its participant."""
        if field in STATE_FIELDS:
            return label("state", self.lang, who=self.names[STATE_FIELDS.index(field)])
        return label("flags", self.lang) if field == "flags" else field

    def _line(self, left: Widget, mid: Widget, right: Widget, kind: str) -> Horizontal:
        lw, rw = self.side_width
        left.add_class("side", "-left")
        right.add_class("side", "-right")
        left.styles.width = lw
        right.styles.width = rw
        mid.add_class("mid")
        return Horizontal(left, mid, right, classes=f"ladder-line -{kind}")

    def on_mount(self) -> None:
        """Start in the first blank."""
        blanks = list(self.query(BlankInput))
        if blanks:
            blanks[0].focus()

    @on(Input.Submitted, ".blank")
    def _next_blank(self, event: Input.Submitted) -> None:
        event.stop()
        empty = [b for b in self.query(BlankInput) if not b.value.strip()]
        if empty:
            empty[0].focus()
        else:
            self.check()

    def collect(self) -> dict[str, Any]:
        """`{"blanks": {"2.ack": "x+1", ...}}`."""
        return {"blanks": {b.key: b.value for b in self.query(BlankInput)}}

    def show_result(self, outcome: Outcome) -> None:
        """Each blank becomes ✓ value or ✗ answer; a list below shows what was typed."""
        by_key = {p.label: p for p in outcome.parts}
        for blank in self.query(BlankInput):
            part = by_key[blank.key]
            mark = Text()
            if part.correct:
                mark.append("✓ ", style="bold green").append(part.given, style="green")
            else:
                mark.append("✗ ", style="bold red").append(part.expected, style="bold yellow")
            blank.disabled = True
            blank.display = False
            static = Static(mark, classes=f"value mark {'-right' if part.correct else '-wrong'}")
            for cls in blank.classes:
                if cls in ("side", "-left", "-right", "mid"):
                    static.add_class(cls)
            static.styles.width = blank.styles.width
            parent = blank.parent
            assert isinstance(parent, Widget)
            parent.mount(static, after=blank)
        lines = Text()
        fields = ("flags", "seq", "ack", "left", "right")
        in_reading_order = sorted(
            outcome.parts,
            key=lambda p: (split_blank(p.label)[0], fields.index(split_blank(p.label)[1])),
        )
        for part in in_reading_order:
            row, field = split_blank(part.label)
            sign, style = ("✓", "green") if part.correct else ("✗", "red")
            lines.append(f"{sign} ", style=f"bold {style}")
            lines.append(label("blank", self.lang, row=row + 1, field=self._field_name(field)))
            lines.append(part.given or label("empty", self.lang), style=style)
            if not part.correct:
                lines.append("  → ").append(expected(self.question, part.label), style="bold")
            lines.append("\n")
        lines.rstrip()
        self.query_one("#diagram-results", Static).update(lines)
