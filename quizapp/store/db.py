"""The SQLAlchemy engine with the pragmas every connection needs.

- WAL (set once by migrations.prepare): readers never block the writer, and a second terminal
  or an export can read while a session answers.
- synchronous=NORMAL: in WAL mode a committed transaction survives the process being killed
  (kill -9); only an OS crash or power loss can drop the last few commits. FULL would fsync on
  every answer for protection the app does not need.
- busy_timeout 5 s: a second writer waits for the lock (answers hold it for milliseconds)
  instead of failing with "database is locked".
- Every write transaction is `BEGIN IMMEDIATE` (see `writing()`), so two processes answering at
  once queue on the lock instead of failing when a read transaction tries to upgrade.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

BUSY_TIMEOUT_MS = 5000
IMMEDIATE = "quizapp_immediate"


def open_engine(path: Path) -> Engine:
    """An engine on an already prepared database file (see migrations.prepare)."""
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves (pysqlite's implicit transactions cannot do IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
