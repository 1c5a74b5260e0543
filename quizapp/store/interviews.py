"""Mock interview reports in the `interview` table, and sending an interview's misses back
into study. The Store opens the transaction; these are its statements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from quizapp.domain.keys import CardKey
from quizapp.store.records import to_ms

if TYPE_CHECKING:
    from quizapp.store.repository import Store

COLUMNS = (
    "started_ms",
    "seconds_allowed",
    "seconds_used",
    "planned",
    "answered",
    "points",
    "scope",
    "report",
)


def save_interview(store: Store, row: dict[str, Any]) -> int:
    """Insert one report (the COLUMNS of `row`); its id."""
    with store.writing() as conn:
        cursor = conn.execute(
            f"INSERT INTO interview ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join(':' + c for c in COLUMNS)})",
            {c: row[c] for c in COLUMNS},
        )
        return int(cursor.lastrowid or 0)


def list_interviews(store: Store) -> list[dict[str, Any]]:
    """Every report, oldest first, as column -> value (with `id`)."""
    with store.reading() as conn:
        rows = conn.execute(
            f"SELECT id, {', '.join(COLUMNS)} FROM interview ORDER BY started_ms, id"
        ).fetchall()
    return [dict(zip(("id", *COLUMNS), row, strict=True)) for row in rows]


def bring_forward(store: Store, keys: Sequence[CardKey], now: datetime) -> tuple[int, int]:
    """Make these questions due now: a studied card's due moves to `now` (state, stability
    and the review log stay as they are) and it is unburied; a new card stays new, and comes
    with today's new questions. Returns (moved, new)."""
    moved = new = 0
    with store.writing() as conn:
        for key in keys:
            params = {"p": key.pack_id, "q": key.question_id, "now": to_ms(now)}
            result = conn.execute(
                "UPDATE card SET due_ms = MIN(COALESCE(due_ms, :now), :now), "
                "buried_until_ms = NULL WHERE pack_id = :p AND question_id = :q AND state != 0",
                params,
            )
            if result.rowcount:
                moved += 1
            else:
                new += 1
    return moved, new
