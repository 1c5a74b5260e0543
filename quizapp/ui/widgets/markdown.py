"""Pack Markdown in Textual, always through the pack dialect (raw HTML off).

Text that is only paragraphs (nearly every prompt) is drawn by `PackParagraphs`, which makes
what Textual's Markdown widget makes of it, from spans worked out once per text (and kept in
the pack cache for prompts): no Markdown parser is imported to show the first question.
Anything else goes to Textual's Markdown widget.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content, Span
from textual.strip import Strip
from textual.widget import Widget

from quizapp.packs.inline import Paragraphs, paragraphs
from quizapp.ui.plain import Static


class PackParagraphs(Static):
    """Paragraphs laid out and styled as Textual's Markdown widget lays out and styles them:
    one widget, the paragraphs a blank line apart and one blank line after the last (the
    Markdown widget's paragraph margin), where Textual's mounts a widget per paragraph
    inside a container (~20 M instructions before the first question)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"em", "strong", "s", "code_inline"}
    DEFAULT_CSS = """
    PackParagraphs {
        width: 1fr;
        height: auto;
        padding: 0 2 0 2;
        color: $foreground;
        &:dark > .code_inline {
            background: $warning 10%;
            color: $text-warning 95%;
        }
        &:light > .code_inline {
            background: $error 5%;
            color: $text-error 95%;
        }
        &:ansi > .code_inline {
            background: ansi_default !important;
        }
        & > .em {
            text-style: italic;
        }
        & > .strong {
            text-style: bold;
        }
        & > .s {
            text-style: strike;
        }
    }
    """

    def __init__(
        self, found: Paragraphs, *, id: str | None = None, classes: str | None = None
    ) -> None:
        blocks = [
            Content(text, spans=[Span(start, end, f".{style}") for start, end, style in spans])
            for text, spans in found
        ]
        super().__init__(Content("\n\n").join(blocks) + "\n", id=id, classes=classes)

    def render_line(self, y: int) -> Strip:
        """The line without the empty segment a blank line of text leaves (the Markdown
        widget's blank lines are margins, drawn with no text at all)."""
        strip = super().render_line(y)
        return Strip([s for s in strip if s.text], strip.cell_length)


def pack_markdown(text: str, *, id: str | None = None, classes: str | None = None) -> Widget:
    """A widget that draws pack Markdown like every other view of a pack."""
    found = paragraphs(text)
    if found is not None:
        return PackParagraphs(found, id=id, classes=classes)
    from textual.widgets import Markdown

    from quizapp.packs.markdown import new_parser

    return Markdown(text, id=id, classes=classes, parser_factory=new_parser, open_links=False)
