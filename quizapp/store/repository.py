"""`Store`: the door to review progress; every call is one short transaction, committed
before it returns.

The store's jobs live in modules named for them, and `Store` opens the transaction and hands
them the connection: the queue that picks the next card (`queue.py`), recording and undoing
answers (`reviews.py`), syncing packs (`sync.py`), counts (`counts.py`), and the reads people
look at through SQLModel sessions (`sessions.py`). Here: opening, settings, single cards, flags.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from quizapp.config import Settings
from quizapp.domain import CardKey, Grade
from quizapp.errors import QuizappError, StoreError
from quizapp.i18n import _
from quizapp.store import queue, reviews
from quizapp.store.records import (
    CARD_COLUMNS,
    DayCounts,
    ReviewRecord,
    Scope,
    StoredCard,
    SyncResult,
    stored_card,
    to_ms,
)

if TYPE_CHECKING:
    from sqlite3 import Connection

    from sqlalchemy import Engine
    from sqlmodel import Session

    from quizapp.store.db import Database

P = ParamSpec("P")
R = TypeVar("R")


def _guard(method: Callable[P, R]) -> Callable[P, R]:
    """Turn database errors into StoreError so users see a message, not a traceback."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            from quizapp.store.db_messages import explain  # only on failure: answers call this

            path = getattr(args[0], "path", "the database")  # args[0] is the Store
            raise StoreError(explain(path, exc)) from exc

    return wrapper


class Store:
    """Review progress in one SQLite file; safe to use from several processes at once."""

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.db = db
        self.backup: Path | None = None
        """The copy written before a migration in this open, if one ran."""
        self._engine: Engine | None = None
        self._writes = 0
        """Write transactions of this Store other than answers (see `version`)."""

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating or migrating) the database; StoreError if the file is unusable."""
        from quizapp.store.db import Database
        from quizapp.store.migrations import prepare

        path = Path(path)
        made = prepare(path)
        store = cls(path, Database(path))
        store.backup = made
        return store

    def close(self) -> None:
        """Release connections (the WAL is checkpointed by SQLite when the last one closes)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot, never blocks a writer (WAL)."""
        with self._explained(), self.db.transaction() as conn:
            yield conn

    @contextmanager
    def writing(self, *, answer: bool = False) -> Iterator[Connection]:
        """A write transaction taken with BEGIN IMMEDIATE; committed on leaving the block.
        Any write but an answer (`answer=True`) moves `version`."""
        if not answer:
            self._writes += 1
        with self._explained(), self.db.transaction(immediate=True) as conn:
            yield conn

    @_guard
    def version(self) -> tuple[int, int]:
        """Moves whenever the database changes in a way other than this Store's own answers:
        a commit by another connection (SQLite's data_version) or another write of ours
        (flags, undo, sync, settings, parameters). What a study session keeps in memory
        (counts, today's answers, parameters) is good while this stays the same."""
        return self.db.data_version(), self._writes

    @contextmanager
    def _explained(self) -> Iterator[None]:
        """What `_guard` does for methods, for the modules that read through `reading()`
        (counts, queue, stats): a damaged page becomes a message, not a traceback."""
        try:
            yield
        except sqlite3.Error as exc:
            from quizapp.store.db_messages import explain

            raise StoreError(explain(self.path, exc)) from exc

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A SQLModel session for reads people look at (stats, ...), never the answer path:
        SQLAlchemy is imported on the first call."""
        from quizapp.store.sessions import make_engine, read_session

        if self._engine is None:
            self._engine = make_engine(self.path)
        with read_session(self._engine, self.path) as session:
            yield session

    def _rows(self, conn: Connection, sql: str, params: dict[str, Any]) -> list[Any]:
        """Rows (index by column name) of plain SQL with `:name` parameters."""
        return conn.execute(sql, params).fetchall()

    # -- settings ---------------------------------------------------------------------------
    @_guard
    def load_settings(self) -> Settings:
        """Settings from the database (defaults for anything never saved)."""
        with self.reading() as conn:
            rows = self._rows(conn, "SELECT key, value FROM setting", {})
        try:
            return Settings.from_mapping({r["key"]: json.loads(r["value"]) for r in rows})
        except (ValueError, QuizappError) as exc:
            message = _("{path}: stored settings are invalid: {error}")
            raise StoreError(message.format(path=self.path, error=exc)) from exc

    @_guard
    def save_settings(self, settings: Settings, now: datetime | None = None) -> None:
        """Store every setting (one row per key); a changed value is stamped `now` (default:
        the system clock), so the newest change wins when devices are merged."""
        stamp = to_ms(now) if now is not None else int(time.time() * 1000)
        rows = [{"k": k, "v": json.dumps(v), "n": stamp} for k, v in settings.to_mapping().items()]
        with self.writing() as conn:
            conn.executemany(
                "INSERT INTO setting (key, value, changed_ms) VALUES (:k, :v, :n) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "changed_ms = excluded.changed_ms WHERE value != excluded.value",
                rows,
            )

    @_guard
    def device_id(self) -> str:
        """This device's id (made with the database; carried by every answer given here)."""
        with self.reading() as conn:
            row = conn.execute("SELECT id FROM device WHERE local = 1").fetchone()
        if row is None:
            raise StoreError(_("{path}: the database has no machine id").format(path=self.path))
        return str(row["id"])

    # -- sync -------------------------------------------------------------------------------
    @_guard
    def sync_pack(
        self,
        pack_id: str,
        title: str,
        items: Sequence[tuple[str, str, Sequence[str]]],
        now: datetime,
    ) -> SyncResult:
        """Make the pack's cards match `items` (question id, content hash, tags).

        New ids are added, edited ones keep state and log (hash updated), missing ones are
        archived (kept, not scheduled) and come back with their history if they return.
        """
        from quizapp.store.sync import sync_pack

        return sync_pack(self, pack_id, title, items, now)

    # -- reading cards ----------------------------------------------------------------------
    @_guard
    def pack_ids(self) -> list[str]:
        """Ids of every pack ever synced, sorted."""
        with self.reading() as conn:
            return [r["id"] for r in self._rows(conn, "SELECT id FROM pack ORDER BY id", {})]

    def check_pack_ids(self, pack_ids: Sequence[str]) -> None:
        """QuizappError naming the packs studied when any of `pack_ids` never was (a typo
        would otherwise read as "nothing here")."""
        known = self.pack_ids()
        unknown = sorted(set(pack_ids) - set(known))
        if unknown:
            raise QuizappError(
                _("no pack {packs} in {path} (packs studied: {known})").format(
                    packs=", ".join(unknown),
                    path=self.path,
                    known=", ".join(known) or _("none yet"),
                )
            )

    @_guard
    def get(self, key: CardKey) -> StoredCard | None:
        """One card by key (archived ones too), or None."""
        with self.reading() as conn:
            rows = self._rows(
                conn,
                f"SELECT {CARD_COLUMNS} FROM card WHERE pack_id = :p AND question_id = :q",
                {"p": key.pack_id, "q": key.question_id},
            )
        return stored_card(rows[0]) if rows else None

    @_guard
    def suspended(self, scope: Scope | None = None) -> list[StoredCard]:
        """Suspended cards of current questions (archived ones never come back), by key."""
        condition, params = (scope or Scope()).sql()
        with self.reading() as conn:
            rows = self._rows(
                conn,
                f"SELECT {CARD_COLUMNS} FROM card WHERE suspended = 1 AND archived = 0{condition} "
                "ORDER BY pack_id, question_id",
                params,
            )
        return [stored_card(row) for row in rows]

    @_guard
    def card_states(self, keys: Sequence[CardKey]) -> dict[CardKey, StoredCard]:
        """Scheduling state of these keys (for export --with-progress); unknown keys omitted."""
        wanted = set(keys)
        packs = sorted({key.pack_id for key in wanted})
        out: dict[CardKey, StoredCard] = {}
        with self.reading() as conn:
            for pack_id in packs:
                for row in self._rows(
                    conn, f"SELECT {CARD_COLUMNS} FROM card WHERE pack_id = :p", {"p": pack_id}
                ):
                    info = stored_card(row)
                    if info.key in wanted:
                        out[info.key] = info
        return out

    @_guard
    def day_counts(self, day_start: datetime, now: datetime | None = None) -> DayCounts:
        """New questions introduced and reviews done since `day_start` up to `now` (all packs;
        no `now`: every answer since then)."""
        with self.reading() as conn:
            return queue.day_counts(conn, day_start, now)

    @_guard
    def pick(
        self,
        now: datetime,
        settings: Settings,
        scope: Scope | None = None,
        *,
        prefer_new: bool = False,
        exclude: Sequence[int] = (),
        done: DayCounts | None = None,
    ) -> StoredCard | None:
        """The next card to show (the queue: `queue.next_card`), or None; `done`: today's
        answers if the caller keeps them (else counted here)."""
        with self.reading() as conn:
            return queue.next_card(
                conn,
                now,
                settings,
                scope or Scope(),
                prefer_new=prefer_new,
                exclude=exclude,
                done=done,
            )

    # -- writing answers --------------------------------------------------------------------
    @_guard
    def record_review(
        self,
        key: CardKey,
        grade: Grade,
        now: datetime,
        compute: reviews.Computer,
        *,
        duration_ms: int = 0,
        answer: dict[str, Any] | None = None,
        score: float | None = None,
        suggested: Grade | None = None,
        leech_threshold: int = 0,
    ) -> ReviewRecord:
        """Apply one answer and log it, in one committed transaction (`reviews.record`)."""
        with self.writing(answer=True) as conn:
            return reviews.record(
                conn,
                key,
                grade,
                now,
                compute,
                duration_ms=duration_ms,
                answer=answer,
                score=score,
                suggested=suggested,
                leech_threshold=leech_threshold,
            )

    @_guard
    def undo(self, review_id: int) -> CardKey | None:
        """Restore the card as it was before this answer and delete the log row.

        Returns the key, or None if the row is gone or is no longer the card's latest answer.
        """
        with self.writing() as conn:
            return reviews.undo(conn, review_id)

    @_guard
    def set_flags(
        self,
        key: CardKey,
        *,
        suspended: bool | None = None,
        buried_until: datetime | None = None,
        unbury: bool = False,
        now: datetime,
    ) -> None:
        """Suspend/unsuspend or bury (until a time) one card. The change is stamped `now`, the
        caller's injected clock (never the system's): the newest change wins when devices are
        merged."""
        sets: list[str] = ["flags_ms = :stamp"]
        params: dict[str, Any] = {"p": key.pack_id, "q": key.question_id, "stamp": to_ms(now)}
        if suspended is not None:
            sets.append("suspended = :s")
            params["s"] = suspended
        if buried_until is not None or unbury:
            sets.append("buried_until_ms = :b")
            params["b"] = to_ms(buried_until) if buried_until else None
        if len(sets) == 1:
            return
        with self.writing() as conn:
            result = conn.execute(
                f"UPDATE card SET {', '.join(sets)} WHERE pack_id = :p AND question_id = :q",
                params,
            )
            if result.rowcount == 0:
                raise StoreError(_("no such question in the database: {key}").format(key=key))
