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
from itertools import repeat

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
_SPACE_BEFORE_TAG = "\x01<"
"""` <` in a printable field (which never holds `\\x01`), so a tag starts with one of two
characters: a split on them is ~2x faster than on an optional space before the `<`."""
_TAG_AND_SPACES = re.compile(r"([\x01<]<?[^<>]*> ?)")
_EDGE = " \t\r\n"
_EMPTY = {"": ""}
"""`_EMPTY.get(run, _MARK)`: an empty run stays empty, words become the mark."""
MAX_SHAPES = 4096
"""Shapes remembered per deck (each a few hundred bytes)."""


def is_plain_tag(tag: str) -> bool:
    """A formatting tag whose attributes a tokenizer cannot misread."""
    match = _TAG.fullmatch(tag)
    return (
        match is not None
        and match.group(1).lower() in _PLAIN_TAGS
        and tag.count('"') % 2 == 0
        and tag.count("'") % 2 == 0
    )


_Shape = str
"""markdownify's output for a shape as a `str.format` template: its literal text (braces
doubled) with `{n}` where the shape's n-th run of words comes back (in the order it does)."""
_UNSEEN: _Shape = "\x00unseen"


def _cut(converted: str, runs: int) -> _Shape | None:
    parts = _PLACEHOLDER.split(converted)  # literal, number, literal, ..., literal
    order = [int(n) for n in parts[1::2]]
    if sorted(order) != list(range(runs)):
        return None  # markdownify dropped or doubled a run: not a plain shape
    parts[0::2] = [part.replace("{", "{{").replace("}", "}}") for part in parts[0::2]]
    parts[1::2] = [f"{{{n}}}" for n in order]
    return "".join(parts)


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
            if tag in self._other_tags or not is_plain_tag(tag):
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
            printable
            and "  " not in html
            and "&" not in html
            and html[:1] != " "
            and html[-1:] != " "
        ):
            # Single spaces inside only (a printable field has no other white space), no
            # entity: the space before a tag is moved into it (as a character no printable
            # field holds) and a tag takes the one space after it, so one split leaves the
            # words between tags as they are, and the shape is looked up already checked.
            pieces = _TAG_AND_SPACES.split(html.replace(" <", _SPACE_BEFORE_TAG))
            if html.count("<") * 2 != len(pieces) - 1:
                return None  # a `<` in the text, not starting a tag
            words = pieces[0::2]
            pieces[0::2] = map(_EMPTY.get, words, repeat(_MARK))  # (no Python frame a run)
            key = "".join(pieces)
            cut = self._checked.get(key, _UNSEEN)
            if cut is _UNSEEN:
                cut = self._check(key)
            if "" in words:
                words = list(filter(None, words))
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
        return cut.format(*words)

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

    def _check(self, key: str) -> _Shape | None:
        """`_cut` for the shape of a `_TAG_AND_SPACES` key, after the checks the other path
        makes on the field (plain tags only, every `<` opening one, at most one word a run)."""
        shape = key.replace(_SPACE_BEFORE_TAG, " <")
        pieces = _SPLIT.split(shape)
        cut: _Shape | None = None
        if (
            (len(pieces) == 1 or self._all_plain(pieces[1::2]))
            and shape.count("<") * 2 == len(pieces) - 1
            and all(text.replace(_MARK, "", 1).strip(" ") == "" for text in pieces[0::2])
        ):
            cut = self._cut(pieces)
        if len(self._checked) < MAX_SHAPES:
            self._checked[key] = cut
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
