"""`Store`: every read and write of review progress, one short transaction each.

The answer path (`record_review`) reads the card, computes the new state with a callback (the
scheduler, injected by the services so the store never imports fsrs) and writes the card and
its review-log row in one `BEGIN IMMEDIATE` transaction: committed before it returns.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from quizapp.config import Settings
from quizapp.domain import CardState, Grade
from quizapp.errors import QuizappError, StoreError
from quizapp.store.records import (
    AVAILABLE,
    STATE_CODE,
    CardInfo,
    DayCounts,
    ReviewRecord,
    Scope,
    SyncResult,
    from_ms,
    state_from_row,
    state_json,
    to_ms,
)

if TYPE_CHECKING:
    from sqlite3 import Connection

    from sqlalchemy import Engine
    from sqlmodel import Session

    from quizapp.store.db import Database

P = ParamSpec("P")
R = TypeVar("R")
Computer = Callable[[CardState, int], CardState]
"""(state before, card id) -> state after; the services pass the FSRS scheduler here."""

_DAY_COUNTS = (
    "SELECT coalesce(sum(kind = 0), 0) AS new, coalesce(sum(kind = 2), 0) AS rev "
    "FROM review WHERE reviewed_ms >= :day"
)
"""Answers since the study day began that count against the new and review limits."""
_CARD_COLS = (
    "id, pack_id, question_id, content_hash, archived, state, step, stability, difficulty, "
    "due_ms, last_review_ms, reps, lapses, suspended, buried_until_ms, leech"
)


def _guard(method: Callable[P, R]) -> Callable[P, R]:
    """Turn database errors into StoreError so users see a message, not a traceback."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from quizapp.store.migrations import explain

        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            path = getattr(args[0], "path", "the database")  # args[0] is the Store
            raise StoreError(explain(path, exc)) from exc

    return wrapper


def _info(row: Any) -> CardInfo:
    return CardInfo(
        id=row["id"],
        pack_id=row["pack_id"],
        question_id=row["question_id"],
        state=state_from_row(row),
        suspended=bool(row["suspended"]),
        leech=bool(row["leech"]),
        archived=bool(row["archived"]),
        buried_until=from_ms(row["buried_until_ms"]),
        content_hash=row["content_hash"],
    )


def split_key(key: str) -> tuple[str, str]:
    """`pack/question` -> (pack, question); StoreError for anything else."""
    pack_id, sep, question_id = key.partition("/")
    if not sep or not pack_id or not question_id:
        raise StoreError(f"not a question key: {key!r} (expected pack-id/question-id)")
    return pack_id, question_id


class Store:
    """Review progress in one SQLite file; safe to use from several processes at once."""

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.db = db
        self.backup: Path | None = None
        """The copy written before a migration in this open, if one ran."""
        self._engine: Engine | None = None

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
        with self.db.transaction() as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction taken with BEGIN IMMEDIATE; committed on leaving the block."""
        with self.db.transaction(immediate=True) as conn:
            yield conn

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
            raise StoreError(f"{self.path}: stored settings are invalid: {exc}") from exc

    @_guard
    def save_settings(self, settings: Settings) -> None:
        """Store every setting (one row per key)."""
        rows = [{"k": k, "v": json.dumps(v)} for k, v in settings.to_mapping().items()]
        with self.writing() as conn:
            conn.executemany(
                "INSERT INTO setting (key, value) VALUES (:k, :v) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                rows,
            )

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
                f"no pack {', '.join(unknown)} in {self.path} (packs studied: "
                f"{', '.join(known) or 'none yet'})"
            )

    @_guard
    def get(self, key: str) -> CardInfo | None:
        """One card by key (archived ones too), or None."""
        pack_id, question_id = split_key(key)
        with self.reading() as conn:
            rows = self._rows(
                conn,
                f"SELECT {_CARD_COLS} FROM card WHERE pack_id = :p AND question_id = :q",
                {"p": pack_id, "q": question_id},
            )
        return _info(rows[0]) if rows else None

    @_guard
    def suspended(self, scope: Scope | None = None) -> list[CardInfo]:
        """Suspended cards of current questions (archived ones never come back), by key."""
        condition, params = (scope or Scope()).sql()
        with self.reading() as conn:
            rows = self._rows(
                conn,
                f"SELECT {_CARD_COLS} FROM card WHERE suspended = 1 AND archived = 0{condition} "
                "ORDER BY pack_id, question_id",
                params,
            )
        return [_info(row) for row in rows]

    @_guard
    def card_states(self, keys: Sequence[str]) -> dict[str, CardInfo]:
        """Scheduling state of these keys (for export --with-progress); unknown keys omitted."""
        wanted = set(keys)
        packs = sorted({split_key(k)[0] for k in wanted})
        out: dict[str, CardInfo] = {}
        with self.reading() as conn:
            for pack_id in packs:
                for row in self._rows(
                    conn, f"SELECT {_CARD_COLS} FROM card WHERE pack_id = :p", {"p": pack_id}
                ):
                    info = _info(row)
                    if info.key in wanted:
                        out[info.key] = info
        return out

    @_guard
    def day_counts(self, day_start: datetime) -> DayCounts:
        """New questions introduced and reviews done since `day_start` (all packs)."""
        with self.reading() as conn:
            row = self._rows(conn, _DAY_COUNTS, {"day": to_ms(day_start)})[0]
        return DayCounts(new=int(row["new"]), reviews=int(row["rev"]))

    @_guard
    def pick(
        self,
        now: datetime,
        settings: Settings,
        scope: Scope | None = None,
        *,
        prefer_new: bool = False,
        exclude: Sequence[int] = (),
    ) -> CardInfo | None:
        """The next card to show (see docs/scheduling.md for the order), or None.

        One read transaction, two statements: today's counts, then every candidate queue as
        an arm of a UNION ALL (each an index seek with LIMIT 1), first by priority wins.
        """
        cond, params = (scope or Scope()).sql()
        if exclude:
            cond += f" AND id NOT IN ({', '.join(str(int(i)) for i in exclude)})"
        params.update(
            now=to_ms(now),
            end=to_ms(settings.next_day_start(now)),
            ahead=to_ms(now) + settings.learn_ahead_minutes * 60_000,
            day=to_ms(settings.day_start(now)),
        )
        where = f"AND {AVAILABLE}{cond}"
        learning = "state IN (1, 3) AND due_ms <= :{cut} " + where + " ORDER BY due_ms"
        review = f"state = 2 AND due_ms < :end {where} ORDER BY due_ms"
        new = f"state = 0 AND due_ms IS NULL {where} ORDER BY id"
        with self.reading() as conn:
            row = self._rows(conn, _DAY_COUNTS, params)[0]
            new_ok = row["new"] < settings.new_per_day
            review_ok = row["rev"] < settings.reviews_per_day
            arms = [learning.format(cut="now")]
            if new_ok and prefer_new:
                arms.append(new)
            if review_ok:
                arms.append(review)
            if new_ok and not prefer_new:
                arms.append(new)
            arms.append(learning.format(cut="ahead"))
            sql = " UNION ALL ".join(
                f"SELECT * FROM (SELECT {i} AS prio, {_CARD_COLS} FROM card WHERE {arm} LIMIT 1)"
                for i, arm in enumerate(arms)
            )
            rows = self._rows(conn, sql + " ORDER BY prio LIMIT 1", params)
        return _info(rows[0]) if rows else None

    # -- writing answers --------------------------------------------------------------------
    @_guard
    def record_review(
        self,
        key: str,
        grade: Grade,
        now: datetime,
        compute: Computer,
        *,
        duration_ms: int = 0,
        answer: dict[str, Any] | None = None,
        score: float | None = None,
        suggested: Grade | None = None,
        leech_threshold: int = 0,
    ) -> ReviewRecord:
        """Apply one answer and log it, in one committed transaction."""

        pack_id, question_id = split_key(key)
        with self.writing() as conn:
            rows = self._rows(
                conn,
                f"SELECT {_CARD_COLS} FROM card WHERE pack_id = :p AND question_id = :q",
                {"p": pack_id, "q": question_id},
            )
            if not rows:
                raise StoreError(f"no such question in the database: {key}")
            row = rows[0]
            before = state_from_row(row)
            after = compute(before, row["id"])
            lapsed = after.lapses > before.lapses
            became_leech = bool(
                leech_threshold
                and lapsed
                and after.lapses >= leech_threshold
                and (after.lapses - leech_threshold) % max(1, leech_threshold // 2) == 0
            )
            flags = {
                "suspended": bool(row["suspended"]),
                "leech": bool(row["leech"]),
                "buried_until_ms": row["buried_until_ms"],
            }
            after_flags = dict(flags, buried_until_ms=None)
            if became_leech:
                after_flags.update(suspended=True, leech=True)
            conn.execute(
                "UPDATE card SET state = :state, step = :step, stability = :stability, "
                "difficulty = :difficulty, due_ms = :due_ms, last_review_ms = :last, "
                "reps = :reps, lapses = :lapses, suspended = :suspended, leech = :leech, "
                "buried_until_ms = NULL WHERE id = :id",
                {
                    "state": STATE_CODE[after.state],
                    "step": after.step,
                    "stability": after.stability,
                    "difficulty": after.difficulty,
                    "due_ms": to_ms(after.due) if after.due else None,
                    "last": to_ms(after.last_review) if after.last_review else None,
                    "reps": after.reps,
                    "lapses": after.lapses,
                    "suspended": after_flags["suspended"],
                    "leech": after_flags["leech"],
                    "id": row["id"],
                },
            )
            result = conn.execute(
                "INSERT INTO review (card_id, reviewed_ms, grade, kind, duration_ms, answer, "
                "score, suggested, content_hash, before, after) VALUES (:c, :t, :g, :k, :d, "
                ":a, :s, :sg, :h, :b, :af)",
                {
                    "c": row["id"],
                    "t": to_ms(now),
                    "g": int(grade),
                    "k": row["state"],
                    "d": int(duration_ms),
                    "a": json.dumps(answer, ensure_ascii=False) if answer is not None else None,
                    "s": score,
                    "sg": int(suggested) if suggested is not None else None,
                    "h": row["content_hash"],
                    "b": state_json(before, **flags),
                    "af": state_json(after, **after_flags),
                },
            )
            assert result.lastrowid is not None  # an INSERT into a rowid table always has one
            review_id = result.lastrowid
        return ReviewRecord(review_id, key, before, after, became_leech)

    @_guard
    def undo(self, review_id: int) -> str | None:
        """Restore the card as it was before this answer and delete the log row.

        Returns the key, or None if the row is gone or is no longer the card's latest answer.
        """

        with self.writing() as conn:
            rows = self._rows(
                conn,
                "SELECT r.card_id, r.before, c.pack_id, c.question_id, "
                "(SELECT max(id) FROM review WHERE card_id = r.card_id) AS latest "
                "FROM review r JOIN card c ON c.id = r.card_id WHERE r.id = :id",
                {"id": review_id},
            )
            if not rows or rows[0]["latest"] != review_id:
                return None
            row = rows[0]
            before = json.loads(row["before"])
            conn.execute(
                "UPDATE card SET state = :state, step = :step, stability = :stability, "
                "difficulty = :difficulty, due_ms = :due_ms, last_review_ms = :last_review_ms, "
                "reps = :reps, lapses = :lapses, suspended = :suspended, leech = :leech, "
                "buried_until_ms = :buried_until_ms WHERE id = :id",
                {**before, "id": row["card_id"]},
            )
            conn.execute("DELETE FROM review WHERE id = :id", {"id": review_id})
        return f"{row['pack_id']}/{row['question_id']}"

    @_guard
    def set_flags(
        self,
        key: str,
        *,
        suspended: bool | None = None,
        buried_until: datetime | None = None,
        unbury: bool = False,
    ) -> None:
        """Suspend/unsuspend or bury (until a time) one card."""
        pack_id, question_id = split_key(key)
        sets: list[str] = []
        params: dict[str, Any] = {"p": pack_id, "q": question_id}
        if suspended is not None:
            sets.append("suspended = :s")
            params["s"] = suspended
        if buried_until is not None or unbury:
            sets.append("buried_until_ms = :b")
            params["b"] = to_ms(buried_until) if buried_until else None
        if not sets:
            return
        with self.writing() as conn:
            result = conn.execute(
                f"UPDATE card SET {', '.join(sets)} WHERE pack_id = :p AND question_id = :q",
                params,
            )
            if result.rowcount == 0:
                raise StoreError(f"no such question in the database: {key}")
