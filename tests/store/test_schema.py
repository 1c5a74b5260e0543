"""One schema: a new file, every older file once migrated, and SQLAlchemy's own `create_all`
all describe themselves to SQLite exactly as the SQLModel models do.

The comparison is SQLite's own account of each file (sqlite_master and the table, column,
index and foreign-key pragmas), so a missing default, a lost UNIQUE or an index left out by a
migration shows up, not only a missing column name. The versions tried come from the code.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from quizapp.domain import CardKey
from quizapp.store.migrations import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS
from quizapp.store.repository import Store

OLDER_VERSIONS = range(1, CURRENT_VERSION)
"""Every version an earlier quizapp can have left on disk (0 is "no file yet")."""


def describe(path: Path) -> dict[str, Any]:
    """Everything SQLite reports about the file's schema, in a comparable form."""
    db = sqlite3.connect(path)
    try:
        objects = sorted(
            db.execute(
                "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'"
            )
        )
        tables: dict[str, Any] = {}
        for kind, name, _ in objects:
            if kind != "table":
                continue
            indexes = {}
            for _seq, index, unique, origin, partial in db.execute(f"PRAGMA index_list('{name}')"):
                sql = db.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (index,)
                ).fetchone()[0]
                indexes[index] = {
                    "unique": unique,
                    "origin": origin,  # c: CREATE INDEX, u: UNIQUE, pk: PRIMARY KEY
                    "partial": partial,
                    "columns": db.execute(f"PRAGMA index_xinfo('{index}')").fetchall(),
                    "sql": " ".join(sql.split()) if sql else None,
                }
            tables[name] = {
                "kind": db.execute(f"PRAGMA table_list('{name}')").fetchall(),
                "columns": db.execute(f"PRAGMA table_info('{name}')").fetchall(),
                "foreign_keys": db.execute(f"PRAGMA foreign_key_list('{name}')").fetchall(),
                "indexes": indexes,
            }
        return {
            "objects": objects,
            "tables": tables,
            "user_version": db.execute("PRAGMA user_version").fetchone()[0],
            "application_id": db.execute("PRAGMA application_id").fetchone()[0],
        }
    finally:
        db.close()


def make_at_version(path: Path, version: int) -> None:
    """A file as the quizapp of schema `version` left it: its frozen migrations, in order."""
    db = sqlite3.connect(path, isolation_level=None)
    for step in range(version):
        for statement in MIGRATIONS[step].split(";"):
            if statement.strip():
                db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.close()


@pytest.fixture(scope="module")
def models_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The schema of a new database (created from the models by Store.open)."""
    path = tmp_path_factory.mktemp("new") / "new.db"
    Store.open(path).close()
    return describe(path)


def test_the_models_describe_the_whole_schema(models_schema: dict[str, Any]) -> None:
    """The bits the models once lacked are there: the UNIQUE key, the indexes, the defaults."""
    from sqlmodel import SQLModel

    assert set(models_schema["tables"]) == set(SQLModel.metadata.tables)
    card = models_schema["tables"]["card"]
    assert {i["origin"] for i in card["indexes"].values()} == {"u", "c"}
    unique = next(i for i in card["indexes"].values() if i["origin"] == "u")
    assert [c[2] for c in unique["columns"] if c[5]] == ["pack_id", "question_id"]
    defaults = {c[1]: c[4] for c in card["columns"]}
    assert defaults["archived"] == "0" and defaults["tags"] == "''"
    review_indexes = set(models_schema["tables"]["review"]["indexes"])
    assert review_indexes == {"ix_review_card", "ix_review_time", "ix_review_uid"}
    assert models_schema["user_version"] == CURRENT_VERSION
    assert models_schema["application_id"] == APPLICATION_ID


@pytest.mark.parametrize("version", OLDER_VERSIONS)
def test_every_older_version_migrates_to_exactly_the_models_schema(
    tmp_path: Path, version: int, models_schema: dict[str, Any]
) -> None:
    path = tmp_path / f"v{version}.db"
    make_at_version(path, version)
    assert describe(path) != models_schema  # an older file really is different
    with Store.open(path) as store:
        assert store.backup is not None
    assert describe(path) == models_schema


def test_the_migrations_alone_build_the_models_schema(
    tmp_path: Path, models_schema: dict[str, Any]
) -> None:
    """From nothing, every frozen step in turn ends where the models are (history is whole)."""
    path = tmp_path / "steps.db"
    make_at_version(path, CURRENT_VERSION)
    assert describe(path) == models_schema


def test_sqlalchemy_create_all_builds_the_same_schema(
    tmp_path: Path, models_schema: dict[str, Any]
) -> None:
    """The ordinary SQLModel way of creating tables agrees with the DDL Store.open runs."""
    from sqlmodel import SQLModel, create_engine

    path = tmp_path / "create_all.db"
    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.close()
    assert describe(path) == models_schema


def test_a_new_database_takes_a_sync(store: Store, now: datetime) -> None:
    """The sync's plain INSERT relies on the defaults (it failed on a models-built file once)."""
    store.sync_pack("p", "P", [("q1", "h1", ["t"])], now)
    card = store.get(CardKey("p", "q1"))
    assert card is not None and not card.archived and card.state.reps == 0
