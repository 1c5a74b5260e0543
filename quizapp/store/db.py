"""Connections to the database file with the pragmas every connection needs (stdlib sqlite3).

The answer path runs plain SQL with `:name` parameters on the stdlib driver (why: the package
docstring); the SQLModel sessions of `sessions.py` open their connections here too, so both
get the same pragmas.

- WAL (set once by migrations.prepare): readers never block the writer, and a second terminal
  or an export can read while a session answers.
- synchronous=NORMAL: in WAL mode a committed transaction survives the process being killed
  (kill -9); only an OS crash or power loss can drop the last few commits. FULL would fsync on
  every answer for protection the app does not need.
- busy_timeout 5 s: a second writer waits for the lock (answers hold it for milliseconds)
  instead of failing with "database is locked".
- Every write transaction is `BEGIN IMMEDIATE` (see `Database.transaction`), so two processes
  answering at once queue on the lock instead of failing when a read would upgrade.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from quizapp.store.fileset import track

BUSY_TIMEOUT_MS = 5000


def connect(path: Path, *, rows_by_name: bool = True) -> sqlite3.Connection:
    """One connection: rows by column name (unless SQLAlchemy reads them), transactions begun
    explicitly by the caller."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    if rows_by_name:
        conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Database:
    """A small pool of connections to one file: each transaction borrows one, then returns it.

    A pool (not one shared connection) so that a transaction opened while another is still
    open, or from another thread, gets its own connection, as SQLite requires.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._key = path.resolve()

    def _checkout(self) -> sqlite3.Connection:
        """An idle connection of this pool, or a new one (counted open) when none is idle."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = connect(self.path)
            track(self._key, +1)
        return conn

    @contextmanager
    def transaction(self, *, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        """BEGIN (or BEGIN IMMEDIATE) ... COMMIT; ROLLBACK if the block raises."""
        conn = self._checkout()
        try:
            conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # a failed ROLLBACK must not hide the original error
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except BaseException:
            conn.close()  # a connection in an unknown state is not reused
            track(self._key, -1)
            raise
        with self._lock:
            self._idle.append(conn)

    def data_version(self) -> int:
        """SQLite's `PRAGMA data_version` on an idle connection: it moves when another
        connection (another process, a serve tab) commits. No transaction, a few µs."""
        conn = self._checkout()
        try:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])
        finally:
            with self._lock:
                self._idle.append(conn)

    def close(self) -> None:
        """Close the idle connections (SQLite checkpoints the WAL when the last one closes)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
            track(self._key, -1)
