"""Reads for the statistics screen and `stats --json`: the outcome of every review of a card
already in review (true retention, split young/mature as Anki's table is), and the cards most
likely to be weak (lapses, memory state). Read through a SQLModel session (see the package
docstring)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.store.records import Scope, to_ms

if TYPE_CHECKING:
    from quizapp.store.repository import Store

MATURE_DAYS = 21
"""A card is mature when its interval is 21 days or more (Anki's line)."""
_DAY_MS = 86_400_000


@dataclass(frozen=True)
class ReviewOutcome:
    """One answer to a card in review: passed (Hard, Good, Easy) or failed (Again)."""

    pack_id: str
    question_id: str
    tags: tuple[str, ...]
    passed: bool
    mature: bool
    """The interval before the answer was MATURE_DAYS or more."""


@dataclass(frozen=True)
class CardMemory:
    """A studied card's lapses and memory state, for the weakest-questions list."""

    pack_id: str
    question_id: str
    lapses: int
    stability: float | None
    last_review_ms: int | None


def _interval_days(before: str) -> float | None:
    """The interval a review answered (due minus last review, from the log's before JSON)."""
    try:
        state = json.loads(before)
        return (int(state["due_ms"]) - int(state["last_review_ms"])) / _DAY_MS
    except (ValueError, KeyError, TypeError):
        return None


def review_outcomes(
    store: Store, start: datetime, now: datetime, scope: Scope
) -> list[ReviewOutcome]:
    """Answers given in [start, now] to cards that were in review (kind 2), with their card."""
    from sqlmodel import col, select

    from quizapp.store.models import CardRow, ReviewRow
    from quizapp.store.sessions import in_scope

    query = (
        select(CardRow, ReviewRow.grade, ReviewRow.before)
        .join(CardRow, col(CardRow.id) == col(ReviewRow.card_id))
        .where(col(ReviewRow.kind) == 2, *in_scope(scope))
        .where(col(ReviewRow.reviewed_ms) >= to_ms(start))
        .where(col(ReviewRow.reviewed_ms) <= to_ms(now))
    )
    with store.session() as session:
        rows = session.exec(query).all()
    out = []
    for card, grade, before in rows:
        interval = _interval_days(before)
        out.append(
            ReviewOutcome(
                card.pack_id,
                card.question_id,
                tuple(card.tags.split()),
                grade > 1,
                interval is not None and interval >= MATURE_DAYS,
            )
        )
    return out


def studied_cards(store: Store, scope: Scope) -> list[CardMemory]:
    """Cards in study that have been answered (not new, suspended or archived)."""
    from sqlmodel import col, select

    from quizapp.store.models import CardRow
    from quizapp.store.sessions import in_scope

    query = select(CardRow).where(
        col(CardRow.state) != 0,
        ~col(CardRow.suspended),
        ~col(CardRow.archived),
        *in_scope(scope),
    )
    with store.session() as session:
        cards = session.exec(query).all()
    return [
        CardMemory(c.pack_id, c.question_id, c.lapses, c.stability, c.last_review_ms) for c in cards
    ]
