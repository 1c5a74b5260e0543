"""A merged file's reviews into the review table (store.exchange.merge_progress), in the
merge's transaction: inserted as they are read, in file order, with no copy of them in a
temporary table (a million reviews took as long to copy there and back as to insert)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite3 import Connection

    from quizapp.store.exchange import MergeResult, Row

_INSERT_REVIEW = (
    "INSERT OR IGNORE INTO review (card_id, uid, device, reviewed_ms, grade, kind, duration_ms, "
    "answer, score, suggested, content_hash, before, after) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SEEN = (
    "INSERT INTO temp.incoming_seen (uid, kind, before, after) SELECT ?1, ?2, ?3, ?4 "
    "WHERE EXISTS (SELECT 1 FROM review WHERE uid = ?1 AND id <= ?5)"
)


class IncomingReviews:
    """The file's reviews go straight into the review table as they are read, in file order
    (no copy in a temporary table): card ids are looked up in a dict of the cards here, and
    a question this database has no card for gets an archived one (with its pack) when first
    met. Reviews already here are skipped by uid; those of them a merge may rewrite (the
    sender's log of a card it alone answered) are kept in temp.incoming_seen. The new rows are
    the ones past the largest id before the merge: `finish` finds the cards they touch."""

    def __init__(self, conn: Connection, now_ms: int) -> None:
        self.conn = conn
        self.now_ms = now_ms
        self.first_new = int(conn.execute("SELECT coalesce(max(id), 0) FROM review").fetchone()[0])
        self.cards: dict[tuple[str, str], int] = {
            (row[0], row[1]): row[2]
            for row in conn.execute("SELECT pack_id, question_id, id FROM card").fetchall()
        }
        self.packs = {row[0] for row in conn.execute("SELECT id FROM pack").fetchall()}
        self.total = 0
        self.added = 0

    def add(self, rows: list[Row]) -> None:
        """Insert one batch of exchanged reviews (REVIEW_COLUMNS order)."""
        cards, card_id = self.cards, self._card_id
        values = [
            (cards.get((r[2], r[3])) or card_id(r[2], r[3]), r[0], r[1], *r[4:]) for r in rows
        ]
        conn = self.conn
        start = conn.total_changes
        conn.executemany(_INSERT_REVIEW, values)
        added = conn.total_changes - start
        if added < len(rows):
            conn.executemany(_SEEN, [(r[0], r[6], r[12], r[13], self.first_new) for r in rows])
        self.total += len(rows)
        self.added += added

    def _card_id(self, pack_id: str, question_id: str) -> int:
        """The card of a question met for the first time here: an archived one, made now."""
        if pack_id not in self.packs:
            self.conn.execute(
                "INSERT OR IGNORE INTO pack (id, title) VALUES (?, ?)", (pack_id, pack_id)
            )
            self.packs.add(pack_id)
        cursor = self.conn.execute(
            "INSERT INTO card (pack_id, question_id, archived, added_ms) VALUES (?, ?, 1, ?)",
            (pack_id, question_id, self.now_ms),
        )
        card_id = self.cards[pack_id, question_id] = int(cursor.lastrowid or 0)
        return card_id

    def finish(self, result: MergeResult) -> None:
        """Counts, the questions in no pack here that got new reviews, and temp.affected: the
        cards that got new reviews."""
        result.added = self.added
        result.skipped = self.total - self.added
        conn = self.conn
        conn.execute("DROP TABLE IF EXISTS temp.affected")
        conn.execute(
            "CREATE TEMP TABLE affected (card_id INTEGER PRIMARY KEY, pack_id, question_id)"
        )
        conn.execute(
            "INSERT INTO temp.affected SELECT c.id, c.pack_id, c.question_id "
            "FROM card c WHERE c.id IN (SELECT card_id FROM review WHERE id > :first)",
            {"first": self.first_new},
        )
        homeless = conn.execute(
            "SELECT a.pack_id, a.question_id FROM temp.affected a JOIN card c "
            "ON c.id = a.card_id WHERE c.archived = 1 ORDER BY 1, 2"
        ).fetchall()
        result.homeless = [f"{row[0]}/{row[1]}" for row in homeless]
