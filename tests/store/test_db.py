"""The stdlib-sqlite3 connection layer: pragmas, rollback on error, connections reused."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from quizapp.errors import StoreError
from quizapp.store.repository import Store


def test_every_connection_has_the_pragmas(store: Store) -> None:
    with store.reading() as conn:
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_error_inside_a_write_rolls_it_back(store: Store, now: datetime) -> None:
    with pytest.raises(RuntimeError), store.writing() as conn:
        conn.execute("INSERT INTO pack (id) VALUES ('half')")
        raise RuntimeError("boom")
    assert store.pack_ids() == []
    store.sync_pack("p", "P", [("a", "h", ())], now)  # the store still works afterwards
    assert store.pack_ids() == ["p"]


def test_nested_transactions_get_their_own_connections(store: Store) -> None:
    with store.writing() as outer:
        outer.execute("INSERT INTO pack (id) VALUES ('w')")
        with store.reading() as inner:  # a snapshot from before the uncommitted write
            assert inner is not outer
            assert inner.execute("SELECT count(*) FROM pack").fetchone()[0] == 0
    assert store.pack_ids() == ["w"]


def test_locked_database_is_a_store_error_then_recovers(
    store: Store, db_path: Path, now: datetime
) -> None:
    import quizapp.store.db as db

    store.close()
    old, db.BUSY_TIMEOUT_MS = db.BUSY_TIMEOUT_MS, 100
    try:
        store = Store.open(db_path)
        blocker = sqlite3.connect(db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="locked"):
                store.sync_pack("p", "P", [("a", "h", ())], now)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert store.sync_pack("p", "P", [("a", "h", ())], now).added == 1
    finally:
        db.BUSY_TIMEOUT_MS = old
        store.close()
