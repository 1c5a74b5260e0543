"""Carry quizapp review states and their log into an Anki collection (`--with-progress`).

genanki writes every card as new, so the states are applied afterwards with SQL on the
package's collection: Anki's card columns (type, queue, due, ivl, factor, reps, lapses, left),
the FSRS memory state and last review time in `cards.data` as JSON {"s", "d", "lrt"}, and one
`revlog` row per answer, so Anki's statistics and its optimiser see the learner's history.

Day numbers: the collection is dated to the start of the learner's study day at export
(`crt`, with its UTC offset as `creationOffset` and their day start as `rollover`), so Anki's
"today" of the package is day 0 and a card due in N study days gets `due = N`. On import Anki
moves each due by the package's "today" minus the collection's, both counted in the importing
machine's zone, so the card lands on its day in every zone (UTC-11 to +14 alike).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.config import Settings
    from quizapp.export.anki import AnkiSchedule

# Anki card `type` and `queue` values.
_TYPE = {"learning": 1, "review": 2, "relearning": 3}
_QUEUE_SUSPENDED, _QUEUE_LEARN, _QUEUE_REVIEW, _QUEUE_DAY_LEARN = -1, 1, 2, 3
_SM2_EASE = 2500


def collection_clock(settings: Settings, now: datetime) -> dict[str, Any]:
    """The `col.crt` and the config keys that make `now`'s study day the package's day 0."""
    start = settings.day_start(now).astimezone(settings.zone())
    offset = start.utcoffset()
    assert offset is not None  # an aware datetime in a zone
    return {
        "crt": int(start.timestamp()),
        "conf": {
            "schedVer": 2,
            "rollover": settings.day_starts_hour,
            "creationOffset": -round(offset.total_seconds() / 60),
        },
    }


def apply_schedules(
    cursor: sqlite3.Cursor,
    states: Mapping[tuple[str, int | None], AnkiSchedule],
    settings: Settings,
    now: datetime,
) -> int:
    """Give cards their review state and log: (note GUID, template ordinal) -> state, where
    ordinal None means every card of the note (a cloze note's cards share one quizapp
    schedule; its log goes to the first card only, so Anki counts each answer once).
    Returns the number of cards changed."""
    today = settings.study_day(now)
    next_day = settings.next_day_start(now)
    used_ids: set[int] = set()
    changed = 0
    for (guid, ordinal), state in states.items():
        card_type = _TYPE.get(state.state)
        if card_type is None:
            continue  # new cards stay new
        due_day = (settings.study_day(state.due) - today).days
        if card_type == _TYPE["review"]:
            queue, due = _QUEUE_REVIEW, due_day
        elif state.due < next_day:  # a step later today (or overdue): a time, as Anki keeps it
            queue, due = _QUEUE_LEARN, int(state.due.timestamp())
        else:
            queue, due = _QUEUE_DAY_LEARN, due_day
        if state.suspended:
            queue = _QUEUE_SUSPENDED
        data: dict[str, float | int] = {}
        if state.stability is not None and state.difficulty is not None:
            data = {"s": round(state.stability, 4), "d": round(state.difficulty, 4)}
        if state.last_review is not None:
            # Anki's FSRS counts elapsed days (and Card Info its recall %) from `lrt`.
            data["lrt"] = int(state.last_review.timestamp())
        cards = [
            card_id
            for (card_id,) in cursor.execute(
                "SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid "
                "WHERE n.guid = ? AND (? IS NULL OR c.ord = ?) ORDER BY c.ord",
                (guid, ordinal, ordinal),
            ).fetchall()
        ]
        for card_id in cards:
            cursor.execute(
                "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, "
                "lapses = ?, left = ?, data = ? WHERE id = ?",
                (
                    card_type,
                    queue,
                    due,
                    state.interval_days,
                    _SM2_EASE,
                    state.reps,
                    state.lapses,
                    state.remaining_steps,
                    json.dumps(data) if data else "",
                    card_id,
                ),
            )
        if cards and state.revlog:
            _write_revlog(cursor, cards[0], state, used_ids)
        changed += len(cards)
    return changed


def _write_revlog(
    cursor: sqlite3.Cursor, card_id: int, state: AnkiSchedule, used: set[int]
) -> None:
    """The card's answers as revlog rows; a row id taken already (two cards answered in one
    millisecond) moves to the next free one, as Anki does."""
    rows = []
    for review in state.revlog:
        row_id = review.at_ms
        while row_id in used:
            row_id += 1
        used.add(row_id)
        rows.append(
            (
                row_id,
                card_id,
                -1,
                review.ease,
                review.interval,
                review.last_interval,
                review.factor,
                review.time_ms,
                review.kind,
            )
        )
    cursor.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
