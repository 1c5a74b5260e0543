"""Bring review history from another app (Anki) into the store: log rows and card state.

Idempotent: a review already logged for the card at the same millisecond is not logged again,
and a card answered in quizapp after the newest imported review keeps its quizapp state, so
importing a newer version of a deck never rewinds what was studied here since.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizapp.domain import CardState
from quizapp.store.records import STATE_COLUMNS, state_columns, to_ms

if TYPE_CHECKING:
    from quizapp.store.repository import Store

_IMPORTED = json.dumps({"imported": "anki"})
_UPDATE_CARD = (
    "UPDATE card SET "
    + ", ".join(f"{column} = :{column}" for column in STATE_COLUMNS)
    + ", suspended = :suspended, leech = :leech WHERE id = :id"
)
"""The imported state (the one CardState -> columns mapping) and the imported flags."""


@dataclass(frozen=True)
class ImportedReview:
    """One answer from the other app's log."""

    reviewed_ms: int
    grade: int
    """1 Again .. 4 Easy."""
    kind: int
    """State before the answer: 0 new/learning, 1 review... as quizapp counts (0..3)."""
    duration_ms: int = 0


@dataclass(frozen=True)
class ImportedCard:
    """A question's state and history as the other app left them."""

    question_id: str
    state: CardState
    reviews: tuple[ImportedReview, ...] = ()
    suspended: bool = False
    leech: bool = False


@dataclass(frozen=True)
class HistoryResult:
    """What the import changed."""

    reviews: int = 0
    cards: int = 0
    kept: int = 0
    """Cards left as they were because they were answered in quizapp since."""
    missing: int = 0
    """Cards not in the database (the pack was not synced)."""


def import_history(store: Store, pack_id: str, cards: Sequence[ImportedCard]) -> HistoryResult:
    """Log the reviews and set each card's state, in one transaction."""
    logged = updated = kept = missing = 0
    with store.writing() as conn:
        rows = {
            r["question_id"]: r
            for r in store._rows(
                conn,
                "SELECT id, question_id, content_hash, last_review_ms FROM card WHERE pack_id = :p",
                {"p": pack_id},
            )
        }
        for card in cards:
            row = rows.get(card.question_id)
            if row is None:
                missing += 1
                continue
            seen = {
                r[0]
                for r in conn.execute(
                    "SELECT reviewed_ms FROM review WHERE card_id = :c", {"c": row["id"]}
                )
            }
            fresh = [
                {
                    "c": row["id"],
                    "t": r.reviewed_ms,
                    "g": r.grade,
                    "k": r.kind,
                    "d": r.duration_ms,
                    "a": _IMPORTED,
                    "h": row["content_hash"],
                }
                for r in card.reviews
                if r.reviewed_ms not in seen
            ]
            if fresh:
                conn.executemany(
                    "INSERT INTO review (card_id, reviewed_ms, grade, kind, duration_ms, answer, "
                    "content_hash, before, after, device) VALUES (:c, :t, :g, :k, :d, :a, :h, "
                    "'{}', '{}', (SELECT id FROM device WHERE local = 1))",
                    fresh,
                )
                logged += len(fresh)
            ours = row["last_review_ms"]
            theirs = to_ms(card.state.last_review) if card.state.last_review else None
            if ours is not None and (theirs is None or ours > theirs):
                kept += 1
                continue
            conn.execute(
                _UPDATE_CARD,
                {
                    **state_columns(card.state),
                    "suspended": card.suspended,
                    "leech": card.leech,
                    "id": row["id"],
                },
            )
            updated += 1
    return HistoryResult(logged, updated, kept, missing)


__all__ = ["HistoryResult", "ImportedCard", "ImportedReview", "import_history"]
