"""Buried cards: the ones hidden until a later study day, for `quizapp unbury` to list."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.store.records import Scope, to_ms

if TYPE_CHECKING:
    from quizapp.store.repository import Store


def buried_keys(store: Store, now: datetime, scope: Scope | None = None) -> list[str]:
    """`pack/id` of every current card buried past `now` in `scope`, sorted."""
    condition, params = (scope or Scope()).sql()
    sql = (
        "SELECT pack_id || '/' || question_id AS key FROM card "
        f"WHERE archived = 0 AND buried_until_ms > :now{condition} ORDER BY key"
    )
    with store.reading() as conn:
        rows = store._rows(conn, sql, {**params, "now": to_ms(now)})
    return [str(r["key"]) for r in rows]
