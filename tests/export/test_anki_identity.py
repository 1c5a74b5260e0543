"""Identity across exports, checked in a real Anki collection: deck names survive title edits
and `--lang` switches, a question whose note type changed arrives as a note of its own, and a
second `--with-progress` import leaves Anki's scheduling as Anki has it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from quizapp.config import Settings
from quizapp.export.anki import AnkiSchedule, export_anki
from quizapp.export.identity import NoteTypeMemory

from .conftest import NOW, import_apkg, load


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_deck_names_survive_title_edits_and_language_switches(
    demo_dir: Path, tmp_path: Path, collection: Any
) -> None:
    export_anki([load(demo_dir)], tmp_path / "a.apkg", now=NOW)
    import_apkg(collection, tmp_path / "a.apkg")
    before = sorted(d.name for d in collection.decks.all_names_and_ids())
    _edit(demo_dir / "pack.yaml", '  en: "Demo"', '  en: "Renamed"')
    export_anki([load(demo_dir)], tmp_path / "b.apkg", now=NOW + timedelta(days=1), lang="en")
    import_apkg(collection, tmp_path / "b.apkg")
    assert sorted(d.name for d in collection.decks.all_names_and_ids()) == before
    assert "demo" in before
    deck = collection.decks.by_name("demo")
    assert deck is not None and "Renamed" in deck["desc"]  # the title lives in the description


def test_a_changed_note_type_arrives_as_a_note_of_its_own(
    demo_dir: Path, tmp_path: Path, collection: Any
) -> None:
    memory = tmp_path / "q.db.anki-types.json"
    export_anki([load(demo_dir)], tmp_path / "a.apkg", now=NOW, note_types=NoteTypeMemory(memory))
    import_apkg(collection, tmp_path / "a.apkg")
    notes = collection.note_count()
    examples = demo_dir / "examples.md"
    # The flashcard becomes reversible: Anki's "Basic (and reversed card)" note type.
    _edit(
        examples,
        "id: example-flashcard\ntype: flashcard\n",
        "id: example-flashcard\ntype: flashcard\nreverse: true\n",
    )
    pack = load(demo_dir)
    later = NOW + timedelta(days=1)

    # Without the memory the GUID is the old one: Anki refuses the note as conflicting.
    log = import_apkg_of(collection, pack, tmp_path / "plain.apkg", later, None)
    assert len(log.conflicting) == 1 and collection.note_count() == notes

    log = import_apkg_of(collection, pack, tmp_path / "b.apkg", later, NoteTypeMemory(memory))
    assert not log.conflicting and len(log.new) == 1
    assert collection.note_count() == notes + 1
    reversed_notes = collection.find_notes('"note:quizapp flashcard (and reversed card)"')
    assert len(reversed_notes) == 1
    assert len(collection.get_note(reversed_notes[0]).cards()) == 2

    # Changed back, the question updates the note it had first.
    _edit(examples, "type: flashcard\nreverse: true\n", "type: flashcard\n")
    log = import_apkg_of(
        collection,
        load(demo_dir),
        tmp_path / "c.apkg",
        later + timedelta(days=1),
        NoteTypeMemory(memory),
    )
    assert not log.conflicting and not log.new and len(log.updated) >= 1


def import_apkg_of(col: Any, pack: Any, out: Path, now: Any, memory: NoteTypeMemory | None) -> Any:
    export_anki([pack], out, now=now, note_types=memory)
    return import_apkg(col, out).log


def test_a_second_progress_import_keeps_ankis_own_schedule(
    demo_dir: Path, tmp_path: Path, collection: Any
) -> None:
    """Anki never changes the scheduling of a card it already has (docs/anki-export.md)."""
    pack = load(demo_dir)
    settings = Settings(timezone="UTC")

    def export(name: str, due_in: int, reps: int, now: Any) -> Path:
        state = AnkiSchedule(
            "review",
            now + timedelta(days=due_in),
            due_in,
            reps=reps,
            lapses=0,
            stability=float(due_in),
            difficulty=5.0,
            last_review=now,
        )
        out = tmp_path / name
        export_anki(
            [pack], out, now=now, schedules={"demo/example-flashcard": state}, settings=settings
        )
        return out

    import_apkg(collection, export("first.apkg", 3, 2, NOW), with_scheduling=True)
    cid = collection.find_cards('"note:quizapp flashcard"')[0]
    first = collection.get_card(cid)
    revlog = collection.db.scalar("SELECT count() FROM revlog")
    later = NOW + timedelta(days=3)
    import_apkg(collection, export("second.apkg", 20, 3, later), with_scheduling=True)
    second = collection.get_card(cid)
    assert (
        (second.reps, second.ivl, second.due)
        == (first.reps, first.ivl, first.due)
        == (2, 3, first.due)
    )
    assert collection.db.scalar("SELECT count() FROM revlog") == revlog


def test_the_type_memory_lives_only_beside_a_database(
    demo_dir: Path, tmp_path: Path, capsys: Any
) -> None:
    from quizapp.store.repository import Store
    from tests.cli_helpers import run

    db = tmp_path / "q.db"  # in a folder that exists, so only the missing database stops it
    memory = db.with_name("q.db.anki-types.json")
    argv = ["export", "anki", "--pack", str(demo_dir), "--db", str(db), "-o"]
    code, _out, err = run([*argv, str(tmp_path / "a.apkg")], capsys)
    assert code == 0, err
    assert not memory.exists() and not db.exists()  # no database: nothing written for it
    with Store.open(db):
        pass
    code, _out, err = run([*argv, str(tmp_path / "b.apkg")], capsys)
    assert code == 0, err
    assert "demo/" in memory.read_text(encoding="utf-8")
