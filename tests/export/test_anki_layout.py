"""Answers in view on a phone: cards rendered by the real Anki, laid out by Chromium at 390 px.

Anki scrolls the answer side to its `answer` marker; whatever sits above it is off screen on a
phone. Choice and diagram cards must show the ✓/✗ list and the filled ladder below the
marker, and the ladder must fit the width instead of being clipped.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from quizapp.export.anki import card_css, export_anki
from tests.export.conftest import NOW, import_apkg, load

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH, HEIGHT = 390, 844


def _answers(demo_dir: Path, tmp_path: Path, collection: Any) -> dict[str, str]:
    out = tmp_path / "demo.apkg"
    export_anki([load(demo_dir)], out, now=NOW)
    import_apkg(collection, out)
    answers = {}
    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        kind = card.note_type()["name"].removeprefix("quizapp ")
        answers[kind] = card.answer()
    return answers


def test_choice_and_diagram_answers_sit_below_the_marker(
    demo_dir: Path, tmp_path: Path, collection: Any
) -> None:
    answers = _answers(demo_dir, tmp_path, collection)
    for kind, marked in (
        ("choice", 'class="qz-options qz-checked"'),
        ("diagram", 'class="qz-filled"'),
    ):
        above, marker, below = answers[kind].partition('<hr id="answer">')
        assert marker, kind
        assert marked in below and marked not in above, kind
        # The front shown above the marker keeps its prompt; its options or blank ladder are
        # hidden by the stylesheet, since the marked copy below replaces them.
        assert 'class="qz-asked"' in above
    css = card_css()
    assert re.search(
        r"\.qz-asked \.qz-options, \.qz-asked \.qz-hint, \.qz-asked table\.qz-ladder"
        r" \{ display: none; \}",
        css,
    )
    assert "table-layout: fixed" in css and "overflow-wrap: anywhere" in css


def test_phone_sees_the_answer_and_the_whole_ladder(
    demo_dir: Path, tmp_path: Path, collection: Any
) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install '.[test]')")
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium; .ci/run does it)")
    answers = _answers(demo_dir, tmp_path, collection)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            for kind, selector in (
                ("choice", "ul.qz-checked"),
                ("diagram", "hr#answer ~ table.qz-ladder, hr#answer ~ * table.qz-ladder"),
            ):
                # As Anki's reviewer shows a card: the note type's CSS, body class "card".
                page.set_content(
                    f"<html><head><style>{card_css()}</style></head>"
                    f'<body class="card" style="margin: 0; padding: 8px">{answers[kind]}</body>'
                    "</html>"
                )
                box = page.evaluate(
                    """(selector) => {
                        const marker = document.querySelector('hr#answer');
                        marker.scrollIntoView();
                        const answer = document.querySelector(selector);
                        const a = answer.getBoundingClientRect();
                        const cells = [...answer.querySelectorAll('td, th, li')].map(
                            (c) => c.getBoundingClientRect().right);
                        return {marker: marker.getBoundingClientRect().top, top: a.top,
                                height: a.height, right: Math.max(a.right, ...cells),
                                scroll: answer.scrollWidth, client: answer.clientWidth,
                                page: document.documentElement.scrollWidth};
                    }""",
                    selector,
                )
                assert box["marker"] <= box["top"] < HEIGHT, (kind, box)
                assert box["height"] > 0, (kind, box)
                assert box["right"] <= WIDTH, (kind, box)
                assert box["page"] <= WIDTH, (kind, box)  # nothing scrolls sideways
                assert box["scroll"] <= box["client"] + 1, (kind, box)
        finally:
            browser.close()
