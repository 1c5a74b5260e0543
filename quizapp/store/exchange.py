"""Progress moving between devices, the store's side (docs/sync.md): read it out for a file,
merge a file's in.

Merging is one write transaction, so a merge killed at any point leaves the database as it
was: reviews already here are skipped by their global id; a review of a question this
database has no card for keeps its history on an archived card (scheduled again when a pack
brings the question back); every card that gained a review gets the state its merged log
gives, computed by the `Replay` the services inject (the store never imports the
scheduler); flags, settings and parameters: the newest change wins.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from quizapp.config import Settings
from quizapp.domain import CardKey
from quizapp.errors import QuizappError, StoreError
from quizapp.i18n import _
from quizapp.store.incoming import IncomingReviews
from quizapp.store.records import STATE_COLUMNS

if TYPE_CHECKING:
    from sqlite3 import Connection

    from quizapp.store.repository import Store

REVIEW_COLUMNS = (
    "uid",
    "device",
    "pack_id",
    "question_id",
    "reviewed_ms",
    "grade",
    "kind",
    "duration_ms",
    "answer",
    "score",
    "suggested",
    "content_hash",
    "before",
    "after",
)
"""One exchanged review, in this order (before/after/answer as the log's JSON text)."""
CARD_COLUMNS = (
    "pack_id",
    "question_id",
    *STATE_COLUMNS,
    "suspended",
    "leech",
    "buried_until_ms",
    "flags_ms",
    "reviews",
)
"""One exchanged card: its state, flags, when they changed and how many reviews it has."""
SETTING_COLUMNS = ("key", "value", "changed_ms")
PARAMETER_COLUMNS = ("pack_id", "parameters", "fitted_ms", "reviews", "report")

Row = tuple[Any, ...]
Batch = tuple[str, list[Row]]
"""("review" | "card" | "setting" | "parameters", rows in that kind's column order)."""

LogRow = tuple[int, int, int, int, str, str]
"""(review id, reviewed ms, grade, kind, before JSON, after JSON), in replay order."""


@dataclass(frozen=True)
class Replayed:
    """What replaying one card's merged log gives."""

    changed: list[tuple[int, int, str, str]]
    """The log rows whose kind or before/after changed, as (id, kind, before, after)."""
    final: dict[str, Any]
    """The card's state columns at the end."""
    leech_ms: int | None = None
    """When the last answer that made it a leech was given (it is then suspended and tagged,
    unless its flags changed later)."""


Replay = Callable[[CardKey, Settings, "tuple[float, ...] | None", list[LogRow]], Replayed]
"""(card, settings, parameters, merged log) -> what its replay gives."""


@dataclass
class MergeResult:
    """What a merge did."""

    added: int = 0
    skipped: int = 0
    """Reviews the database already had."""
    replayed: int = 0
    """Cards whose merged log was replayed through the scheduler."""
    adopted: int = 0
    """Cards given the sender's state as it was (the sender had every review of them)."""
    homeless: list[str] = field(default_factory=list)
    """Keys of questions with new reviews that no pack here has (kept on archived cards)."""
    flags: int = 0
    settings: int = 0
    parameters: int = 0
    leeches: int = 0
    """Cards suspended and tagged leech because a replayed lapse made them one."""


def local_device(conn: Connection) -> str:
    """This database's device id."""
    row = conn.execute("SELECT id FROM device WHERE local = 1").fetchone()
    if row is None:
        raise StoreError(_("the database has no machine id"))
    return str(row[0])


def read_progress(store: Store) -> Iterator[Batch]:
    """Everything worth carrying, from one snapshot: reviews in time order (with their card
    keys), then studied or flagged cards, settings, and the parameters in use per pack."""
    from quizapp.store.params import _NEWEST

    with store.reading() as conn:
        device = local_device(conn)
        cursor = conn.execute(
            "SELECT r.uid, CASE r.device WHEN '' THEN :d ELSE r.device END, c.pack_id, "
            "c.question_id, r.reviewed_ms, r.grade, r.kind, r.duration_ms, r.answer, r.score, "
            "r.suggested, r.content_hash, r.before, r.after "
            "FROM review r JOIN card c ON c.id = r.card_id ORDER BY r.reviewed_ms, r.uid",
            {"d": device},
        )
        cursor.row_factory = None
        while rows := cursor.fetchmany(10_000):
            yield "review", rows
        counted = ", ".join(f"c.{name}" for name in CARD_COLUMNS[:-1])
        cursor = conn.execute(
            f"SELECT {counted}, (SELECT count(*) FROM review r WHERE r.card_id = c.id) "
            "FROM card c WHERE c.reps > 0 OR c.flags_ms > 0 "
            "OR EXISTS (SELECT 1 FROM review r WHERE r.card_id = c.id) "
            "ORDER BY c.pack_id, c.question_id"
        )
        cursor.row_factory = None
        while rows := cursor.fetchmany(10_000):
            yield "card", rows
        cursor = conn.execute("SELECT key, value, changed_ms FROM setting ORDER BY key")
        cursor.row_factory = None
        yield "setting", cursor.fetchall()
        cursor = conn.execute(
            f"SELECT {', '.join(PARAMETER_COLUMNS)} FROM ({_NEWEST}) ORDER BY pack_id"
        )
        cursor.row_factory = None
        yield "parameters", cursor.fetchall()


def merge_progress(
    store: Store,
    sender: str,
    sent_ms: int,
    batches: Iterable[Batch],
    replay: Replay,
    now_ms: int,
) -> MergeResult:
    """Merge one device's progress (`sender`, written at `sent_ms`), all or nothing (see the
    module docstring). `batches` may raise (a bad line): the transaction is then rolled back
    and the error passes on."""
    result = MergeResult()
    with store.writing() as conn, _larger_cache(conn):
        conn.execute("DROP TABLE IF EXISTS temp.incoming_card")
        conn.execute(f"CREATE TEMP TABLE incoming_card ({', '.join(CARD_COLUMNS)})")
        conn.execute("DROP TABLE IF EXISTS temp.incoming_seen")
        conn.execute("CREATE TEMP TABLE incoming_seen (uid, kind, before, after)")
        adding = IncomingReviews(conn, now_ms)
        settings: list[Row] = []
        parameters: list[Row] = []
        marks = ", ".join("?" * len(CARD_COLUMNS))
        for kind, rows in batches:
            if kind == "review":
                adding.add(rows)
            elif kind == "card":
                conn.executemany(f"INSERT INTO temp.incoming_card VALUES ({marks})", rows)
            elif kind == "setting":
                settings += rows
            elif kind == "parameters":
                parameters += rows
        adding.finish(result)
        result.flags = _merge_flags(conn)
        result.settings = _merge_settings(conn, settings)
        result.parameters = _merge_parameters(conn, parameters)
        _recompute(conn, result, replay)
        conn.execute(
            "INSERT INTO device (id, merged_ms) VALUES (:d, :n) "
            "ON CONFLICT(id) DO UPDATE SET merged_ms = excluded.merged_ms",
            {"d": sender, "n": sent_ms},
        )
        conn.execute("DROP TABLE temp.incoming_card")
        conn.execute("DROP TABLE temp.incoming_seen")
    return result


MERGE_CACHE_KIB = 256 * 1024
"""SQLite's page cache during a merge: a million reviews go into the log's indexes (by card,
by time, by uid) all over them; with the default 2 MiB each insert read a page back from the
file and wrote another out. The cache grows only as pages are used."""


@contextmanager
def _larger_cache(conn: Connection) -> Iterator[None]:
    """`MERGE_CACHE_KIB` of page cache on this connection for the block, then as it was (the
    connection goes back to the pool)."""
    before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(sqlite3.Error):  # never hide what made the block fail
            conn.execute(f"PRAGMA cache_size = {before}")


_FLAGS_ORDER = "({t}.flags_ms, {t}.suspended, {t}.leech, coalesce({t}.buried_until_ms, -1))"
"""How two flag changes are ordered: the later wins; at equal times the larger values."""


def _merge_flags(conn: Connection) -> int:
    """Suspended/leech/buried of each incoming card: the newer change wins (ties: the larger
    values, so both sides pick the same)."""
    newer = f"{_FLAGS_ORDER.format(t='i')} > {_FLAGS_ORDER.format(t='card')}"
    start = conn.total_changes
    conn.execute(
        "UPDATE card SET suspended = i.suspended, leech = i.leech, "
        "buried_until_ms = i.buried_until_ms, flags_ms = i.flags_ms FROM temp.incoming_card i "
        f"WHERE card.pack_id = i.pack_id AND card.question_id = i.question_id AND {newer}"
    )
    return conn.total_changes - start


def _merge_settings(conn: Connection, rows: list[Row]) -> int:
    """Each setting: the newer change wins (ties: the larger JSON text). QuizappError, with
    nothing changed, if the result is not valid settings."""
    mine = {r[0]: (r[2], r[1]) for r in conn.execute("SELECT key, value, changed_ms FROM setting")}
    taken = [
        (key, value, changed)
        for key, value, changed in rows
        if key not in mine or (changed, value) > mine[key]
    ]
    if not taken:
        return 0
    merged = {key: value for key, (_, value) in mine.items()}
    merged.update({key: value for key, value, _ in taken})
    try:
        Settings.from_mapping({key: json.loads(value) for key, value in merged.items()})
    except (ValueError, QuizappError) as exc:
        why = _("the settings it carries are not valid here: {why}").format(why=exc)
        raise QuizappError(why) from exc
    conn.executemany(
        "INSERT INTO setting (key, value, changed_ms) VALUES (?, ?, ?) ON CONFLICT(key) DO "
        "UPDATE SET value = excluded.value, changed_ms = excluded.changed_ms",
        taken,
    )
    return len(taken)


def _merge_parameters(conn: Connection, rows: list[Row]) -> int:
    """A pack's parameters are taken when fitted later than the ones in use here."""
    from quizapp.store.params import _NEWEST

    newest = {r["pack_id"]: r["fitted_ms"] for r in conn.execute(_NEWEST)}
    taken = [row for row in rows if row[2] > newest.get(row[0], -1)]
    conn.executemany(
        "INSERT INTO fsrs_params (pack_id, parameters, fitted_ms, reviews, report) "
        "VALUES (?, ?, ?, ?, ?)",
        taken,
    )
    return len(taken)


def _recompute(conn: Connection, result: MergeResult, replay: Replay) -> None:
    """Each affected card: the sender's state when the sender had every review it now has,
    else the state its merged log replays to (rows whose before/after changed rewritten)."""
    from quizapp.store.params import _NEWEST, ALL_PACKS

    rows = conn.execute("SELECT key, value FROM setting").fetchall()
    settings = Settings.from_mapping({r[0]: json.loads(r[1]) for r in rows})
    fitted = {
        r["pack_id"]: tuple(float(p) for p in json.loads(r["parameters"]))
        for r in conn.execute(_NEWEST)
    }
    state_sets = ", ".join(f"{name} = :{name}" for name in STATE_COLUMNS)
    adopt = conn.execute(
        f"SELECT a.card_id, {', '.join('i.' + n for n in STATE_COLUMNS)} FROM temp.affected a "
        "JOIN temp.incoming_card i ON i.pack_id = a.pack_id AND i.question_id = a.question_id "
        "WHERE i.reviews = (SELECT count(*) FROM review r WHERE r.card_id = a.card_id)"
    ).fetchall()
    conn.executemany(
        f"UPDATE card SET {state_sets} WHERE id = :id",
        [{"id": row[0], **dict(zip(STATE_COLUMNS, row[1:], strict=True))} for row in adopt],
    )
    result.adopted = len(adopt)
    conn.execute("CREATE TEMP TABLE adopted (card_id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO temp.adopted VALUES (?)", [(row[0],) for row in adopt])
    # Their log as the sender has it too (its replay may have rewritten what this one holds):
    # the rows that were here already (the new ones are the sender's as they came).
    conn.execute(
        "UPDATE review SET kind = i.kind, before = i.before, after = i.after "
        "FROM temp.incoming_seen i WHERE review.uid = i.uid "
        "AND review.card_id IN (SELECT card_id FROM temp.adopted) "
        "AND (review.kind, review.before, review.after) IS NOT (i.kind, i.before, i.after)"
    )
    conn.execute("DELETE FROM temp.affected WHERE card_id IN (SELECT card_id FROM temp.adopted)")
    conn.execute("DROP TABLE temp.adopted")
    # In the index's order (no sort of the whole log by SQLite); each card's few rows are put
    # in time order (ties by uid) here.
    cursor = conn.execute(
        "SELECT a.card_id, a.pack_id, a.question_id, r.reviewed_ms, r.uid, r.id, r.reviewed_ms, "
        "r.grade, r.kind, r.before, r.after FROM temp.affected a "
        "JOIN review r ON r.card_id = a.card_id ORDER BY a.card_id, r.id"
    )
    cursor.row_factory = None
    cards: list[dict[str, Any]] = []
    changed: list[tuple[int, str, str, int]] = []
    leeches: list[tuple[int, int]] = []
    in_time_order = itemgetter(3, 4)
    for (card_id, pack_id, question_id), group in groupby(cursor, key=lambda r: r[:3]):
        log: list[LogRow] = [row[5:] for row in sorted(group, key=in_time_order)]
        params = fitted.get(pack_id, fitted.get(ALL_PACKS))
        replayed = replay(CardKey(pack_id, question_id), settings, params, log)
        changed += [
            (kind, before, after, review_id) for review_id, kind, before, after in replayed.changed
        ]
        cards.append({**replayed.final, "id": card_id})
        if replayed.leech_ms is not None:
            leeches.append((replayed.leech_ms, card_id))
    changed.sort(key=itemgetter(3))  # in table order: each page of the log read and written once
    conn.executemany("UPDATE review SET kind = ?, before = ?, after = ? WHERE id = ?", changed)
    conn.executemany(f"UPDATE card SET {state_sets} WHERE id = :id", cards)
    result.replayed = len(cards)
    result.leeches = _suspend_leeches(conn, leeches)


def _suspend_leeches(conn: Connection, leeches: list[tuple[int, int]]) -> int:
    """Suspend and tag the cards a replayed answer made leeches, as the answer did on its
    device, unless their flags changed later: a flag change at that time, ordered as
    `_merge_flags` orders them, so every device settles alike."""
    start = conn.total_changes
    conn.executemany(
        "UPDATE card SET suspended = 1, leech = 1, buried_until_ms = NULL, flags_ms = ?1 "
        f"WHERE id = ?2 AND (?1, 1, 1, -1) > {_FLAGS_ORDER.format(t='card')}",
        leeches,
    )
    return conn.total_changes - start


def merged_marks(store: Store) -> dict[str, int]:
    """Each other device's `merged_ms`: the write time of its file merged last."""
    with store.reading() as conn:
        rows = conn.execute("SELECT id, merged_ms FROM device WHERE local = 0").fetchall()
    return {str(row[0]): int(row[1]) for row in rows}


def devices(store: Store) -> list[tuple[str, bool, int, int]]:
    """(id, is this device, merged_ms, reviews made there) of every device known here."""
    with store.reading() as conn:
        local = local_device(conn)
        rows = conn.execute(
            "SELECT d.id, d.local, d.merged_ms, (SELECT count(*) FROM review r WHERE r.device = "
            "d.id OR (d.local = 1 AND r.device = '')) FROM device d ORDER BY d.local DESC, d.id"
        ).fetchall()
    return [(str(r[0]), str(r[0]) == local, int(r[2]), int(r[3])) for r in rows]
