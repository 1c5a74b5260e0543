"""Decks made by the real Anki import question by question, and pass `pack check`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.importer.anki.deck import import_deck
from quizapp.packs.directions import REVERSE_SUFFIX, study_questions
from quizapp.packs.loader import load_pack
from tests.importer.conftest import AnkiBuilder

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32

EVERY_TYPE = [
    ("Basic", ["What is <b>hablar</b>?", "to <i>speak</i><br>(regular)"]),
    ("Basic (and reversed card)", ["comer", "to eat"]),
    ("Basic (optional reversed card)", ["vivir", "to live", "y"]),
    ("Basic (optional reversed card)", ["ser", "to be", ""]),
    ("Basic (type in the answer)", ["yo ___ (hablar)", "hablo"]),
    ("Cloze", ["{{c1::Hablo}} español y {{c2::como}} tapas", "<i>present tense</i>"]),
]


@pytest.mark.parametrize("legacy", [False, True], ids=["anki21b", "legacy"])
def test_every_stock_note_type_becomes_its_question(
    anki_deck: AnkiBuilder, tmp_path: Path, legacy: bool
) -> None:
    apkg = anki_deck(EVERY_TYPE, legacy=legacy)
    result = import_deck(apkg, tmp_path / "packs", now=NOW)
    pack = load_pack(result.path)
    assert pack.problems == ()
    assert pack.id == "spanish"
    by_prompt = {q.texts["en"].prompt: q for q in pack.questions}
    basic = by_prompt["What is **hablar**?"]
    assert basic.type == "flashcard" and basic.texts["en"].answer == "to *speak*\\\n(regular)"
    assert not basic.header.get("reverse")
    assert by_prompt["comer"].header["reverse"] is True
    assert by_prompt["vivir"].header["reverse"] is True
    assert not by_prompt["ser"].header.get("reverse")  # 'Add Reverse' left empty
    typed = by_prompt["yo \\_\\_\\_ (hablar)"]
    assert typed.type == "typed" and typed.header["accept"] == ["hablo"]
    cloze = next(q for q in pack.questions if q.type == "cloze")
    assert cloze.texts["en"].prompt == "{{Hablo}} español y {{como}} tapas"
    assert cloze.texts["en"].explanation == "*present tense*"
    assert result.warnings == []
    assert {q.topic for q in pack.questions} == {"verbs"}
    # Each reversible flashcard is two study cards; the reverse asks the back.
    directions = {q.id: q for q in study_questions(pack.questions)}
    reverse = directions[by_prompt["comer"].id + REVERSE_SUFFIX]
    assert reverse.texts["en"].prompt == "to eat" and reverse.texts["en"].answer == "comer"
    assert len(directions) == len(pack.questions) + 2


def test_other_note_types_become_flashcards_with_a_warning(
    anki_deck: AnkiBuilder, tmp_path: Path
) -> None:
    def add_type(col: object) -> None:
        from anki.collection import Collection

        assert isinstance(col, Collection)
        models = col.models
        model = models.new("Vocab (3 fields)")
        for name in ("Word", "Meaning", "Example"):
            models.add_field(model, models.new_field(name))
        template = models.new_template("Card 1")
        template["qfmt"] = "{{Word}}<br>{{Example}}"
        template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}"
        models.add_template(model, template)
        models.add(model)
        note = col.new_note(model)
        note.fields[:] = ["gato", "cat", "El gato duerme."]
        deck_id = col.decks.id("Spanish::Verbs")
        assert deck_id is not None
        col.add_note(note, deck_id)

    apkg = anki_deck([("Basic", ["uno", "one"])], study=add_type)
    result = import_deck(apkg, tmp_path / "packs", now=NOW)
    pack = load_pack(result.path)
    assert pack.problems == ()
    gato = next(q for q in pack.questions if q.texts["en"].prompt == "gato")
    assert gato.type == "flashcard" and gato.texts["en"].answer == "cat"
    assert any("'Vocab (3 fields)'" in w and "first two fields" in w for w in result.warnings)


def test_media_is_copied_and_linked(anki_deck: AnkiBuilder, tmp_path: Path) -> None:
    apkg = anki_deck(
        [("Basic", ['Flag? <img src="flag es.png">', "Spain [sound:hola.mp3]"])],
        media={"flag es.png": PNG, "hola.mp3": b"ID3" + b"\0" * 10},
    )
    result = import_deck(apkg, tmp_path / "packs", now=NOW)
    pack = load_pack(result.path)
    assert pack.problems == ()
    question = pack.questions[0]
    assert question.texts["en"].prompt == "Flag? ![](media/flag%20es.png)"
    assert question.texts["en"].answer == "Spain [sound](media/hola.mp3)"
    assert (result.path / "media" / "flag es.png").read_bytes() == PNG
    assert result.media == 2


def test_a_newer_deck_updates_the_pack_in_place(anki_deck: AnkiBuilder, tmp_path: Path) -> None:
    from anki.collection import Collection, ExportAnkiPackageOptions
    from anki.import_export_pb2 import ExportLimit

    apkg = anki_deck([("Basic", ["uno", "one"]), ("Basic", ["dos", "two"])])
    first = import_deck(apkg, tmp_path / "packs", now=NOW)
    ids = sorted(q.id for q in load_pack(first.path).questions)
    col = Collection(str(tmp_path / "anki-deck.apkg" / "collection.anki2"))
    try:
        note = col.get_note(col.find_notes("uno")[0])
        note["Back"] = "one (1)"
        col.update_note(note)
        col.export_anki_package(
            out_path=str(apkg),
            options=ExportAnkiPackageOptions(with_media=True),
            limit=ExportLimit(),
        )
    finally:
        col.close()
    second = import_deck(apkg, tmp_path / "packs", now=NOW)
    assert second.path == first.path
    pack = load_pack(second.path)
    assert sorted(q.id for q in pack.questions) == ids
    assert {q.texts["en"].answer for q in pack.questions} == {"one (1)", "two"}
    assert [p.name for p in (tmp_path / "packs").iterdir()] == ["spanish"]


def test_cli_import_then_pack_check(anki_deck: AnkiBuilder, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from quizapp.cli import cli

    apkg = anki_deck(EVERY_TYPE)
    out = tmp_path / "imported"
    runner = CliRunner()
    done = runner.invoke(cli, ["import", "anki", str(apkg), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "6 questions (1 cloze, 4 flashcard, 1 typed, 2 reversible)" in done.output
    checked = runner.invoke(cli, ["pack", "check", str(out)])
    assert checked.exit_code == 0 and "0 errors" in checked.output


async def test_an_imported_deck_studies_in_the_app(anki_deck: AnkiBuilder, tmp_path: Path) -> None:
    import sqlite3

    from quizapp.ui.factory import create_app
    from quizapp.ui.screens.study import StudyScreen

    apkg = anki_deck([("Basic", ["uno", "one"])])
    result = import_deck(apkg, tmp_path / "packs", now=NOW)
    db = tmp_path / "quiz.db"
    app = create_app(db, [], [str(result.path)], clock=lambda: NOW, seed=1, study_now=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.question is not None
        assert screen.question.texts["en"].prompt == "uno"
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT c.pack_id, r.grade FROM review r JOIN card c ON c.id = r.card_id"
        ).fetchall()
    finally:
        conn.close()
    assert rows == [("spanish", 3)]


def test_cli_with_progress_logs_the_history(anki_deck: AnkiBuilder, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from quizapp.cli import cli
    from tests.importer.test_anki_progress import _schedule

    apkg = anki_deck(
        [
            ("Basic", ["uno", "one"]),
            ("Basic (and reversed card)", ["comer", "to eat"]),
            ("Cloze", ["{{c1::Madrid}} is in Spain", ""]),
        ],
        with_scheduling=True,
        study=_schedule,
    )
    db = tmp_path / "q.db"
    args = ["import", "anki", str(apkg), "--with-progress", "--db", str(db)]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    assert "Progress: 5 review(s) logged, 3 card(s) scheduled" in done.output
    again = CliRunner().invoke(cli, args)
    assert "Progress: 0 review(s) logged" in again.output
