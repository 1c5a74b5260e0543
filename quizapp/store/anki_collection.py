"""Read the tables of an Anki collection file (the SQLite database inside an .apkg).

It lives in the store package because the store is quizapp's one door to SQLite; it only
reads rows out and leaves their meaning (note types, HTML, scheduling) to the importer. The
file is a private copy the importer extracted, opened read-only and `query_only`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from quizapp.errors import StoreError
from quizapp.i18n import _

_NOTE_COLS = "id, guid, mid, mod, tags, flds"
_CARD_COLS = (
    "id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, data"
)
_REVLOG_COLS = "id, cid, ease, ivl, lastIvl, factor, time, type"
_NOTE_DECKS = "SELECT nid, CASE WHEN odid THEN odid ELSE did END FROM cards ORDER BY ord DESC"
"""Each card's note and home deck, the note's first card (lowest ordinal) last."""
_FIRST_CARD_DECKS = "SELECT nid, CASE WHEN odid THEN odid ELSE did END FROM cards WHERE ord = 0"
"""The home deck of each note's card of ordinal 0."""


@dataclass(frozen=True)
class AnkiTables:
    """The rows the importer needs, as plain tuples in the column order named above."""

    schema: int
    """11 (legacy: note types and decks as JSON in `col`) or 18 (tables of their own)."""
    crt: int
    """Collection creation time, epoch seconds (the origin of review due day numbers)."""
    models_json: str = ""
    decks_json: str = ""
    notetypes: list[tuple[int, str, bytes]] = field(default_factory=list)
    fields: list[tuple[int, int, str]] = field(default_factory=list)
    templates: list[tuple[int, int, str, bytes]] = field(default_factory=list)
    decks: list[tuple[int, str, bytes]] = field(default_factory=list)
    """(id, name, kind): `kind` is the deck's protobuf settings (its description inside)."""
    notes: list[tuple[Any, ...]] = field(default_factory=list)
    """(id, guid, mid, mod, tags, flds) in note id order."""
    note_decks: dict[int, int] = field(default_factory=dict)
    """Note id -> the home deck of its first card (a filtered deck is only a view)."""
    cards: list[tuple[Any, ...]] = field(default_factory=list)
    """(id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, data),
    read for progress only."""
    revlog: list[tuple[Any, ...]] = field(default_factory=list)
    """(id, cid, ease, ivl, lastIvl, factor, time, type) in id (= time) order."""


def _unicase(a: str, b: str) -> int:
    """Anki's collation for deck and note type names (case-insensitive)."""
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def read_anki_collection(path: Path, *, with_progress: bool = False) -> AnkiTables:
    """Every note, note type and deck of the collection, each note's deck, and, if asked,
    every card and the revlog."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(_("cannot open the Anki collection: {error}").format(error=exc)) from exc
    try:
        conn.create_collation("unicase", _unicase)
        conn.execute("PRAGMA query_only = 1")
        return _read(conn, with_progress)
    except sqlite3.DatabaseError as exc:
        raise StoreError(_("not a readable Anki collection: {error}").format(error=exc)) from exc
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, with_progress: bool) -> AnkiTables:
    row = conn.execute("SELECT ver, crt FROM col").fetchone()
    if row is None:
        raise StoreError(_("not a readable Anki collection: the col table is empty"))
    schema, crt = int(row[0]), int(row[1])
    notes = conn.execute(f"SELECT {_NOTE_COLS} FROM notes ORDER BY id").fetchall()
    # Two columns, not the card rows: a quarter of the time of reading (and sorting) them;
    # and first only the cards of ordinal 0, each note's first when it has one (no sort).
    note_decks = dict(conn.execute(_FIRST_CARD_DECKS))
    if not all(map(note_decks.__contains__, map(itemgetter(0), notes))):
        note_decks = dict(conn.execute(_NOTE_DECKS))  # (a cloze note from c2 on, say)
    cards, revlog = [], []
    if with_progress:
        cards = conn.execute(f"SELECT {_CARD_COLS} FROM cards").fetchall()
        revlog = conn.execute(f"SELECT {_REVLOG_COLS} FROM revlog ORDER BY id").fetchall()
    if schema < 15:
        models, decks = conn.execute("SELECT models, decks FROM col").fetchone()
        return AnkiTables(
            schema,
            crt,
            models or "",
            decks or "",
            notes=notes,
            note_decks=note_decks,
            cards=cards,
            revlog=revlog,
        )
    return AnkiTables(
        schema,
        crt,
        notetypes=conn.execute("SELECT id, name, config FROM notetypes").fetchall(),
        fields=conn.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord").fetchall(),
        templates=conn.execute(
            "SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord"
        ).fetchall(),
        decks=conn.execute("SELECT id, name, kind FROM decks").fetchall(),
        notes=notes,
        note_decks=note_decks,
        cards=cards,
        revlog=revlog,
    )
