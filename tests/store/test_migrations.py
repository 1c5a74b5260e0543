"""Versioned migrations, the pre-migration backup, and refusal of files that are not ours."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from quizapp.domain import CardKey
from quizapp.errors import StoreError
from quizapp.store import migrations
from quizapp.store.migrations import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS
from quizapp.store.repository import Store


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make_at_version(path: Path, version: int) -> None:
    """A database as an older quizapp left it: migrations applied up to `version`."""
    db = sqlite3.connect(path, isolation_level=None)
    for step in range(version):
        for statement in MIGRATIONS[step].split(";"):
            if statement.strip():
                db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.close()


def _columns(path: Path) -> dict[str, set[str]]:
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    out = {t: {r[1] for r in db.execute(f"PRAGMA table_info({t})")} for t in tables}
    db.close()
    return out


def test_fresh_database_is_current_ours_and_wal(db_path: Path) -> None:
    """(Its schema is compared with the models, and with every migrated file, in test_schema.)"""
    Store.open(db_path).close()
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_migration_1_creates_packs_cards_and_log(db_path: Path) -> None:
    _make_at_version(db_path, 1)
    assert set(_columns(db_path)) == {"pack", "card", "review"}


def test_migration_2_adds_settings_keeps_data_and_backs_up(db_path: Path, now: datetime) -> None:
    _make_at_version(db_path, 1)
    db = sqlite3.connect(db_path)
    db.execute("INSERT INTO pack (id) VALUES ('p')")
    db.execute("INSERT INTO card (pack_id, question_id, state, reps) VALUES ('p', 'q', 2, 7)")
    db.commit()
    db.close()
    before = _sha(db_path)

    store = Store.open(db_path)
    try:
        assert store.backup is not None and store.backup.name == "quizapp.db.v1.bak"
        info = store.get(CardKey("p", "q"))
        assert info is not None and info.state.reps == 7 and info.state.state == "review"
        assert store.load_settings().desired_retention == 0.9
    finally:
        store.close()
    assert _sha(db_path) != before
    with sqlite3.connect(store.backup) as bak:  # the backup is the v1 database, data included
        assert bak.execute("PRAGMA user_version").fetchone()[0] == 1
        assert bak.execute("SELECT reps FROM card").fetchall() == [(7,)]
    bak.close()
    assert "setting" in _columns(db_path)
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION


def test_a_second_backup_replaces_the_first_instead_of_piling_up(db_path: Path) -> None:
    _make_at_version(db_path, 1)
    db_path.with_name("quizapp.db.v1.bak").write_text("older backup")
    store = Store.open(db_path)
    store.close()
    assert store.backup == db_path.with_name("quizapp.db.v1.bak")
    assert store.backup.read_bytes().startswith(migrations.SQLITE_MAGIC)
    assert sorted(p.name for p in db_path.parent.iterdir() if ".bak" in p.name) == [
        "quizapp.db.v1.bak"
    ]


def _refused(path: Path, match: str) -> None:
    before = _sha(path)
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StoreError, match=match):
        Store.open(path)
    assert _sha(path) == before
    # No backup or other file: only SQLite's own -wal/-shm, which a reader of a WAL file makes.
    after = {p.name for p in path.parent.iterdir()} - {f"{path.name}-wal", f"{path.name}-shm"}
    assert sorted(after) == siblings


def test_refuses_a_text_file(db_path: Path) -> None:
    db_path.write_text("these are my notes, not a database\n" * 10)
    _refused(db_path, "not an SQLite file")


def test_refuses_a_short_binary_file(db_path: Path) -> None:
    db_path.write_bytes(b"\x00\x01\x02")
    _refused(db_path, "not an SQLite file")


def test_refuses_another_applications_database(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    db.execute("INSERT INTO photos (name) VALUES ('cat.jpg')")
    db.commit()
    db.close()
    _refused(db_path, "not a quizapp database")


def test_refuses_a_database_with_another_application_id(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA application_id = 1234")
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    _refused(db_path, "another application")


def test_refuses_a_newer_schema(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as db:
        db.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    db.close()
    _refused(db_path, "newer quizapp")


def test_refuses_a_corrupt_database(db_path: Path) -> None:
    Store.open(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # page 1 after the header: the schema is gone
    db_path.write_bytes(bytes(data))
    _refused(db_path, "damaged")


def test_an_empty_file_is_refused_not_started_afresh(db_path: Path) -> None:
    # An empty file under the database's name is a cut-short copy or backup, never a new
    # database in the making (quizapp builds those under another name).
    db_path.write_bytes(b"")
    _refused(db_path, "is empty")


def test_missing_parent_folders_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "q.db"
    Store.open(path).close()
    assert path.is_file()


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a file"):
        Store.open(tmp_path)
