"""Exported packages imported into a real Anki collection: counts, rendering, updates."""

from __future__ import annotations

import gc
import json
import re
import sqlite3
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import genanki
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.errors import QuizappError
from quizapp.export import anki as anki_export
from quizapp.export.anki import AnkiSchedule, deck_id, export_anki, model_id, note_guid

from .conftest import NOW, import_apkg, load


def _cards_by_type(col: Any) -> dict[str, list[Any]]:
    cards: dict[str, list[Any]] = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        cards.setdefault(card.note_type()["name"].removeprefix("quizapp "), []).append(card)
    for group in cards.values():
        group.sort(key=lambda c: c.ord)
    return cards


def _text(html: str) -> str:
    """Rendered card HTML without the stylesheet, tags collapsed to spaces."""
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_every_type_becomes_notes_and_cards(
    demo_dir: Path, tmp_path: Path, collection: Any
) -> None:
    out = tmp_path / "demo.apkg"
    result = export_anki([load(demo_dir)], out, now=NOW)
    assert result.notes == 6
    assert dict(result.by_type) == {t: 1 for t in anki_export._TEMPLATES}
    import_apkg(collection, out)

    assert collection.note_count() == 6
    cards = _cards_by_type(collection)
    counts = {t: len(c) for t, c in cards.items()}
    # The cloze example has two blanks, so two cards; every other type makes one card.
    assert counts == {"flashcard": 1, "choice": 1, "typed": 1, "cloze": 2, "order": 1, "diagram": 1}
    assert all(card.queue == 0 and card.type == 0 for group in cards.values() for card in group)
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert names == {"Default", "demo"}  # one deck per pack, named by its id
    note = collection.get_note(cards["flashcard"][0].nid)
    assert set(note.tags) == {"quizapp::demo::example"}
    assert note["Key"] == "demo/example-flashcard"


def test_cards_render_front_and_back_in_both_languages(
    demo_dir: Path, tmp_path: Path, collection: Any
) -> None:
    out = tmp_path / "demo.apkg"
    export_anki([load(demo_dir)], out, now=NOW)
    import_apkg(collection, out)
    cards = _cards_by_type(collection)

    flash = cards["flashcard"][0]
    q, a = _text(flash.question()), _text(flash.answer())
    assert "How many segments" in q and "TCP 建立连接" in q
    assert "Three: SYN" not in q
    assert "Three: SYN, SYN+ACK, ACK." in a and "三个" in a
    assert "travel together" in a and "RFC 9293 §3.5" in a
    assert q.index("How many") < q.index("TCP 建立连接")  # en then zh-CN

    choice = cards["choice"][0]
    q, a = _text(choice.question()), _text(choice.answer())
    assert "One" in q and "None" in q and "✓" not in q and "occupies one" not in q
    assert re.search(r"✓ [AB] One", a) and re.search(r"✗ [AB] None", a)
    assert "A SYN occupies one sequence number." in a and "纯 ACK 才不占序号" in a

    typed = cards["typed"][0]
    assert "[[type:Answer]]" in typed.question()
    assert collection.get_note(typed.nid)["Answer"] == "SYN_SENT"
    assert "SYN_SENT, SYN-SENT" in _text(typed.answer())

    c1, c2 = cards["cloze"]
    q1, a1 = c1.question(), c1.answer()
    assert "[...]" in q1 and "TIME_WAIT" not in _text(q1).replace("[...]", "")
    assert ">TIME_WAIT<" in a1 and ">2MSL<" in a1
    assert "[...]" in c2.question() and ">TIME_WAIT<" in c2.question()
    assert "2 MSL" in _text(c2.answer())  # the accepted alternatives on the back

    order = cards["order"][0]
    q, a = _text(order.question()), _text(order.answer())
    letters = dict(
        re.findall(
            r"([A-D]) (Client sends SYN|Server sends SYN\+ACK|Client sends ACK|Server sends FIN)", q
        )
    )
    by_step = {v: k for k, v in letters.items()}
    answer_part = _text(order.answer().split('id="answer"')[1])
    steps = ("Client sends SYN", "Server sends SYN+ACK", "Client sends ACK")
    positions = [answer_part.index(f"{by_step[s]} {s}") for s in steps]
    assert positions == sorted(positions)
    assert re.search(r"Not part of it.*" + by_step["Server sends FIN"] + " Server sends FIN", a)
    shuffled = [letters[k] for k in sorted(letters)]
    assert shuffled[:3] != ["Client sends SYN", "Server sends SYN+ACK", "Client sends ACK"]

    diagram = cards["diagram"][0]
    q, a = diagram.question(), diagram.answer()
    assert q.count('class="qz-blank"') == 3 and 'class="qz-filled"' not in q
    assert 'ack=<span class="qz-blank"><sup>1</sup>____</span>' in q
    assert "<sup>1</sup>x+1</span>" in a and "<sup>2</sup>y+1</span>" in a
    assert "<sup>3</sup>SYN_SENT</span>" in a
    assert "Client" in _text(q) and "客户端" in _text(q)


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"), [("en", "Client", "客户端"), ("zh-CN", "客户端", "Client")]
)
def test_single_language_cards(
    demo_dir: Path, tmp_path: Path, collection: Any, lang: str, shown: str, hidden: str
) -> None:
    out = tmp_path / "demo.apkg"
    export_anki([load(demo_dir)], out, now=NOW, lang=lang)
    import_apkg(collection, out)
    cards = _cards_by_type(collection)
    diagram = cards["diagram"][0]
    assert shown in _text(diagram.question()) and hidden not in _text(diagram.question())
    flash = _text(cards["flashcard"][0].answer())
    if lang == "en":
        assert "Three: SYN" in flash and "三个" not in flash
    else:
        assert "三个" in flash and "Three: SYN" not in flash
        assert "选择一项" in _text(cards["choice"][0].question())


def test_reexport_after_edit_updates_notes_and_keeps_reviews(
    demo_dir: Path, tmp_path: Path, collection: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "v1.apkg"
    export_anki([load(demo_dir)], first, now=NOW)
    import_apkg(collection, first)
    before = collection.note_count()
    card_ids = sorted(collection.find_cards(""))

    # Study the flashcard in Anki, so there is history to keep.
    flash_cid = collection.find_cards('"note:quizapp flashcard"')[0]
    card = collection.get_card(flash_cid)
    card.start_timer()
    collection.sched.answerCard(card, 3)
    reviewed = collection.get_card(flash_cid)
    assert reviewed.reps == 1

    examples = demo_dir / "examples.md"
    examples.write_text(
        examples.read_text(encoding="utf-8").replace(
            "Three: SYN, SYN+ACK, ACK.", "Three segments: SYN, SYN+ACK and ACK."
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(anki_export, "card_css", lambda: ".card { color: #123456; }")
    second = tmp_path / "v2.apkg"
    export_anki([load(demo_dir)], second, now=NOW + timedelta(minutes=5))
    import_apkg(collection, second)

    assert collection.note_count() == before
    assert sorted(collection.find_cards("")) == card_ids
    after = collection.get_card(flash_cid)
    assert "Three segments: SYN, SYN+ACK and ACK." in after.answer()
    assert after.reps == 1 and after.queue == reviewed.queue and after.due == reviewed.due
    assert len(collection.db.list("select id from revlog where cid = ?", flash_cid)) == 1
    # The note type changed too (its modification time is the export time).
    assert "#123456" in collection.models.get(model_id("flashcard"))["css"]


# Anki matches an imported note type, deck and note on these ids: if one ever changed, every
# user's next import would add a second copy of every note instead of updating it. They are
# the values quizapp has always written; never "fix" this table to follow the code.
GOLDEN_MODEL_IDS = {
    "flashcard": 4468260347823758107,
    "order": 4038509233845381327,
    "choice": 4218947924553810870,
    "diagram": 238740152952440320,
    "typed": 380439886259609405,
    "cloze": 1864928055983225881,
}
GOLDEN_DECK_IDS = {
    ("tcp-handshake", None): 687017976494644088,
    ("tcp-handshake", "teardown"): 1131126477699639023,
    ("demo", None): 1308232529038451611,
    ("demo", "examples"): 2598807169443865075,
}
GOLDEN_GUIDS = {
    ("tcp-handshake", "syn-flags"): "lZ;3hH|t?[",
    ("demo", "example-flashcard"): "sF(>Mr`C18",
}


def test_ids_never_change() -> None:
    assert {t: model_id(t) for t in anki_export._TEMPLATES} == GOLDEN_MODEL_IDS
    assert {key: deck_id(*key) for key in GOLDEN_DECK_IDS} == GOLDEN_DECK_IDS
    assert {key: note_guid(*key) for key in GOLDEN_GUIDS} == GOLDEN_GUIDS


def test_package_carries_the_golden_ids(demo_dir: Path, tmp_path: Path, collection: Any) -> None:
    out = tmp_path / "demo.apkg"
    export_anki([load(demo_dir)], out, now=NOW)
    with zipfile.ZipFile(out) as z:
        z.extract("collection.anki2", tmp_path / "unzipped")
    conn = sqlite3.connect(tmp_path / "unzipped" / "collection.anki2")
    try:
        (decks,) = conn.execute("SELECT decks FROM col").fetchone()
    finally:
        conn.close()
    assert str(GOLDEN_DECK_IDS[("demo", None)]) in json.loads(decks)

    import_apkg(collection, out)
    for qtype, mid in GOLDEN_MODEL_IDS.items():
        assert collection.models.get(mid)["name"] == f"quizapp {qtype}"
    (flash,) = collection.find_notes('"note:quizapp flashcard"')
    assert collection.get_note(flash).guid == GOLDEN_GUIDS[("demo", "example-flashcard")]


def test_export_pauses_the_cycle_collector_only_while_it_runs(
    demo_dir: Path, tmp_path: Path
) -> None:
    pack = load(demo_dir)
    gc.collect()
    export_anki([pack], tmp_path / "a.apkg", now=NOW)
    assert gc.isenabled()
    assert gc.collect() == 0  # the export made no reference cycles for the pause to leak
    with pytest.raises(QuizappError):
        export_anki([pack], tmp_path / "b.apkg", now=NOW, tag="no-such-tag")
    assert gc.isenabled()
    gc.disable()
    try:
        export_anki([pack], tmp_path / "c.apkg", now=NOW)
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_note_guid_is_genankis(pack_id: str, question_id: str) -> None:
    # Earlier exports used genanki.guid_for; a different GUID would duplicate every note.
    assert note_guid(pack_id, question_id) == genanki.guid_for(pack_id, question_id)


def test_topics_become_sub_decks(demo_dir: Path, tmp_path: Path, collection: Any) -> None:
    (demo_dir / "more.md").write_text(
        "---\nid: extra\ntype: flashcard\ntags: [x]\n---\n[en]\nQ?\n\n[en.answer]\nA.\n\n"
        "[en.explanation]\nE.\n\n[zh-CN]\n问?\n\n[zh-CN.answer]\n答。\n\n[zh-CN.explanation]\n解。\n",
        encoding="utf-8",
    )
    out = tmp_path / "demo.apkg"
    result = export_anki([load(demo_dir)], out, now=NOW)
    assert result.decks == 3  # the pack's deck and its two sub-decks
    import_apkg(collection, out)
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {n for n in names if "::" in n} == {"demo::01 examples", "demo::02 more"}
    tagged = tmp_path / "tagged.apkg"
    assert export_anki([load(demo_dir)], tagged, now=NOW, tag="x").notes == 1


def test_pack_images_travel_in_the_package(demo_dir: Path, tmp_path: Path, collection: Any) -> None:
    (demo_dir / "img").mkdir()
    (demo_dir / "img" / "ladder.png").write_bytes(b"\x89PNG\r\n\x1a\nnot-really-a-png")
    examples = demo_dir / "examples.md"
    examples.write_text(
        examples.read_text(encoding="utf-8").replace(
            "Three: SYN, SYN+ACK, ACK.", "Three: SYN, SYN+ACK, ACK.\n\n![ladder](img/ladder.png)"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "img.apkg"
    export_anki([load(demo_dir)], out, now=NOW)
    import_apkg(collection, out)
    flash = collection.get_card(collection.find_cards('"note:quizapp flashcard"')[0])
    name = re.search(r'<img src="([^"]+)"', flash.answer())
    assert name and name.group(1).startswith("quizapp-demo-") and name.group(1).endswith(".png")
    stored = Path(collection.media.dir()) / name.group(1)
    assert stored.read_bytes() == b"\x89PNG\r\n\x1a\nnot-really-a-png"


def test_new_cards_come_in_pack_file_order(tmp_path: Path, collection: Any) -> None:
    # Topics whose names sort the other way round: Anki must still start with the basics.
    root = tmp_path / "packs" / "order"
    root.mkdir(parents=True)
    (root / "pack.yaml").write_text(
        "id: order\nversion: 1.0.0\ntitle: {en: Order}\ndescription: {en: d}\n"
        "languages: [en]\nlicense: CC0-1.0\nauthors: [me]\n",
        encoding="utf-8",
    )
    for file_name, topic, ids in (
        ("01-zebra.md", "zebra", ["z3", "z1", "z2"]),
        ("02-apple.md", "apple", ["a2", "a1"]),
    ):
        (root / file_name).write_text(
            "".join(
                f"---\nid: {qid}\ntype: flashcard\ntopic: {topic}\n---\n"
                f"[en]\nQ {qid}?\n\n[en.answer]\nA.\n\n[en.explanation]\nE.\n\n"
                for qid in ids
            ),
            encoding="utf-8",
        )
    out = tmp_path / "order.apkg"
    export_anki([load(root)], out, now=NOW)
    import_apkg(collection, out)

    names = [d.name for d in collection.decks.all_names_and_ids() if "::" in d.name]
    assert sorted(names) == ["order::01 zebra", "order::02 apple"]
    # Anki's own new queue over the whole pack, in the order it would show the cards.
    collection.decks.select(collection.decks.id_for_name("Order"))
    collection.sched.extend_limits(new=100, rev=0)
    shown = []
    for _ in range(5):
        card = collection.sched.getCard()
        assert card is not None and card.queue == 0
        shown.append(collection.get_note(card.nid)["Key"].removeprefix("order/"))
        collection.sched.answerCard(card, 3)
    assert shown == ["z3", "z1", "z2", "a2", "a1"]


def test_what_anki_users_expect(demo_dir: Path, tmp_path: Path, collection: Any) -> None:
    pack_yaml = demo_dir / "pack.yaml"
    pack_yaml.write_text(
        pack_yaml.read_text(encoding="utf-8")
        .replace("[SYN_RECEIVED, SYN_RECV, SYN-RCVD]", "[SYN_SENT, SYN-SENT-STATE]")
        .replace('authors: ["Your Name"]', 'authors: ["Ada <b>L</b>"]'),
        encoding="utf-8",
    )
    pack = load(demo_dir)
    leech = AnkiSchedule(
        "review", NOW + timedelta(days=2), 2, reps=12, lapses=8, suspended=True, leech=True
    )
    out = tmp_path / "demo.apkg"
    export_anki([pack], out, now=NOW, schedules={"demo/example-flashcard": leech})
    import_apkg(collection, out, with_scheduling=True)

    # Tags in one tree per pack, and Anki's own leech tag on the leech (suspended, as Anki does).
    flash = collection.get_card(collection.find_cards('"note:quizapp flashcard"')[0])
    assert sorted(flash.note().tags) == ["leech", "quizapp::demo::example"]
    assert flash.queue == -1
    assert collection.find_cards("tag:quizapp::demo::example")
    assert collection.find_cards("tag:leech") == [flash.id]
    # The typed card's back lists the pack synonym the app would accept too.
    typed = collection.get_card(collection.find_cards('"note:quizapp typed"')[0])
    assert "Accepted: SYN_SENT, SYN-SENT Accepted: SYN-SENT-STATE" in _text(typed.answer())
    # The deck's overview shows what the pack is, who wrote it and its licence, escaped.
    deck = collection.decks.by_name("demo")
    assert deck is not None
    about = deck["desc"]
    assert "What this pack teaches, in one sentence." in about
    assert "用一句话说明这个题库教什么。" in about
    assert "Ada &lt;b&gt;L&lt;/b&gt;" in about and "<b>" not in about
    assert "Licence: CC-BY-4.0" in about and "<code>demo</code> 0.1.0" in about
