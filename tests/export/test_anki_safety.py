"""Hostile packs: nothing an author writes reaches an Anki card as live HTML."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from quizapp.export.anki import export_anki

from .conftest import NOW, import_apkg, load

LIVE = re.compile(r"<\s*(script|img|b)\b|onerror\s*=\s*alert(?![^<]*&gt;)", re.I)


def _note_fields(apkg: Path, tmp_path: Path) -> list[str]:
    with zipfile.ZipFile(apkg) as z:
        z.extract("collection.anki2", tmp_path / "unzipped")
    conn = sqlite3.connect(tmp_path / "unzipped" / "collection.anki2")
    try:
        rows = conn.execute("SELECT flds FROM notes").fetchall()
    finally:
        conn.close()
    return [field for (flds,) in rows for field in flds.split("\x1f")]


def test_no_live_html_in_any_field(hostile_dir: Path, tmp_path: Path, collection: Any) -> None:
    out = tmp_path / "hostile.apkg"
    for lang in (None, "en", "zh-CN"):
        result = export_anki([load(hostile_dir)], out, now=NOW, lang=lang)
        assert result.notes == 6
        fields = _note_fields(out, tmp_path)
        assert fields, "no notes written"
        for field in fields:
            assert not LIVE.search(field), field
        text = "\n".join(fields)
        assert text.count("&lt;script&gt;") >= 20
        assert "&lt;img src=x onerror=alert(1)&gt;" in text

    import_apkg(collection, out)
    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        for html in (card.question(), card.answer()):
            body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
            assert "<script" not in body.lower()
            assert not re.search(r"<img[^>]*onerror", body, re.I), body


def test_cloze_answer_cannot_break_out(hostile_dir: Path, tmp_path: Path, collection: Any) -> None:
    out = tmp_path / "hostile.apkg"
    export_anki([load(hostile_dir)], out, now=NOW)
    import_apkg(collection, out)
    cid = collection.find_cards('"note:quizapp cloze"')[0]
    answer = collection.get_card(cid).answer()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answer


def test_an_image_name_cannot_inject_into_the_deck(
    tmp_path: Path, collection: Any, capsys: Any, monkeypatch: Any
) -> None:
    """`x.png" onerror="alert(1)` is refused by pack check, and an export (which takes packs
    as they are) writes a flat, safe media name: Anki's own card HTML has no onerror."""
    from quizapp.packs.cache import PackCache
    from quizapp.packs.loader import load_pack
    from tests.cli_helpers import run
    from tests.packs.helpers import question, write_pack

    name = 'x.png" onerror="alert(1)'
    prompt = f"See ![diagram](<{name}>)"
    pack = write_pack(
        tmp_path / "packs", {"q.md": question("id: a\ntype: typed\naccept: [x]", prompt)}
    )
    (pack / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    status, out, _ = run(["pack", "check", str(pack)], capsys)
    assert status == 1 and "q.md:7: image name" in out and "may hold only letters" in out
    # The exporter must hold on its own (a pack loaded by an older check, say): let it through.
    monkeypatch.setattr("quizapp.packs.links.SAFE_MEDIA_NAME", re.compile(".*"))
    out_file = tmp_path / "deck.apkg"
    export_anki([load_pack(pack, PackCache(None))], out_file, now=NOW, lang="en")
    fields = "\n".join(_note_fields(out_file, tmp_path))
    assert re.search(r'<img src="quizapp-demo-[0-9a-f]{12}" alt="diagram"', fields), fields
    import_apkg(collection, out_file)
    (cid,) = collection.find_cards("")
    html = collection.get_card(cid).question()
    assert "<img" in html and not re.search(r"<img[^>]*onerror", html, re.I), html
