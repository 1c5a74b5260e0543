"""SQLModel sessions for the reads people look at: `stats` now; browse, history, reports next.

This module is the only one that imports SQLAlchemy at run time, and it is imported on the
first such read, never at startup or on the answer path (see the package docstring). The
engine's connections come from `db.connect`, so they get the store's pragmas (busy timeout,
foreign keys); each session reads in one transaction (BEGIN ... ROLLBACK on close): one
consistent snapshot, which in WAL mode never blocks a writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, or_
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, create_engine

from quizapp.errors import StoreError
from quizapp.store.db import connect
from quizapp.store.models import CardRow

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.sql.elements import ColumnElement

    from quizapp.store.records import Scope


def make_engine(path: Path) -> Engine:
    """An engine on the database file (a small pool; dispose it when the store closes)."""
    engine = create_engine(f"sqlite:///{path}", creator=lambda: connect(path, rows_by_name=False))

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Our connections leave transactions to the caller (isolation_level=None), so the
        # BEGIN that makes a session's reads one snapshot is ours to send.
        conn.exec_driver_sql("BEGIN")

    return engine


@contextmanager
def read_session(engine: Engine, path: Path) -> Iterator[Session]:
    """A session for reads; a database error becomes a StoreError naming the file."""
    from quizapp.store.db_messages import explain

    try:
        with Session(engine) as session:
            yield session
    except DBAPIError as exc:
        raise StoreError(explain(path, exc.orig or exc)) from exc


def in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    """`Scope` as conditions on CardRow (the same cards as `Scope.sql` selects)."""
    conditions: list[ColumnElement[bool]] = []
    if scope.pack_ids is not None:
        conditions.append(col(CardRow.pack_id).in_(scope.pack_ids))
    if scope.keys is not None:
        key = col(CardRow.pack_id) + "/" + col(CardRow.question_id)
        conditions.append(key.in_(scope.keys))
    if scope.tag:
        tagged = col(CardRow.tags).like(f"% {scope.tag} %")
        conditions.append(or_(tagged, col(CardRow.leech)) if scope.tag == "leech" else tagged)
    return conditions
