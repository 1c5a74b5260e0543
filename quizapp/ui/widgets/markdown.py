"""Pack Markdown in Textual, always through the pack dialect (raw HTML off)."""

from __future__ import annotations

from textual.widgets import Markdown

from quizapp.packs.markdown import new_parser


def pack_markdown(text: str, *, id: str | None = None, classes: str | None = None) -> Markdown:
    """A Markdown widget that parses like every other view of a pack."""
    return Markdown(text, id=id, classes=classes, parser_factory=new_parser, open_links=False)
