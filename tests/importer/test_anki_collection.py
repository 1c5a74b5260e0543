"""Reading an Anki collection: each note's deck is its first card's home deck."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quizapp.store.anki_collection import read_anki_collection

_SCHEMA = """
CREATE TABLE col (ver, crt, models, decks);
INSERT INTO col VALUES (11, 0, '{}', '{}');
CREATE TABLE notes (id integer primary key, guid, mid, mod, tags, flds);
CREATE TABLE cards (id integer primary key, nid, did, ord, odid);
INSERT INTO notes VALUES (1, 'a', 1, 0, '', 'x'), (2, 'b', 1, 0, '', 'y'), (3, 'c', 1, 0, '', 'z');
INSERT INTO cards VALUES (10, 1, 100, 0, 0), (11, 1, 101, 1, 0), (14, 3, 300, 0, 301);
"""


@pytest.mark.parametrize(
    ("cards", "decks"),
    [
        # Every note has a card 0: read without sorting the cards.
        ("INSERT INTO cards VALUES (12, 2, 200, 0, 0), (13, 2, 201, 1, 0)", 200),
        # A cloze note from c2 on: its first card is the lowest ordinal there is.
        ("INSERT INTO cards VALUES (12, 2, 200, 2, 0), (13, 2, 201, 1, 0)", 201),
        # A note with no card at all has no deck (0 to the importer).
        ("SELECT 1", None),
    ],
)
def test_a_notes_deck_is_its_first_cards_home_deck(
    tmp_path: Path, cards: str, decks: int | None
) -> None:
    path = tmp_path / "collection.anki2"
    with sqlite3.connect(path) as db:
        db.executescript(_SCHEMA)
        db.execute(cards)
    db.close()
    tables = read_anki_collection(path)
    expected = {1: 100, 3: 301}  # (note 3's card sits in a filtered deck: its home is 301)
    if decks is not None:
        expected[2] = decks
    assert tables.note_decks == expected
    assert [note[0] for note in tables.notes] == [1, 2, 3]
