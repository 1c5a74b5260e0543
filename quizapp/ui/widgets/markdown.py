"""Pack Markdown in Textual, always through the pack dialect (raw HTML off).

Text that is only paragraphs (nearly every prompt) is drawn by `PackParagraphs`, which makes
what Textual's Markdown widget makes of it, from spans worked out once per text (and kept in
the pack cache for prompts): no Markdown parser is imported to show the first question.
Anything else goes to Textual's Markdown widget.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content, Span
from textual.widget import Widget

from quizapp.packs.inline import Paragraphs, paragraphs
from quizapp.ui.plain import Static


class PackParagraph(Static):
    """One paragraph, with the inline styles of Textual's `MarkdownBlock`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"em", "strong", "s", "code_inline"}


class PackParagraphs(Widget):
    """Paragraphs laid out and styled as Textual's Markdown widget lays out and styles them."""

    DEFAULT_CSS = """
    PackParagraphs {
        height: auto;
        padding: 0 2 0 2;
        layout: vertical;
        color: $foreground;
        overflow-y: hidden;

        &:ansi {
            PackParagraph > .code_inline {
                background: ansi_default !important;
            }
        }

        PackParagraph {
            width: 1fr;
            height: auto;
            margin: 0 0 1 0;
            &:dark > .code_inline {
                background: $warning 10%;
                color: $text-warning 95%;
            }
            &:light > .code_inline {
                background: $error 5%;
                color: $text-error 95%;
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
    }
    """

    def __init__(
        self, found: Paragraphs, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(
            *(
                PackParagraph(
                    Content(
                        text, spans=[Span(start, end, f".{style}") for start, end, style in spans]
                    ),
                    expand=True,
                )
                for text, spans in found
            ),
            id=id,
            classes=classes,
        )


def pack_markdown(text: str, *, id: str | None = None, classes: str | None = None) -> Widget:
    """A widget that draws pack Markdown like every other view of a pack."""
    found = paragraphs(text)
    if found is not None:
        return PackParagraphs(found, id=id, classes=classes)
    from textual.widgets import Markdown

    from quizapp.packs.markdown import new_parser

    return Markdown(text, id=id, classes=classes, parser_factory=new_parser, open_links=False)
