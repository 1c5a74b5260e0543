"""The importer's fast paths give what the slow ones give: markdownify once per field shape
(importer/anki/skeleton.py) against markdownify on every field, and the pack writer's own
header emitter against what YAML reads back."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizapp.importer.anki.fields import FieldConverter, body_safe, clean_text, safe_lines
from quizapp.packs.writer import _dump, _fast_dump

_TAGS = ["b", "i", "em", "strong", "u", "s", "div", "p", "span", "br", "ul", "ol", "li", "sub"]
_OTHER = ["a", "code", "pre", "table", "td", "h2", "img", "script", "blockquote"]
_WORDS = [
    "SYN",
    "a*b",
    "x_y",
    "1 < 2",
    "&amp;",
    "&lt;b&gt;",
    "&nbsp;",
    "&#42;",
    "&bogus;",
    "&#128;",
    "&#0;",
    "&#x1F600;",
    "&amp",
    " ",
    "  two  spaces ",
    "\n",
    "line\nbreak",
    "\t",
    "\u00a0edge\u00a0",
    "# head",
    "1. item",
    "- dash",
    "[en]",
    "---",
    "`tick`",
    "QZT0Z",
    "trailing ",
    " leading",
    'say "hi"',
    "a > b",
    "a>b",
    ">",
    "bell\x07",
    "\u202eevil",
    "zero\u200bwidth",
    "x\u2028y",
    "é 中",
]


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5))
        if kind <= 2 or depth >= 3:
            parts.append(draw(st.sampled_from(_WORDS)))
        elif kind == 3:
            parts.append(draw(st.sampled_from(["<br>", "<br/>", "<br />", "<hr>"])))
        else:
            name = draw(st.sampled_from(_TAGS if kind == 4 else _TAGS + _OTHER))
            attrs = draw(st.sampled_from(["", ' class="x"', " style='color:red'", ' title="a>b"']))
            inner = draw(_html(depth + 1))
            parts.append(f"<{name}{attrs}>{inner}</{name}>")
    return "".join(parts)


def _slow(fields: FieldConverter, html: str) -> str:
    """to_markdown with the shape cache switched off."""
    shapes = fields._shapes
    fields._shapes = type("Off", (), {"to_markdown": staticmethod(lambda html, _p=None: None)})()
    try:
        return fields.to_markdown(html)
    finally:
        fields._shapes = shapes


@settings(max_examples=250, deadline=None)
@given(st.lists(_html(), min_size=1, max_size=4))
@example(["What does segment <b>12</b> carry?", "What does segment <b>13</b> carry?"])
@example(["<ul><li>RFC 9293</li><li>case 4</li></ul>", "<ul><li>RFC</li><li>x_y</li></ul>"])
@example(["<b> spaced </b>x", "<div/>a", "<b>\u00a0x</b><div>y</div>"])
@example(["a <b>x</b> y", " <i>x</i> ", "<b>a*b</b> &lt;i&gt;", "<i>b</i><b>a</b>"])
def test_shape_cache_gives_markdownify_output(fields_html: list[str]) -> None:
    fast = FieldConverter(set(), lambda _: None)
    slow = FieldConverter(set(), lambda _: None)
    for html in fields_html:  # one converter per deck: later fields reuse earlier shapes
        assert fast.to_markdown(html) == _slow(slow, html), html


def test_plain_shapes_take_the_fast_path() -> None:
    fields = FieldConverter(set(), lambda _: None)
    for n in range(3):
        fields.to_markdown(f"What does <b>segment {n}</b> carry? <i>a_{n}</i>")
        fields.to_markdown(f"<ul><li>RFC {n}</li><li>case</li></ul>")
    assert len(fields._shapes._shapes) == 2
    assert fields._shapes.to_markdown('<a href="https://x.org">x</a>') is None
    assert fields._shapes.to_markdown("<code>a_b</code>") is None


_TEXT = st.lists(
    st.sampled_from(["a", "Z", "9", " ", "\n", "\t", "\r", "-", "*", "_", "[", "]", "<", "&"])
    | st.sampled_from(["#", "\\", "\x00", "\x0c", "\x1f", "\x7f", "\u00a0", "\u202e", "中", "é"])
    | st.sampled_from(["---", "[en]", "[sound:x.mp3]", "\n\n\n", " \n", "word"]),
    max_size=16,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
@example("Plain question 12")
@example("---")
@example(" x")
@example("[en.answer]")
def test_plain_text_fast_path_gives_the_plain_path_output(text: str) -> None:
    """A field with no markup skips the escaping, cleaning and line checks when they would
    change nothing; it must still come out as the full plain-text path writes it."""
    fields = FieldConverter(set(), lambda _: None)
    if "<" in text or "&" in text or "[sound:" in text:
        return  # not plain text: the HTML paths (above) convert it
    slow = safe_lines(fields._converter.escape(clean_text(text), set()))
    assert fields.to_markdown(text) == slow


@settings(max_examples=400, deadline=None)
@given(_TEXT)
@example("a\nb")
@example("a \nb")
@example("a\n---\nb")
@example("a\n\n\nb")
@example("a\n[en]\nb")
def test_body_safe_fast_paths_give_the_line_loop_output(text: str) -> None:
    assert body_safe(text) == safe_lines(text)


_SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=30),
    st.sampled_from(["yes", "No", "null", "~", "1e3", "2026-01-01", "12:30", "a: b", "a #b", "-x"]),
)


@settings(max_examples=250, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=12),
        st.one_of(_SCALARS, st.lists(_SCALARS, max_size=4)),
        min_size=1,
        max_size=5,
    )
)
@example({"id": "n-1a2b", "type": "typed", "accept": ["SYN_SENT"], "reverse": True})
@example({"id": "x", "tags": ["on", "Off", "[a]", "a, b", "\u2028", "\x85", "\ufeff"]})
def test_header_emitter_reads_back_as_written(header: dict[str, Any]) -> None:
    assert yaml.safe_load(_dump(header)) == header


def test_usual_headers_skip_the_yaml_emitter() -> None:
    text = _fast_dump({"id": "n-1a2b", "type": "cloze", "tags": ["tcp/handshake", "x y"]})
    assert text == "id: n-1a2b\ntype: cloze\ntags: [tcp/handshake, x y]\n"


def test_odd_white_space_is_every_white_space_but_the_space_and_unprintable() -> None:
    """The shape cache's fast check: `_ODD_SPACE` finds what `\\s` finds but the space, and
    a printable field holds none of it (so it is not even searched)."""
    import re
    import sys

    from quizapp.importer.anki.skeleton import _ODD_SPACE

    white = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        odd = white.match(char) is not None and char != " "
        assert (_ODD_SPACE.match(char) is not None) == odd, hex(code)
        assert not (odd and char.isprintable()), hex(code)
