"""Counts over the store: per-pack totals for the home screen, queue sizes, and `stats`."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from quizapp.config import Settings
from quizapp.store.records import AVAILABLE, Scope, from_ms, to_ms

if TYPE_CHECKING:
    from quizapp.store.repository import Store

_LIVE = "archived = 0"


@dataclass(frozen=True)
class PackCounts:
    """One pack's cards by state, and what is due now (learning) or today (reviews)."""

    total: int = 0
    new: int = 0
    learning: int = 0
    review: int = 0
    due: int = 0
    next_due: datetime | None = None


@dataclass(frozen=True)
class QueueCounts:
    """What a study queue still holds, before daily limits are applied."""

    learning_due: int
    review_due: int
    new_available: int


def pack_counts(store: Store, now: datetime, settings: Settings) -> dict[str, PackCounts]:
    """Counts per pack id (suspended, buried and archived cards are left out)."""
    sql = (
        "SELECT pack_id, count(*) AS total, sum(state = 0) AS new, "
        "sum(state IN (1, 3)) AS learning, sum(state = 2) AS review, "
        "sum((state = 2 AND due_ms < :end) OR (state IN (1, 3) AND due_ms <= :now)) AS due, "
        "min(CASE WHEN state != 0 THEN due_ms END) AS next_due "
        f"FROM card WHERE {AVAILABLE} GROUP BY pack_id"
    )
    params = {"now": to_ms(now), "end": to_ms(settings.next_day_start(now))}
    with store.reading() as conn:
        rows = store._rows(conn, sql, params)
    return {
        r["pack_id"]: PackCounts(
            total=r["total"],
            new=r["new"],
            learning=r["learning"],
            review=r["review"],
            due=r["due"],
            next_due=from_ms(r["next_due"]),
        )
        for r in rows
    }


def queue_counts(store: Store, now: datetime, settings: Settings, scope: Scope) -> QueueCounts:
    """Learning due within the learn-ahead window, reviews due today, new available."""
    cond, params = scope.sql()
    params.update(
        now=to_ms(now),
        end=to_ms(settings.next_day_start(now)),
        ahead=to_ms(now) + settings.learn_ahead_minutes * 60_000,
    )
    sql = (
        "SELECT coalesce(sum(state IN (1, 3) AND due_ms <= :ahead), 0) AS learning, "
        "coalesce(sum(state = 2 AND due_ms < :end), 0) AS review, "
        "coalesce(sum(state = 0), 0) AS new "
        f"FROM card WHERE {AVAILABLE}{cond}"
    )
    with store.reading() as conn:
        row = store._rows(conn, sql, params)[0]
    return QueueCounts(int(row["learning"]), int(row["review"]), int(row["new"]))


def next_due(store: Store, now: datetime, scope: Scope) -> datetime | None:
    """When the next non-new card in scope becomes due (for "nothing due" messages)."""
    cond, params = scope.sql()
    params["now"] = to_ms(now)
    sql = f"SELECT min(due_ms) AS d FROM card WHERE state != 0 AND {AVAILABLE}{cond}"
    with store.reading() as conn:
        row = store._rows(conn, sql, params)[0]
    return from_ms(row["d"])


def stats(
    store: Store, now: datetime, settings: Settings, scope: Scope, days: int = 30
) -> dict[str, Any]:
    """The numbers behind `quizapp stats` (keys documented in docs/scheduling.md)."""
    cond, params = scope.sql("c")
    today = settings.day_start(now)
    starts = [today - timedelta(days=i) for i in range(days - 1, -1, -1)]
    ends = [settings.next_day_start(now) + timedelta(days=i) for i in range(30)]
    params.update(now=to_ms(now), end=to_ms(ends[0]), since=to_ms(starts[0]), today=to_ms(today))
    card_sql = (
        "SELECT coalesce(sum(state = 0 AND suspended = 0), 0) AS new, "
        "coalesce(sum(state IN (1, 3) AND suspended = 0), 0) AS learning, "
        "coalesce(sum(state = 2 AND suspended = 0), 0) AS review, "
        "coalesce(sum(suspended), 0) AS suspended, coalesce(sum(leech), 0) AS leeches, "
        "coalesce(sum(state != 0 AND suspended = 0 AND due_ms < :end), 0) AS due_today "
        f"FROM card c WHERE c.{_LIVE}{cond}"
    )
    review_sql = (
        "SELECT r.reviewed_ms AS t, r.grade AS g, r.kind AS k FROM review r "
        f"JOIN card c ON c.id = r.card_id WHERE r.reviewed_ms >= :since{cond}"
    )
    due_sql = (
        "SELECT c.due_ms AS d FROM card c WHERE c.state != 0 AND c.suspended = 0 "
        f"AND c.{_LIVE} AND c.due_ms < :last{cond}"
    )
    params["last"] = to_ms(ends[-1])
    with store.reading() as conn:
        counts = store._rows(conn, card_sql, params)[0]
        reviews = store._rows(conn, review_sql, params)
        dues = store._rows(conn, due_sql, params)

    bounds = [to_ms(s) for s in starts]
    by_day = [0] * days
    passed = failed = 0
    for r in reviews:
        by_day[bisect.bisect_right(bounds, r["t"]) - 1] += 1
        if r["k"] == 2:  # true retention: answers to cards already in review
            if r["g"] > 1:
                passed += 1
            else:
                failed += 1
    forecast = [0] * 30
    end_bounds = [to_ms(e) for e in ends]
    for r in dues:
        forecast[bisect.bisect_right(end_bounds, r["d"])] += 1
    return {
        "new": counts["new"],
        "learning": counts["learning"],
        "review": counts["review"],
        "due_today": counts["due_today"],
        "suspended": counts["suspended"],
        "leeches": counts["leeches"],
        "reviews_today": by_day[-1],
        "reviews_by_day": {
            s.astimezone(settings.zone()).date().isoformat(): n
            for s, n in zip(starts, by_day, strict=True)
        },
        "retention": passed / (passed + failed) if passed + failed else None,
        "retention_reviews": passed + failed,
        "forecast": forecast,
        "days": days,
    }


def due_between(store: Store, now: datetime, start: datetime, end: datetime, scope: Scope) -> int:
    """Cards in scope (not new, not suspended) falling due in [start, end)."""
    cond, params = scope.sql()
    params.update(now=to_ms(now), start=to_ms(start), stop=to_ms(end))
    sql = (
        "SELECT count(*) AS n FROM card WHERE state != 0 AND due_ms >= :start "
        f"AND due_ms < :stop AND {AVAILABLE}{cond}"
    )
    with store.reading() as conn:
        return int(store._rows(conn, sql, params)[0]["n"])
