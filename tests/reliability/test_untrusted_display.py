"""Raw HTML in a pack's Markdown reaches the terminal as the characters the author typed.

(The Anki side, where the same text must arrive escaped, is tests/export/test_anki_safety.py.)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from quizapp.cli import main
from tests.packs.helpers import question, write_pack

if TYPE_CHECKING:
    from textual.widget import Widget

EVIL = "<script>alert(1)</script> and <b onclick=x()>bold</b>"
BODY = f"""\
[en]
Prompt {EVIL}

[en.answer]
Answer {EVIL}

[en.explanation]
Because {EVIL}

[zh-CN]
问 {EVIL}

[zh-CN.answer]
答 {EVIL}

[zh-CN.explanation]
因为 {EVIL}
"""


def test_pack_show_prints_html_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = write_pack(tmp_path, {"q.md": question("id: h\ntype: flashcard", body=BODY)})
    try:
        main(["pack", "show", str(pack), "--lang", "en"])
    except SystemExit as exc:
        assert not exc.code
    out = capsys.readouterr().out
    for part in ("<script>alert(1)</script>", "<b onclick=x()>bold</b>"):
        assert out.count(part) == 3, out  # prompt, answer, explanation: shown, not dropped


async def test_study_screen_markdown_shows_html_as_text() -> None:
    from textual.app import App, ComposeResult

    from quizapp.ui.widgets.markdown import pack_markdown

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield pack_markdown(f"Prompt {EVIL}\n\n<div>block html</div>\n")

    app = One()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        markdown = app.query_one("PackParagraphs, Markdown")  # paragraphs only, or any other
        blocks = markdown.children or [markdown]  # PackParagraphs draws its paragraphs itself
        shown = "\n".join(line for block in blocks for line in _lines(block))
    assert "<script>alert(1)</script>" in shown, shown
    assert "<b onclick=x()>bold</b>" in shown and "<div>block html</div>" in shown, shown


def _lines(block: Widget) -> list[str]:
    """The rendered text lines of one Markdown block (a Textual Content or Rich renderable)."""
    from rich.console import Console

    render = block.render()
    if hasattr(render, "plain"):
        return str(render.plain).splitlines()
    console = Console(width=100, record=True)
    console.print(render)
    return console.export_text().splitlines()
