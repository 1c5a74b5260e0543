"""The one Markdown dialect of packs: CommonMark + tables + strikethrough, raw HTML off.

Pack text comes from strangers, so raw HTML is never passed through: with `html` off,
markdown-it treats `<script>` as plain text, which every renderer then escapes or shows as is.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def new_parser() -> MarkdownIt:
    """A fresh parser (Textual's Markdown widget wants a factory)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


@cache
def parser() -> MarkdownIt:
    """A shared parser for read-only use."""
    return new_parser()


@cache
def checking_parser() -> MarkdownIt:
    """A parser that keeps every link, even ones markdown-it would drop, so authors hear of them."""
    md = new_parser()
    # markdown-it has no option for this; overriding the instance's method is its documented way
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def to_html(text: str) -> str:
    """Markdown to HTML with any HTML in the source escaped."""
    html: str = parser().render(text)  # markdown-it types render() as Any
    return html
