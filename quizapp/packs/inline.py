"""Pack Markdown that is nothing but paragraphs of styled text, as text and style spans.

Nearly every prompt is a paragraph or two with `code`, **bold** and *italic*. For those the
study screen draws these spans itself instead of mounting Textual's Markdown widget, which
means importing markdown-it: about 50 ms, the largest single cost before the first question.
The spans are what Textual's Markdown widget makes of the same tokens (its
`MarkdownBlock._token_to_content`), so both ways draw the same characters in the same styles;
anything else (lists, tables, code blocks, headings, links) is left to the widget.

Prompts' spans are worked out when a pack is parsed and kept in the pack cache
(`remember`), so a warm start needs no Markdown parser for its first question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

Span = tuple[int, int, str]
"""Start, end and the style class: `code_inline`, `em`, `strong` or `s`."""
Paragraph = tuple[str, tuple[Span, ...]]
Paragraphs = tuple[Paragraph, ...]

_STYLES = {"em_open": "em", "strong_open": "strong", "s_open": "s"}
_CLOSES = {"em_close", "strong_close", "s_close"}
_KNOWN: dict[str, Paragraphs | None] = {}
_STORED: dict[str, object] = {}
"""Prompts' spans as the pack cache holds them (`plain`), checked only when a prompt is shown:
a warm start of a large pack then costs one dict entry per prompt, not a rebuild of each."""


def paragraphs(text: str) -> Paragraphs | None:
    """`text` as paragraphs of spans, or None when it holds any other Markdown."""
    if text in _KNOWN:
        return _KNOWN[text]
    found = restore(_STORED.pop(text)) if text in _STORED else _parse(text)
    _KNOWN[text] = found
    return found


def remember(text: str, stored: object) -> None:
    """Take `plain(paragraphs(text))` from the pack cache as already worked out."""
    _STORED[text] = stored


def plain(found: Paragraphs | None) -> list[tuple[str, list[list[object]]]] | None:
    """`found` as lists and strings only, for the marshal pack cache."""
    if found is None:
        return None
    return [(text, [list(span) for span in spans]) for text, spans in found]


def restore(stored: object) -> Paragraphs | None:
    """`plain`'s data back as `paragraphs` gives it (None if it is not that shape)."""
    if not isinstance(stored, list):
        return None
    try:
        return tuple(
            (str(text), tuple((int(s), int(e), str(c)) for s, e, c in spans))
            for text, spans in stored
        )
    except (TypeError, ValueError):
        return None


def _parse(text: str) -> Paragraphs | None:
    from quizapp.packs.markdown import parser

    tokens = parser().parse(text)
    if not tokens:
        return None
    found: list[Paragraph] = []
    for token in tokens:
        if token.type in ("paragraph_open", "paragraph_close") and not token.hidden:
            continue
        if token.type != "inline" or token.children is None:
            return None
        paragraph = _spans(token.children)
        if paragraph is None:
            return None
        found.append(paragraph)
    return tuple(found)


def _spans(children: list[Token]) -> Paragraph | None:
    """One paragraph's inline tokens, in the order Textual's widget builds its spans."""
    parts: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[str, int]] = []
    position = 0
    for child in children:
        kind = child.type
        if kind == "text":
            part = re.sub(r"\s+", " ", child.content)
        elif kind == "softbreak":
            part = " "
        elif kind == "hardbreak":
            part = "\n"
        elif kind == "code_inline":
            part = child.content
            spans.append((position, position + len(part), "code_inline"))
        elif kind in _STYLES:
            stack.append((_STYLES[kind], position))
            continue
        elif kind in _CLOSES and stack:
            style, start = stack.pop()
            spans.append((start, position, style))
            continue
        else:
            return None
        parts.append(part)
        position += len(part)
    if stack:
        return None
    return "".join(parts), tuple(spans)
