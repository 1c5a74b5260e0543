"""Hostile decks are refused or neutralised, each with a clear message."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.importer.anki.deck import import_deck
from quizapp.importer.anki.package import DeckError
from quizapp.packs.loader import load_pack
from tests.importer.conftest import AnkiBuilder

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
EVIL_FRONT = (
    "Q <script>alert(1)</script><img src=x onerror=alert(1)> "
    '<a href="javascript:alert(1)">click</a><iframe src="https://evil.example">in</iframe>'
    "\x1b[31mred\u202eevil &lt;b&gt;"
)
EVIL_BACK = (
    '<img src="../../etc/passwd"> <img src="/etc/shadow"> [sound:../x.mp3] '
    "<div>---</div><div>[en.answer]</div>A"
)


def test_scripts_controls_and_outside_files_are_neutralised(
    anki_deck: AnkiBuilder, tmp_path: Path
) -> None:
    apkg = anki_deck([("Basic", [EVIL_FRONT, EVIL_BACK])])
    result = import_deck(apkg, tmp_path / "packs", now=NOW)
    pack = load_pack(result.path)
    assert pack.problems == ()
    assert len(pack.questions) == 1
    written = "".join(p.read_text(encoding="utf-8") for p in result.path.glob("*.md"))
    assert "alert" not in written  # scripts and handlers dropped with their content
    assert "javascript" not in written
    assert re.search(r"(?<!\\)<", written) is None  # every '<' is an escaped literal
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", written)
    text = pack.questions[0].texts["en"]
    assert "click" in text.prompt and "\\<b>" in text.prompt
    assert "etc" not in text.answer and "../" not in written
    refused = [w for w in result.warnings if "outside the deck" in w]
    assert len(refused) == 4  # x, ../../etc/passwd, /etc/shadow, ../x.mp3
    assert text.answer.splitlines()[0] == "***"  # a '---' line cannot end the question


def test_zip_with_parent_paths_is_refused(tmp_path: Path) -> None:
    apkg = tmp_path / "evil.apkg"
    with zipfile.ZipFile(apkg, "w") as z:
        z.writestr("collection.anki2", b"x")
        z.writestr("../../outside.txt", b"gotcha")
    with pytest.raises(DeckError, match=r"unsafe path inside: '\.\./\.\./outside\.txt'"):
        import_deck(apkg, tmp_path / "packs", now=NOW)
    assert not (tmp_path / "outside.txt").exists()
    assert not (tmp_path / "packs").exists()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def test_a_huge_media_size_claim_is_left_out(anki_deck: AnkiBuilder, tmp_path: Path) -> None:
    import zstandard

    apkg = anki_deck(
        [("Basic", ['Flag <img src="big.png">', "back"])], media={"big.png": b"\x89PNG small"}
    )
    # Rewrite the media list to claim 1 GiB for the file (the zip member stays small).
    name = b"big.png"
    entry = b"\x0a" + _varint(len(name)) + name + b"\x10" + _varint(1 << 30)
    media = b"\x0a" + _varint(len(entry)) + entry
    forged = tmp_path / "forged.apkg"
    with zipfile.ZipFile(apkg) as src, zipfile.ZipFile(forged, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "media":
                data = zstandard.ZstdCompressor().compress(media)
            dst.writestr(info.filename, data)
    result = import_deck(forged, tmp_path / "packs", now=NOW)
    assert any("claims 1,073,741,824 bytes" in w for w in result.warnings)
    assert not (result.path / "media").exists()
    assert load_pack(result.path).problems == ()


def test_not_a_zip_says_so(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.apkg"
    bogus.write_text("hello")
    with pytest.raises(DeckError, match="not an Anki package"):
        import_deck(bogus, tmp_path / "packs", now=NOW)


def test_a_folder_holding_something_else_is_not_replaced(
    anki_deck: AnkiBuilder, tmp_path: Path
) -> None:
    from quizapp.errors import QuizappError

    apkg = anki_deck([("Basic", ["uno", "one"])])
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.txt").write_text("precious")
    with pytest.raises(QuizappError, match="is not pack 'spanish'"):
        import_deck(apkg, tmp_path / "packs", now=NOW, output=target)
    assert (target / "thesis.txt").read_text() == "precious"
