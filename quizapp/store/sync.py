"""Syncing a pack into the store: idempotent, cheap when nothing changed, never loses history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.digest import sha256
from quizapp.store.records import SyncResult, to_ms

if TYPE_CHECKING:
    from quizapp.store.repository import Store


def sync_pack(
    store: Store,
    pack_id: str,
    title: str,
    items: Sequence[tuple[str, str, Sequence[str]]],
    now: datetime,
) -> SyncResult:
    """Make the pack's cards match `items` (question id, content hash, tags).

    New ids are added, edited ones keep state and log (hash updated), missing ones are
    archived (kept, not scheduled) and come back with their history if they return.
    """
    digest = sha256(title.encode())
    for qid, chash, tags in sorted(items):
        digest.update(f"\0{qid}\0{chash}\0{' '.join(tags)}".encode())
    fingerprint = digest.hexdigest()
    with store.reading() as conn:
        found = conn.execute("SELECT fingerprint FROM pack WHERE id = :id", {"id": pack_id})
        row = found.fetchone()
    stored = row[0] if row else None
    if stored == fingerprint:
        return SyncResult(unchanged=True)

    now_ms = to_ms(now)
    wanted = {qid: (chash, f" {' '.join(tags)} " if tags else "") for qid, chash, tags in items}
    with store.writing() as conn:
        conn.execute(
            "INSERT INTO pack (id, title, fingerprint, synced_ms) VALUES (:id, :t, '', :n) "
            "ON CONFLICT(id) DO UPDATE SET title = excluded.title",
            {"id": pack_id, "t": title, "n": now_ms},
        )
        existing = {
            r["question_id"]: r
            for r in store._rows(
                conn,
                "SELECT id, question_id, content_hash, tags, archived FROM card WHERE pack_id = :p",
                {"p": pack_id},
            )
        }
        added = [
            {"p": pack_id, "q": qid, "h": h, "t": t, "n": now_ms}
            for qid, (h, t) in wanted.items()
            if qid not in existing
        ]
        if added:
            conn.executemany(
                "INSERT INTO card (pack_id, question_id, content_hash, tags, added_ms) "
                "VALUES (:p, :q, :h, :t, :n)",
                added,
            )
        edited, retag, archive, restore = [], [], [], []
        for qid, row in existing.items():
            if qid not in wanted:
                if not row["archived"]:
                    archive.append({"id": row["id"]})
                continue
            h, t = wanted[qid]
            if row["archived"]:
                restore.append({"id": row["id"]})
            if row["content_hash"] != h:
                edited.append({"id": row["id"], "h": h, "n": now_ms})
            if row["tags"] != t:
                retag.append({"id": row["id"], "t": t})
        for sql, rows in (
            ("UPDATE card SET content_hash = :h, edited_ms = :n WHERE id = :id", edited),
            ("UPDATE card SET tags = :t WHERE id = :id", retag),
            ("UPDATE card SET archived = 1 WHERE id = :id", archive),
            ("UPDATE card SET archived = 0 WHERE id = :id", restore),
        ):
            if rows:
                conn.executemany(sql, rows)
        conn.execute(
            "UPDATE pack SET fingerprint = :f, synced_ms = :n WHERE id = :id",
            {"f": fingerprint, "n": now_ms, "id": pack_id},
        )
    return SyncResult(len(added), len(edited), len(archive), len(restore))
