"""Our own export comes back: export -> import gives the same questions, answers and ids."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizapp.export.anki import export_anki
from quizapp.importer.anki.deck import import_deck
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.packs.markdown import to_html
from tests.conftest import CONTENT

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _same_in_every_language(value: Any) -> Any:
    """A LocalText written as a mapping of equal texts means the same as one string."""
    if isinstance(value, dict):
        texts = list(value.values())
        if texts and all(isinstance(t, str) for t in texts) and len(set(texts)) == 1:
            return texts[0]
        return {k: _same_in_every_language(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_in_every_language(v) for v in value]
    return value


def _header(header: dict[str, Any]) -> dict[str, Any]:
    # topic comes from the file name; `protocol` is not carried by the Anki cards.
    out = {k: _same_in_every_language(v) for k, v in header.items() if k not in ("topic",)}
    out.pop("protocol", None)
    if "options" in out:  # shown shuffled on the card: compare as a set
        out["options"] = sorted(map(repr, out["options"]))
    return out


def _rendered(markdown: str) -> str:
    return " ".join(to_html(markdown).split())


def test_tcp_pack_round_trips(tmp_path: Path) -> None:
    original = load_pack(CONTENT / "tcp-handshake", PackCache(None))
    apkg = tmp_path / "tcp.apkg"
    export_anki([original], apkg, now=NOW)
    result = import_deck(apkg, tmp_path / "packs", now=NOW)
    back = load_pack(result.path, PackCache(None))
    assert back.problems == ()
    assert back.id == original.id and back.languages == original.languages
    # The deck description carries the pack's own words (the deck is named by the pack id).
    assert back.meta is not None and original.meta is not None
    assert back.meta.title == original.meta.title
    assert back.meta.description == original.meta.description
    assert (back.meta.authors, back.meta.license) == (original.meta.authors, original.meta.license)
    again = {q.id: q for q in back.questions}
    assert set(again) == {q.id for q in original.questions}
    for question in original.questions:
        twin = again[question.id]
        assert twin.type == question.type, question.id
        assert twin.topic == question.topic, question.id
        assert twin.tags == question.tags, question.id
        assert _header(twin.header) == _header(question.header), question.id
        for lang, text in question.texts.items():
            for mine, theirs in zip(text, twin.texts[lang], strict=True):
                assert _rendered(theirs) == _rendered(mine), (question.id, lang)


REVERSIBLE = """\
---
id: greet
type: flashcard
reverse: true
---
[en]
hola

[en.answer]
hello

[en.explanation]
A greeting.
"""


def test_reversible_flashcard_exports_as_basic_and_reversed_and_comes_back(
    tmp_path: Path,
) -> None:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    pack_dir = tmp_path / "rev"
    pack_dir.mkdir()
    (pack_dir / "pack.yaml").write_text(
        "id: rev\nversion: 1.0.0\ntitle: Rev\ndescription: x\nlanguages: [en]\n"
        "license: CC0-1.0\nauthors: [me]\n"
    )
    (pack_dir / "words.md").write_text(REVERSIBLE)
    pack = load_pack(pack_dir, PackCache(None))
    assert pack.problems == ()
    apkg = tmp_path / "rev.apkg"
    export_anki([pack], apkg, now=NOW)
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "c.anki2"))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions())
        )
        cards = [col.get_card(cid) for cid in col.find_cards("")]
        shown = sorted(c.question() for c in cards)
        assert len(cards) == 2
        assert any("hola" in q and "hello" not in q for q in shown)
        assert any("hello" in q and "hola" not in q for q in shown)
        # Anki's own export of it (schema 18: the description sits in the deck's protobuf)
        from anki.collection import ExportAnkiPackageOptions
        from anki.import_export_pb2 import ExportLimit

        col.export_anki_package(
            out_path=str(tmp_path / "from-anki.apkg"),
            options=ExportAnkiPackageOptions(with_media=True),
            limit=ExportLimit(),
        )
    finally:
        col.close()
    for source in (apkg, tmp_path / "from-anki.apkg"):
        result = import_deck(source, tmp_path / "packs", now=NOW)
        back = load_pack(result.path, PackCache(None))
        assert [(q.id, q.header.get("reverse")) for q in back.questions] == [("greet", True)]
        assert back.meta is not None, source
        assert (back.meta.title, back.meta.description) == ("Rev", "x"), source
        assert (back.meta.license, back.meta.authors) == ("CC0-1.0", ["me"]), source


def test_each_direction_carries_its_own_progress_into_anki(tmp_path: Path) -> None:
    from datetime import timedelta

    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    from quizapp.export.anki import AnkiSchedule

    pack_dir = tmp_path / "rev"
    pack_dir.mkdir()
    (pack_dir / "pack.yaml").write_text(
        "id: rev\nversion: 1.0.0\ntitle: Rev\ndescription: x\nlanguages: [en]\n"
        "license: CC0-1.0\nauthors: [me]\n"
    )
    (pack_dir / "words.md").write_text(REVERSIBLE)
    pack = load_pack(pack_dir, PackCache(None))
    schedules = {
        "rev/greet~reverse": AnkiSchedule(
            state="review", due=NOW + timedelta(days=9), interval_days=12, reps=4, lapses=1
        )
    }
    apkg = tmp_path / "rev.apkg"
    assert export_anki([pack], apkg, now=NOW, schedules=schedules).with_progress == 1
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "c.anki2"))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(apkg), options=ImportAnkiPackageOptions(with_scheduling=True)
            )
        )
        by_ord = {c.ord: c for c in (col.get_card(cid) for cid in col.find_cards(""))}
        assert by_ord[0].type == 0  # the forward direction was never studied: new
        assert (by_ord[1].type, by_ord[1].ivl, by_ord[1].reps, by_ord[1].lapses) == (2, 12, 4, 1)
        assert "hello" in by_ord[1].question() and "hola" not in by_ord[1].question()
    finally:
        col.close()


def test_the_reverse_direction_is_read_for_export_with_progress(tmp_path: Path) -> None:
    from quizapp.domain import Grade
    from quizapp.export.schedule import schedules_from
    from quizapp.services.cards import stored_progress
    from quizapp.services.study import StudySession

    pack_dir = tmp_path / "rev"
    pack_dir.mkdir()
    (pack_dir / "pack.yaml").write_text(
        "id: rev\nversion: 1.0.0\ntitle: Rev\ndescription: x\nlanguages: [en]\n"
        "license: CC0-1.0\nauthors: [me]\n"
    )
    (pack_dir / "words.md").write_text(REVERSIBLE)
    pack = load_pack(pack_dir, PackCache(None))
    db = tmp_path / "q.db"
    session = StudySession.open(db, [pack], clock=lambda: NOW)
    try:
        session.answer("rev/greet~reverse", Grade.EASY)
    finally:
        session.close()
    stored = stored_progress(db, [pack])
    schedules = schedules_from(stored.cards, stored.settings, stored.answers)
    assert list(schedules) == ["rev/greet~reverse"]
    assert schedules["rev/greet~reverse"].state == "review"
