"""`--with-progress`: Anki's review log and schedule continue in quizapp's database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.domain import CardKey
from quizapp.importer.anki.deck import import_deck
from quizapp.importer.anki.progress import carry_progress
from quizapp.packs.directions import REVERSE_SUFFIX
from quizapp.store.repository import Store
from tests.importer.conftest import AnkiBuilder

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DAY = 86_400
CRT = int(NOW.timestamp()) - 100 * DAY  # the collection is 100 days old: today is day 100
MS = int(NOW.timestamp()) * 1000


def _schedule(col: Any) -> None:
    """Give the deck a known history, as Anki itself stores it (SQL on its tables)."""
    col.db.execute("UPDATE col SET crt = ?", CRT)
    cards = {}
    for cid, nid, ord_ in col.db.all("SELECT id, nid, ord FROM cards"):
        front = col.get_note(nid).fields[0]
        cards[(front.split()[0], ord_)] = cid
    fsrs = {"s": 12.5, "d": 4.2, "lrt": (MS - 3 * DAY * 1000) // 1000}
    # uno: FSRS review card due in 5 days, with its memory state.
    col.db.execute(
        "UPDATE cards SET type = 2, queue = 2, due = 105, ivl = 8, reps = 5, lapses = 1, "
        "factor = 2500, data = ? WHERE id = ?",
        json.dumps(fsrs),
        cards[("uno", 0)],
    )
    # comer: only the reverse direction was studied, SM-2 (no memory state), due yesterday.
    col.db.execute(
        "UPDATE cards SET type = 2, queue = 2, due = 99, ivl = 4, reps = 2, factor = 2500, "
        "data = '' WHERE id = ?",
        cards[("comer", 1)],
    )
    # the cloze note: a suspended review card of a leech.
    note = col.get_note(col.get_card(cards[("{{c1::Madrid}}", 0)]).nid)
    note.tags = ["leech", "geo"]
    col.update_note(note)
    col.db.execute(
        "UPDATE cards SET type = 2, queue = -1, due = 120, ivl = 30, reps = 3 WHERE id = ?",
        cards[("{{c1::Madrid}}", 0)],
    )
    rows = [
        (MS - 20 * DAY * 1000, cards[("uno", 0)], 3, 1, 0, 0, 6000, 0),
        (MS - 12 * DAY * 1000, cards[("uno", 0)], 1, -600, 4, 2500, 9000, 1),
        (MS - 11 * DAY * 1000, cards[("uno", 0)], 0, 8, 0, 2500, 0, 4),  # manual: not a review
        (MS - 3 * DAY * 1000, cards[("uno", 0)], 3, 8, 1, 2500, 4000, 2),
        (MS - 6 * DAY * 1000, cards[("comer", 1)], 3, 1, 0, 0, 5000, 0),
        (MS - 5 * DAY * 1000, cards[("comer", 1)], 3, 4, 1, 2500, 3000, 1),
    ]
    for row in rows:
        col.db.execute(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
            row[0],
            row[1],
            *row[2:],
        )


def _import(apkg: Path, tmp_path: Path, db: Path) -> tuple[int, int, int]:
    result = import_deck(apkg, tmp_path / "packs", now=NOW, with_progress=True)
    assert result.tables is not None
    return carry_progress(result.drafts, result.tables, result.path, db, NOW)


def test_history_and_schedule_continue_where_anki_left_them(
    anki_deck: AnkiBuilder, tmp_path: Path
) -> None:
    apkg = anki_deck(
        [
            ("Basic", ["uno", "one"]),
            ("Basic (and reversed card)", ["comer", "to eat"]),
            ("Cloze", ["{{c1::Madrid}} is in Spain", ""]),
        ],
        with_scheduling=True,
        study=_schedule,
    )
    db = tmp_path / "quizapp.db"
    reviews, cards, kept = _import(apkg, tmp_path, db)
    assert (reviews, cards, kept) == (5, 3, 0)  # the manual row is not a review
    with Store.open(db) as store:
        settings = store.load_settings()
        states = store.card_states(_keys(store))
    by_state = {info.question_id: info for info in states.values()}
    day_start = settings.day_start(NOW)
    uno = next(i for i in by_state.values() if i.state.reps == 5)
    assert uno.state.state == "review"
    assert uno.state.stability == 12.5 and uno.state.difficulty == 4.2
    assert uno.state.due == day_start + timedelta(days=5)
    assert uno.state.last_review == NOW - timedelta(days=3)
    assert uno.state.lapses == 1
    reverse = next(i for i in by_state.values() if i.question_id.endswith(REVERSE_SUFFIX))
    forward = by_state[reverse.question_id.removesuffix(REVERSE_SUFFIX)]
    assert forward.state.state == "new"  # each direction keeps its own schedule
    assert reverse.state.state == "review" and reverse.state.due == day_start - timedelta(days=1)
    assert reverse.state.stability is not None and reverse.state.stability > 0  # from the log
    suspended = next(i for i in by_state.values() if i.suspended)
    assert suspended.state.due == day_start + timedelta(days=20) and suspended.leech
    with Store.open(db) as store, store.reading() as conn:
        logged = conn.execute("SELECT grade, kind, duration_ms FROM review ORDER BY reviewed_ms")
        assert [tuple(r) for r in logged] == [
            (3, 0, 6000),
            (1, 2, 9000),
            (3, 0, 5000),
            (3, 2, 3000),
            (3, 3, 4000),
        ]
    # Importing the same deck again logs nothing twice.
    assert _import(apkg, tmp_path, db)[0] == 0


def _keys(store: Store) -> list[CardKey]:
    with store.reading() as conn:
        rows = conn.execute("SELECT pack_id, question_id FROM card").fetchall()
    return [CardKey(p, q) for p, q in rows]
