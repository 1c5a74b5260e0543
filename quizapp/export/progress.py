"""Carry quizapp review states into an Anki collection (`--with-progress`).

genanki writes every card as new, so the states are applied afterwards with SQL on the
package's collection: Anki's card columns (type, queue, due, ivl, factor, reps, lapses) plus
the FSRS memory state and last review time in `cards.data` as JSON
{"s": stability, "d": difficulty, "lrt": epoch seconds}.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.export.anki import AnkiSchedule

# Anki card `type` and `queue` values.
_TYPE = {"learning": 1, "review": 2, "relearning": 3}
_QUEUE_SUSPENDED, _QUEUE_LEARN, _QUEUE_REVIEW, _QUEUE_DAY_LEARN = -1, 1, 2, 3
_DAY = 86_400
_ROLLOVER = timedelta(hours=4)


def anki_date(when: datetime | float) -> date:
    """The local study day of a moment, as Anki counts it (a day starts at 4:00 by default)."""
    stamp = when.timestamp() if isinstance(when, datetime) else when
    return (datetime.fromtimestamp(stamp) - _ROLLOVER).date()


def _collection_day(cursor: sqlite3.Cursor, when: datetime) -> int:
    """`when` as the collection's day number: study days since its creation day (`crt`).

    Anki re-bases review due days on import (source 'today' to target 'today'), so counting
    days the way Anki does keeps the interval exact.
    """
    (crt,) = cursor.execute("SELECT crt FROM col").fetchone()
    return (anki_date(when) - anki_date(float(crt))).days


def apply_schedules(
    cursor: sqlite3.Cursor, states: Mapping[tuple[str, int | None], AnkiSchedule], timestamp: float
) -> int:
    """Give cards their review state: (note GUID, template ordinal) -> state, where ordinal
    None means every card of the note (a cloze note's cards share one quizapp schedule).
    Returns the number of cards changed."""
    changed = 0
    for (guid, ordinal), state in states.items():
        card_type = _TYPE.get(state.state)
        if card_type is None:
            continue  # new cards stay new
        due_at = state.due.astimezone(UTC)
        if card_type == _TYPE["review"]:
            queue, due = _QUEUE_REVIEW, _collection_day(cursor, due_at)
        elif due_at.timestamp() - timestamp < _DAY:
            queue, due = _QUEUE_LEARN, int(due_at.timestamp())
        else:
            queue, due = _QUEUE_DAY_LEARN, _collection_day(cursor, due_at)
        if state.suspended:
            queue = _QUEUE_SUSPENDED
        data: dict[str, float | int] = {}
        if state.stability is not None and state.difficulty is not None:
            data = {"s": round(state.stability, 4), "d": round(state.difficulty, 4)}
        if state.last_review is not None:
            # Anki's FSRS counts elapsed days (and Card Info its recall %) from `lrt`.
            data["lrt"] = int(state.last_review.timestamp())
        cursor.execute(
            "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, "
            "lapses = ?, left = ?, data = ? "
            "WHERE nid IN (SELECT id FROM notes WHERE guid = ?) AND (? IS NULL OR ord = ?)",
            (
                card_type,
                queue,
                due,
                max(state.interval_days, 1) if card_type == _TYPE["review"] else 0,
                2500,
                state.reps,
                state.lapses,
                0 if card_type == _TYPE["review"] else 1,
                json.dumps(data) if data else "",
                guid,
                ordinal,
                ordinal,
            ),
        )
        changed += cursor.rowcount
    return changed
