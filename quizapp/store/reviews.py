"""Recording and undoing reviews: the answer path's writes, each in the caller's transaction.

`record` reads the card, computes the new state with a callback (the scheduler, injected by
the services so the store never imports fsrs), then updates the card and appends its review-log
row. The card's columns and the log's before/after JSON both come from one mapping,
`records.state_columns`, and `undo` writes the before JSON back through the same UPDATE.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from quizapp.domain import CardKey, CardState, Grade
from quizapp.errors import StoreError
from quizapp.i18n import _
from quizapp.store.records import (
    CARD_COLUMNS,
    STATE_COLUMNS,
    ReviewRecord,
    state_columns,
    state_from_row,
    to_ms,
)

if TYPE_CHECKING:
    from sqlite3 import Connection

Computer = Callable[[CardState, int], CardState]
"""(state before, card id) -> state after; the services pass the FSRS scheduler here."""

FLAG_COLUMNS = ("suspended", "leech", "buried_until_ms")
"""The card's flags an answer can change (a leech is suspended; an answer unburies)."""

_UPDATE_CARD = (
    "UPDATE card SET "
    + ", ".join(f"{column} = :{column}" for column in (*STATE_COLUMNS, *FLAG_COLUMNS))
    + " WHERE id = :id"
)
_INSERT_REVIEW = (
    "INSERT INTO review (card_id, reviewed_ms, grade, kind, duration_ms, answer, score, "
    "suggested, content_hash, before, after, uid, device) VALUES (:card_id, :reviewed_ms, "
    ":grade, :kind, :duration_ms, :answer, :score, :suggested, :content_hash, :before, :after, "
    "lower(hex(randomblob(16))), (SELECT id FROM device WHERE local = 1))"
)
"""A new answer gets a random global id and this device's id (docs/sync.md)."""


def log_json(columns: dict[str, Any]) -> str:
    """The review log's before/after: the card columns an undo writes back, as compact JSON,
    exactly what `json.dumps(columns, separators=(",", ":"))` writes.

    A merge writes one or two per answer it reads or replays, so this calls the json module's
    C encoder made once (json.dumps makes an encoder per call, a third of its time)."""
    if _ENCODE is None:
        return json.dumps(columns, separators=(",", ":"))
    return "".join(_ENCODE(columns, 0))


def _c_encoder() -> Callable[[Any, int], Any] | None:
    """json.dumps's own C encoder with its settings for `separators=(",", ":")` (None when the
    json module has no C speedups): no circular-reference check, which a log's flat mapping
    of numbers never needs."""
    from json.encoder import (  # type: ignore[attr-defined]
        c_make_encoder,
        encode_basestring_ascii,
    )

    if c_make_encoder is None:
        return None
    default = json.JSONEncoder().default
    return c_make_encoder(  # type: ignore[no-any-return]
        None, default, encode_basestring_ascii, None, ":", ",", False, False, True
    )


_ENCODE = _c_encoder()


def becomes_leech(before: CardState, after: CardState, threshold: int) -> bool:
    """A lapse that reaches the threshold, then every half threshold more (Anki's rule)."""
    return bool(
        threshold
        and after.lapses > before.lapses
        and after.lapses >= threshold
        and (after.lapses - threshold) % max(1, threshold // 2) == 0
    )


def flags_after_answer(flags: dict[str, Any], became_leech: bool) -> dict[str, Any]:
    """The card's flags after an answer: it ends a burial, and a leech is suspended and
    tagged. The answer path and the replay of a merged log (services.progress) both use it."""
    after = dict(flags, buried_until_ms=None)
    if became_leech:
        after.update(suspended=True, leech=True)
    return after


def record(
    conn: Connection,
    key: CardKey,
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
    """Apply one answer to the card and log it (inside the caller's write transaction)."""
    row = conn.execute(
        f"SELECT {CARD_COLUMNS} FROM card WHERE pack_id = :p AND question_id = :q",
        {"p": key.pack_id, "q": key.question_id},
    ).fetchone()
    if row is None:
        raise StoreError(_("no such question in the database: {key}").format(key=key))
    before = state_from_row(row)
    after = compute(before, row["id"])
    became_leech = becomes_leech(before, after, leech_threshold)
    flags = {column: row[column] for column in FLAG_COLUMNS}
    flags.update(suspended=bool(flags["suspended"]), leech=bool(flags["leech"]))
    after_flags = flags_after_answer(flags, became_leech)
    after_columns = {**state_columns(after), **after_flags}
    conn.execute(_UPDATE_CARD, {**after_columns, "id": row["id"]})
    if after_flags != flags:  # a leech suspended or a burial ended: newest change wins a merge
        conn.execute(
            "UPDATE card SET flags_ms = :n WHERE id = :id", {"n": to_ms(now), "id": row["id"]}
        )
    logged = conn.execute(
        _INSERT_REVIEW,
        {
            "card_id": row["id"],
            "reviewed_ms": to_ms(now),
            "grade": int(grade),
            "kind": row["state"],
            "duration_ms": int(duration_ms),
            "answer": json.dumps(answer, ensure_ascii=False) if answer is not None else None,
            "score": score,
            "suggested": int(suggested) if suggested is not None else None,
            "content_hash": row["content_hash"],
            "before": log_json({**state_columns(before), **flags}),
            "after": log_json(after_columns),
        },
    )
    assert logged.lastrowid is not None  # an INSERT into a rowid table always has one
    return ReviewRecord(logged.lastrowid, key, before, after, became_leech)


def undo(conn: Connection, review_id: int) -> CardKey | None:
    """Put the card back as it was before this answer and delete the log row.

    Returns the key, or None if the row is gone or is no longer the card's latest answer.
    """
    row = conn.execute(
        "SELECT r.card_id, r.before, c.pack_id, c.question_id, "
        "(SELECT max(id) FROM review WHERE card_id = r.card_id) AS latest "
        "FROM review r JOIN card c ON c.id = r.card_id WHERE r.id = :id",
        {"id": review_id},
    ).fetchone()
    if row is None or row["latest"] != review_id:
        return None
    conn.execute(_UPDATE_CARD, {**json.loads(row["before"]), "id": row["card_id"]})
    conn.execute("DELETE FROM review WHERE id = :id", {"id": review_id})
    return CardKey(row["pack_id"], row["question_id"])
