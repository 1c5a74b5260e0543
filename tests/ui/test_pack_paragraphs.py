"""Pack text that is only paragraphs is drawn by `PackParagraphs` (no Markdown parser at
start-up); it must draw exactly what Textual's Markdown widget draws: the same lines, the
same styles, the same heights, in dark and light themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Markdown

from quizapp.packs import inline
from quizapp.packs.loader import load_pack
from quizapp.packs.markdown import new_parser
from quizapp.ui.widgets.markdown import PackParagraphs, pack_markdown

PACK = Path(__file__).resolve().parents[2] / "content" / "tcp-handshake"
CRAFTED = [
    "One line.",
    "Two\nlines, a soft break.",
    "Hard  \nbreak and `code` and **bold `code`** and *em **both***.",
    "~~gone~~ and *a*b* and __under__ and `a  b` and tabs\tand   spaces.",
    "First paragraph.\n\nSecond with 中文 and `代码` 和 **粗体**，标点。",
    "A long paragraph " + "that wraps across several lines " * 12 + "to the end.",
    "<script>alert(1)</script> and <b onclick=x()>bold</b> stay text.",
]


def texts() -> list[str]:
    pack = load_pack(PACK)
    found = {
        part
        for q in pack.questions
        for t in q.texts.values()
        for part in (t.prompt, t.answer, t.explanation)
        if part
    }
    every = sorted(found)
    return every[:: max(1, len(every) // 60)] + CRAFTED  # a spread of 60: mounting is slow


class Pairs(App[None]):
    def __init__(self, shown: list[str], dark: bool) -> None:
        super().__init__()
        self.shown = shown
        self.theme = "textual-dark" if dark else "textual-light"

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for text in self.shown:
                found = inline.paragraphs(text)
                assert found is not None
                yield PackParagraphs(found)
                yield Markdown(text, parser_factory=new_parser, open_links=False)


Cell = tuple[str, object]


def cells(strip: Strip) -> list[Cell]:
    """A drawn line as (character, style) per terminal cell ("" for a wide one's 2nd cell);
    styles without their meta (the text-selection offsets each widget tags its text with)."""
    out: list[Cell] = []
    for segment in strip:
        style = segment.style.clear_meta_and_links() if segment.style else None
        for char in segment.text:
            out.append((char, style))
            out.extend([("", style)] * (cell_len(char) - 1))
    return out


def drawn(widget: Widget) -> tuple[object, list[list[Cell]]]:
    """The widget's size and its lines as drawn, every cell's character and style: its own
    lines with each child's drawn over them at the child's place (Textual's Markdown widget
    draws a paragraph per child; ours draws them in one widget)."""
    grid = [cells(strip) for strip in widget.render_lines(Region(0, 0, *widget.region.size))]
    for child in widget.children:
        dx, dy = child.region.x - widget.region.x, child.region.y - widget.region.y
        for y, strip in enumerate(child.render_lines(Region(0, 0, *child.region.size))):
            grid[dy + y][dx : dx + child.region.width] = cells(strip)
    return widget.region.size, grid


@pytest.mark.parametrize("dark", [True, False])
async def test_paragraphs_draw_as_textuals_markdown_does(dark: bool) -> None:
    shown = [text for text in texts() if inline.paragraphs(text) is not None]
    assert len(shown) > 60  # nearly every prompt and explanation of the TCP pack
    app = Pairs(shown, dark)
    async with app.run_test(size=(72, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        ours = list(app.query(PackParagraphs))
        theirs = list(app.query(Markdown))
        assert len(ours) == len(theirs) == len(shown)
        for text, a, b in zip(shown, ours, theirs, strict=True):
            assert drawn(a) == drawn(b), text


def test_other_markdown_goes_to_textuals_widget() -> None:
    for text in [
        "- a list",
        "1. numbered",
        "# heading",
        "> quote",
        "```\ncode\n```",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "a [link](https://example.com)",
        "![image](x.png)",
        "",
    ]:
        assert inline.paragraphs(text) is None, text
        assert isinstance(pack_markdown(text), Markdown)


def test_spans_survive_the_pack_cache() -> None:
    text = "Send **`SYN`** *then* wait."
    found = inline.paragraphs(text)
    assert found == (
        ("Send SYN then wait.", ((5, 8, "code_inline"), (5, 8, "strong"), (9, 13, "em"))),
    )
    assert inline.restore(inline.plain(found)) == found
    assert inline.restore("junk") is None
