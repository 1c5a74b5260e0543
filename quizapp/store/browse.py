"""Reads and changes for the browse screen: every card with its state and last answer, one
card's review history, and "forget" (back to new, history kept).

Read through a SQLModel session (people look at these; see the package docstring). "Due" is
records.DUE_TODAY over AVAILABLE cards, the one definition `stats` and the home screen count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.config import Settings
from quizapp.domain import CardKey, CardState
from quizapp.store.records import (
    AVAILABLE,
    DUE_TODAY,
    STATE_COLUMNS,
    due_params,
    state_columns,
    to_ms,
)

if TYPE_CHECKING:
    from quizapp.store.repository import Store


@dataclass(frozen=True)
class BrowsedCard:
    """One card as the browse table shows it."""

    key: CardKey
    state: int
    """0 new, 1 learning, 2 review, 3 relearning."""
    suspended: bool
    buried: bool
    """Buried until a time after now."""
    leech: bool
    due_ms: int | None
    due_today: bool
    """records.DUE_TODAY over an available card."""
    reps: int
    lapses: int
    stability: float | None
    difficulty: float | None
    last_review_ms: int | None
    last_grade: int | None


@dataclass(frozen=True)
class HistoryEntry:
    """One answer in a card's review history."""

    reviewed_ms: int
    grade: int
    kind: int
    """The card's state before the answer (0 new ... 3 relearning)."""
    duration_ms: int
    interval_ms: int | None
    """Time from the answer to the due date it set (None if the log has no state after)."""


def browse_cards(store: Store, now: datetime, settings: Settings) -> dict[CardKey, BrowsedCard]:
    """Every card in the database that is not archived, by key."""
    from sqlalchemy import text
    from sqlmodel import col, func, select

    from quizapp.store.models import CardRow, ReviewRow

    last = (
        select(col(ReviewRow.card_id), func.max(ReviewRow.id).label("last_id"))
        .group_by(col(ReviewRow.card_id))
        .subquery()
    )
    cards = (
        select(CardRow, ReviewRow.grade)
        .outerjoin(last, col(CardRow.id) == last.c.card_id)
        .outerjoin(ReviewRow, col(ReviewRow.id) == last.c.last_id)
        .where(~col(CardRow.archived))
    )
    wanted = f"{AVAILABLE} AND {DUE_TODAY}"
    params = {k: v for k, v in due_params(settings, now).items() if f":{k}" in wanted}
    due_today = select(CardRow.id).where(text(wanted).bindparams(**params))
    now_ms = to_ms(now)
    with store.session() as session:
        due_ids = set(session.exec(due_today).all())
        rows = session.exec(cards).all()
    out: dict[CardKey, BrowsedCard] = {}
    for card, grade in rows:
        key = CardKey(card.pack_id, card.question_id)
        out[key] = BrowsedCard(
            key=key,
            state=card.state,
            suspended=card.suspended,
            buried=card.buried_until_ms is not None and card.buried_until_ms > now_ms,
            leech=card.leech,
            due_ms=card.due_ms,
            due_today=card.id in due_ids,
            reps=card.reps,
            lapses=card.lapses,
            stability=card.stability,
            difficulty=card.difficulty,
            last_review_ms=card.last_review_ms,
            last_grade=grade,
        )
    return out


def card_history(store: Store, key: CardKey) -> list[HistoryEntry]:
    """Every answer to one card, oldest first."""
    from sqlmodel import col, select

    from quizapp.store.models import CardRow, ReviewRow

    query = (
        select(ReviewRow)
        .join(CardRow, col(CardRow.id) == col(ReviewRow.card_id))
        .where(col(CardRow.pack_id) == key.pack_id, col(CardRow.question_id) == key.question_id)
        .order_by(col(ReviewRow.reviewed_ms), col(ReviewRow.id))
    )
    with store.session() as session:
        reviews = session.exec(query).all()
    out = []
    for review in reviews:
        try:
            due = json.loads(review.after).get("due_ms")
        except (ValueError, AttributeError):
            due = None
        out.append(
            HistoryEntry(
                reviewed_ms=review.reviewed_ms,
                grade=review.grade,
                kind=review.kind,
                duration_ms=review.duration_ms,
                interval_ms=due - review.reviewed_ms if isinstance(due, int) else None,
            )
        )
    return out


_FORGET = {k: v for k, v in state_columns(CardState()).items() if k not in ("reps", "lapses")}
"""A new card's scheduling columns, minus the counts (Anki's Forget keeps them by default)."""


def forget(store: Store, keys: list[CardKey]) -> int:
    """Put cards back to new; their review log, reps and lapses stay. Returns how many."""
    assert set(_FORGET) < set(STATE_COLUMNS)
    sets = ", ".join(f"{column} = :{column}" for column in _FORGET)
    changed = 0
    with store.writing() as conn:
        for key in keys:
            result = conn.execute(
                f"UPDATE card SET {sets} WHERE pack_id = :p AND question_id = :q",
                {**_FORGET, "p": key.pack_id, "q": key.question_id},
            )
            changed += result.rowcount
    return changed
