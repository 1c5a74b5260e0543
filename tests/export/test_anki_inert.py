"""Pack text arrives inert in Anki, rendered by the real Anki: a second language that orders its
cloze blanks differently leaks no answer, and `{{c1::`, `[sound:...]` and MathJax delimiters
in pack text stay text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quizapp.export.anki import export_anki

from .conftest import NOW, import_apkg, load

PACK_YAML = """\
id: inert
version: 1.0.0
title: {en: Inert, zh-CN: 惰性}
description: {en: d, zh-CN: d}
languages: [en, zh-CN]
license: CC0-1.0
authors: [me]
explanations: optional
"""

QUESTIONS = """\
---
id: order-differs
type: cloze
---
[en]
A {{SYN}} is answered by a {{SYN-ACK}}.

[zh-CN]
回应 {{SYN-ACK}} 的是之前的 {{SYN}}。

---
id: same-order
type: cloze
---
[en]
Then {{ACK}} and {{FIN}}.

[zh-CN]
然后 {{ACK}} 和 {{FIN}}。

---
id: live-looking
type: flashcard
---
[en]
Anki writes x as {{c1::x}} and plays [sound:evil.mp3]; MathJax reads
\\\\(x^2\\\\) and \\\\[y\\\\].

[en.answer]
Nothing here is live: [sound:a.mp3] \\\\(z\\\\)

[zh-CN]
同上 [sound:evil.mp3]

[zh-CN.answer]
同上
"""


def _pack(tmp_path: Path) -> Path:
    root = tmp_path / "packs" / "inert"
    root.mkdir(parents=True)
    (root / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    (root / "cards.md").write_text(QUESTIONS, encoding="utf-8")
    return root


def _visible(html: str) -> str:
    """The text a learner sees (tags gone; Anki shows a hidden blank as [...])."""
    return re.sub(r"<[^>]+>", "", html.split("</style>")[-1])


def test_both_languages_hide_the_same_answer_on_each_card(tmp_path: Path, collection: Any) -> None:
    export_anki([load(_pack(tmp_path))], tmp_path / "inert.apkg", now=NOW, lang="both")
    import_apkg(collection, tmp_path / "inert.apkg")
    nid = collection.find_notes('"Key:inert/order-differs"')[0]
    cards = sorted(collection.get_note(nid).cards(), key=lambda c: c.ord)
    assert len(cards) == 2  # one per blank of the first language
    # The zh-CN sentence orders the two blanks the other way round. Card 1 hides SYN and card
    # 2 SYN-ACK; neither may show its hidden answer in the other language (the zh-CN blanks
    # are hidden on both cards).
    for card, hidden in zip(cards, (r"SYN(?!-)", r"SYN-ACK"), strict=True):
        front = _visible(card.question())
        assert not re.search(hidden, front), front
        assert "回应 [...] 的是之前的 [...]" in front
        back = _visible(card.answer())
        assert "回应 SYN-ACK 的是之前的 SYN" in back
    same = collection.get_note(collection.find_notes('"Key:inert/same-order"')[0]).cards()
    first = min(same, key=lambda c: c.ord)
    # Blanks that line up stay one per card in both languages: card 1 hides ACK, shows FIN.
    front = _visible(first.question())
    assert "ACK" not in front and front.count("FIN") == 2


def test_anki_syntax_in_pack_text_stays_text(tmp_path: Path, collection: Any) -> None:
    export_anki([load(_pack(tmp_path))], tmp_path / "inert.apkg", now=NOW, lang="both")
    import_apkg(collection, tmp_path / "inert.apkg")
    card = collection.get_card(collection.find_cards('"Key:inert/live-looking"')[0])
    rendered = card.render_output(reload=True)
    # Nothing to play: Anki found no [sound:] in the card.
    assert not rendered.question_av_tags and not rendered.answer_av_tags
    front = _visible(rendered.question_text)
    assert "{{c1::x}}" in front
    assert "[sound&#58;evil.mp3]" in rendered.question_text
    # No MathJax delimiter survives as one run of text (MathJax matches within a run).
    for html in (rendered.question_text, rendered.answer_text):
        assert not re.search(r"\\[()\[\]]", html), html
    assert "MathJax reads\n\\(x^2\\) and \\[y\\]." in front  # as typed, once tags are gone
    # A literal {{c1:: in a cloze note's text is no deletion either.
    assert collection.get_note(card.nid).note_type()["type"] == 0


def test_our_importer_reads_blanks_hidden_on_every_card(tmp_path: Path) -> None:
    from quizapp.importer.anki.deck import import_deck

    export_anki([load(_pack(tmp_path))], tmp_path / "inert.apkg", now=NOW, lang="both")
    result = import_deck(tmp_path / "inert.apkg", tmp_path / "out", now=NOW, with_progress=True)
    draft = next(d for d in result.drafts if d.id == "order-differs")
    assert draft.texts["zh-CN"][0] == "回应 {{SYN-ACK}} 的是之前的 {{SYN}}。"
    assert draft.texts["en"][0] == "A {{SYN}} is answered by a {{SYN-ACK}}."
    assert sorted(draft.cards) == [0, 1]
