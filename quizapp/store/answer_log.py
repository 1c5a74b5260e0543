"""The answers logged for some cards, with the states before and after each, in time order:
what `export anki --with-progress` turns into Anki's revlog rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.domain import CardState
from quizapp.store.records import from_ms, state_from_row

if TYPE_CHECKING:
    from quizapp.store.repository import Store

_CHUNK = 500  # SQLite's bound-parameter limit is far above; a chunk keeps each IN list short


@dataclass(frozen=True)
class LoggedAnswer:
    """One answer as the review log keeps it."""

    reviewed: datetime
    grade: int
    """1 Again .. 4 Easy."""
    kind: int
    """The card's state before the answer: 0 new, 1 learning, 2 review, 3 relearning."""
    duration_ms: int
    before: CardState | None
    """None for history imported from Anki, which logs no states."""
    after: CardState | None


def _state(text: str) -> CardState | None:
    columns = json.loads(text or "{}")
    return state_from_row(columns) if "state" in columns else None


def answers_of(store: Store, card_ids: Sequence[int]) -> dict[int, list[LoggedAnswer]]:
    """Every logged answer of these cards (by card id), oldest first, in the order given
    even where a clock set back stamped a later answer earlier."""
    out: dict[int, list[LoggedAnswer]] = {}
    ids = sorted(set(card_ids))
    with store.reading() as conn:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = conn.execute(
                "SELECT card_id, reviewed_ms, grade, kind, duration_ms, before, after "
                f"FROM review WHERE card_id IN ({marks}) ORDER BY card_id, id",
                chunk,
            ).fetchall()
            for row in rows:
                reviewed = from_ms(row["reviewed_ms"])
                assert reviewed is not None  # NOT NULL column
                out.setdefault(row["card_id"], []).append(
                    LoggedAnswer(
                        reviewed=reviewed,
                        grade=row["grade"],
                        kind=row["kind"],
                        duration_ms=row["duration_ms"],
                        before=_state(row["before"]),
                        after=_state(row["after"]),
                    )
                )
    return out
