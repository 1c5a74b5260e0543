"""markdownify once per field shape: the fast path of the Anki importer's HTML conversion.

A deck's fields repeat a handful of shapes (`What does <b>X</b> mean?`, `<ul><li>A</li>...`)
with different words. markdownify (through BeautifulSoup) costs ~0.2 ms a field, about 70% of
an import, and its output depends on the tags and on where text has white space, not on the
words: escaping is per character and the rest only sees the text's edges. So each text run is
swapped for a placeholder (`QZT3Z`, keeping its edge white space), markdownify converts that
skeleton once per shape, and the words, escaped as markdownify would escape them, are put back.

Only plain formatting tags take this path. Anything whose conversion reads the words (links
and images compare text and address, code and pre keep them raw, tables and headings restrip
them) or that a tokenizer could mis-split (a stray `<`, an unbalanced quote, a comment, a
newline inside words) goes to markdownify whole; `tests/importer/test_skeleton.py` checks the
two agree on generated HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import markdownify

# markdownify's own white-space rules (its bundled stubs leave the module's regexes out).
re_whitespace: re.Pattern[str] = markdownify.re_whitespace  # type: ignore[attr-defined]
re_newline_whitespace: re.Pattern[str] = markdownify.re_newline_whitespace  # type: ignore[attr-defined]

_SPLIT = re.compile(r"(<[^<>]*>)")
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
_PLAIN_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "del",
        "strike",
        "br",
        "div",
        "p",
        "span",
        "ul",
        "ol",
        "li",
        "sub",
        "sup",
        "font",
        "hr",
    ]
)
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|nbsp|#[0-9]{1,6}|#[xX][0-9a-fA-F]{1,6});")
_PLACEHOLDER = re.compile(r"QZT(\d+)Z")
_EDGE = " \t\r\n"
MAX_SHAPES = 4096
"""Shapes remembered per deck (each a few hundred bytes)."""


def _is_plain_tag(tag: str) -> bool:
    """A formatting tag whose attributes a tokenizer cannot misread."""
    match = _TAG.fullmatch(tag)
    return (
        match is not None
        and match.group(1).lower() in _PLAIN_TAGS
        and tag.count('"') % 2 == 0
        and tag.count("'") % 2 == 0
    )


class SkeletonCache:
    """Converts fields through `convert` (markdownify) once per shape; `escape` is the
    converter's own text escaping."""

    def __init__(self, convert: Callable[[str], str], escape: Callable[[str], str]) -> None:
        self._convert = convert
        self._escape = escape
        self._shapes: dict[str, str | None] = {}
        self._plain_tags: dict[str, bool] = {}

    def to_markdown(self, html: str) -> str | None:
        """The Markdown markdownify would give for `html`, or None if `html` is not a plain
        shape (the caller then runs markdownify on it)."""
        if "QZT" in html:  # a field that already holds our placeholder text
            return None
        pieces = _SPLIT.split(html)  # text, tag, text, tag, ..., text
        skeleton: list[str] = []
        words: list[str] = []
        plain_tags = self._plain_tags
        for index, piece in enumerate(pieces):
            if index % 2:  # a tag, kept as written
                plain = plain_tags.get(piece)
                if plain is None:
                    plain = plain_tags[piece] = _is_plain_tag(piece)
                if not plain:
                    return None
                skeleton.append(piece)
            elif piece:
                if "<" in piece:
                    return None
                if "&" in piece:
                    if piece.count("&") != len(_ENTITY.findall(piece)):
                        return None  # BeautifulSoup and html.unescape differ on odd ones
                    run = unescape(piece)
                else:
                    run = piece
                if "  " in run or "\t" in run or "\n" in run or "\r" in run:
                    run = re_whitespace.sub(" ", re_newline_whitespace.sub("\n", run))
                core = run.strip(_EDGE)
                if not core:
                    skeleton.append(run)
                elif "\n" in core or core[0].isspace() or core[-1].isspace():
                    return None  # markdownify strips some edges (a no-break space) itself
                else:
                    lead = len(run) - len(run.lstrip(_EDGE))
                    skeleton.append(f"{run[:lead]}QZT{len(words)}Z{run[lead + len(core) :]}")
                    words.append(self._escape(core))
        shape = "".join(skeleton)
        converted = self._shapes.get(shape, "")
        if converted == "":
            converted = self._convert(shape)
            if len(_PLACEHOLDER.findall(converted)) != len(words):
                converted = None  # markdownify dropped or doubled a run: not a plain shape
            if len(self._shapes) < MAX_SHAPES:
                self._shapes[shape] = converted
        if converted is None:
            return None
        return _PLACEHOLDER.sub(lambda match: words[int(match.group(1))], converted)
