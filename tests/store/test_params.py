"""Per-pack FSRS parameters: migration 3, newest-wins, the all-packs fallback, undo."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from quizapp.domain import CardKey
from quizapp.store import params
from quizapp.store.migrations import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS
from quizapp.store.repository import Store

W1 = tuple(round(0.1 * i + 0.01, 4) for i in range(21))
W2 = tuple(round(0.2 * i + 0.02, 4) for i in range(21))


def test_migration_3_adds_the_parameters_table_and_keeps_data(db_path: Path) -> None:
    db = sqlite3.connect(db_path, isolation_level=None)
    for step in range(2):
        for statement in MIGRATIONS[step].split(";"):
            if statement.strip():
                db.execute(statement)
    db.execute("PRAGMA user_version = 2")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("INSERT INTO pack (id) VALUES ('p')")
    db.execute("INSERT INTO card (pack_id, question_id, state, reps) VALUES ('p', 'q', 2, 7)")
    db.close()

    with Store.open(db_path) as store:
        assert store.backup is not None and store.backup.name == "quizapp.db.v2.bak"
        info = store.get(CardKey("p", "q"))
        assert info is not None and info.state.reps == 7
        assert params.parameters_in_use(store) == {}
        assert params.parameters_for(store, "p") is None
    with sqlite3.connect(db_path) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION


def test_newest_parameters_win_and_undo_brings_back_the_ones_before(
    store: Store, now: datetime
) -> None:
    params.save_parameters(store, "p", W1, now, 1200, {"kept": 1})
    params.save_parameters(store, "p", W2, now + timedelta(days=1), 1500, {"kept": 2})
    assert params.parameters_for(store, "p") == W2
    in_use = params.parameters_in_use(store)
    assert set(in_use) == {"p"} and in_use["p"].reviews == 1500
    assert in_use["p"].report == {"kept": 2} and in_use["p"].fitted_at == now + timedelta(days=1)

    undone = params.undo_parameters(store, "p")
    assert undone is not None and undone.parameters == W2
    assert params.parameters_for(store, "p") == W1
    params.undo_parameters(store, "p")
    assert params.parameters_for(store, "p") is None
    assert params.undo_parameters(store, "p") is None


def test_a_pack_without_its_own_uses_the_all_packs_fit(store: Store, now: datetime) -> None:
    params.save_parameters(store, "own", W2, now, 1100, {})
    params.save_parameters(store, params.ALL_PACKS, W1, now, 3000, {})
    assert params.parameters_for(store, "other") == W1
    assert params.parameters_for(store, "own") == W2  # its own wins, even though older
    params.undo_parameters(store, "own")
    assert params.parameters_for(store, "own") == W1
