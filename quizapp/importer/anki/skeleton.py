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
_MARK = "QZT"
"""Stands for a run's words in a shape; numbered (`QZT0Z`) when markdownify converts it."""
_PLACEHOLDER = re.compile(r"QZT(\d+)Z")
_ODD_SPACE = re.compile(
    "[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
"""White space other than the space (what `\\s` matches but ` `): with double spaces and
entities, what only `_runs` handles."""
_TAG_AND_SPACES = re.compile(r"( ?<[^<>]*> ?)")
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


_Shape = tuple[list[str], tuple[int, ...] | None]
"""markdownify's output for a shape, cut at its placeholders: the literal pieces, and the
order the text runs come back in (None: in the order they were, as nearly always)."""
_UNSEEN: _Shape = ([], ())


def _cut(converted: str, runs: int) -> _Shape | None:
    parts = _PLACEHOLDER.split(converted)  # literal, number, literal, ..., literal
    order = tuple(int(n) for n in parts[1::2])
    if sorted(order) != list(range(runs)):
        return None  # markdownify dropped or doubled a run: not a plain shape
    return parts[0::2], None if order == tuple(range(runs)) else order


class SkeletonCache:
    """Converts fields through `convert` (markdownify) once per shape; `escape` is the
    converter's own text escaping."""

    def __init__(self, convert: Callable[[str], str], escape: Callable[[str], str]) -> None:
        self._convert = convert
        self._escape = escape
        self._shapes: dict[str, _Shape | None] = {}
        self._checked: dict[str, _Shape | None] = {}
        self._plain_tags: set[str] = set()
        self._other_tags: set[str] = set()

    def _all_plain(self, tags: list[str]) -> bool:
        plain = self._plain_tags
        if plain.issuperset(tags):
            return True
        for tag in tags:
            if tag in plain:
                continue
            if tag in self._other_tags or not _is_plain_tag(tag):
                if len(self._other_tags) < MAX_SHAPES:
                    self._other_tags.add(tag)
                return False
            if len(plain) < MAX_SHAPES:
                plain.add(tag)
        return True

    def to_markdown(self, html: str, printable: bool | None = None) -> str | None:
        """The Markdown markdownify would give for `html`, or None if `html` is not a plain
        shape (the caller then runs markdownify on it). `printable` is html.isprintable(),
        if the caller knows it. The Markdown holds no control or bidi character the field
        does not hold, and only the line breaks of its shape."""
        if _MARK in html:  # a field that already holds our placeholder text
            return None
        if printable is None:
            printable = html.isprintable()
        if (
            "  " not in html
            and "&" not in html
            # every white space character but the space is unprintable
            and (printable or _ODD_SPACE.search(html) is None)
            and html[:1] != " "
            and html[-1:] != " "
        ):
            # Single spaces inside only and no entity: a tag takes the one space each side
            # of it, so the text between tags is exactly a run's words, and the shape
            # (words swapped for the mark) is looked up already checked.
            pieces = _TAG_AND_SPACES.split(html)  # words, tag, words, ..., words
            if html.count("<") * 2 != len(pieces) - 1:
                return None  # a `<` in the text, not starting a tag
            words = pieces[0::2]
            pieces[0::2] = [_MARK if text else "" for text in words]
            shape = "".join(pieces)
            cut = self._checked.get(shape, _UNSEEN)
            if cut is _UNSEEN:
                cut = self._check(shape)
            if "" in words:
                words = [text for text in words if text]
        else:
            pieces = _SPLIT.split(html)  # text, tag, text, tag, ..., text
            if len(pieces) > 1 and not self._all_plain(pieces[1::2]):
                return None
            if html.count("<") * 2 != len(pieces) - 1:
                return None  # a `<` in the text, not starting a tag
            runs = _runs(pieces)
            if runs is None:
                return None
            words = runs
            cut = self._cut(pieces)
        if cut is None:
            return None
        if "*" in html or "_" in html or "&" in html:  # (an entity may stand for either)
            words = [self._escape(word) for word in words]
        literals, order = cut
        if not words:
            return literals[0]
        out = [""] * (2 * len(words) + 1)
        out[0::2] = literals
        out[1::2] = words if order is None else [words[n] for n in order]
        return "".join(out)

    def _cut(self, pieces: list[str]) -> _Shape | None:
        """markdownify's output for the shape `pieces` make, cut at its marks (once a shape)."""
        shape = "".join(pieces)
        cut = self._shapes.get(shape, _UNSEEN)
        if cut is _UNSEEN:
            converted = self._convert(_numbered(shape))
            # (never seen: markdownify adds only markup and line breaks to a shape)
            clean = converted.replace("\n", "").isprintable()
            cut = _cut(converted, shape.count(_MARK)) if clean else None
            if len(self._shapes) < MAX_SHAPES:
                self._shapes[shape] = cut
        return cut

    def _check(self, shape: str) -> _Shape | None:
        """`_cut` for a shape `_TAG_AND_SPACES` made, after the checks the other path makes on the
        field (plain tags only, every `<` opening one, at most one word a text run)."""
        pieces = _SPLIT.split(shape)
        cut: _Shape | None = None
        if (
            (len(pieces) == 1 or self._all_plain(pieces[1::2]))
            and shape.count("<") * 2 == len(pieces) - 1
            and all(text.replace(_MARK, "", 1).strip(" ") == "" for text in pieces[0::2])
        ):
            cut = self._cut(pieces)
        if len(self._checked) < MAX_SHAPES:
            self._checked[shape] = cut
        return cut


def _numbered(shape: str) -> str:
    """The shape as markdownify sees it: each run's mark numbered in order (`QZT0Z`, ...)."""
    parts = shape.split(_MARK)
    return parts[0] + "".join(f"{_MARK}{n}Z{part}" for n, part in enumerate(parts[1:]))


def _runs(pieces: list[str]) -> list[str] | None:
    """Each text piece's words swapped for the mark (in `pieces`); the words, or None when
    markdownify might treat an edge or an entity differently."""
    words: list[str] = []
    for index in range(0, len(pieces), 2):
        piece = pieces[index]
        if not piece:
            continue
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
            pieces[index] = run
        elif "\n" in core or core[0].isspace() or core[-1].isspace():
            return None  # markdownify strips some edges (a no-break space) itself
        else:
            lead = len(run) - len(run.lstrip(_EDGE))
            pieces[index] = f"{run[:lead]}{_MARK}{run[lead + len(core) :]}"
            words.append(core)
    return words
