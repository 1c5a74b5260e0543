"""Counts over the store: per-pack totals for the home screen and queue sizes (plain SQL on
the stdlib driver: the home screen and the study queue need them before the first question),
and `stats` (read by people: a SQLModel session)."""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from quizapp.config import Settings
from quizapp.store.records import AVAILABLE, DUE_NOW, DUE_TODAY, Scope, due_params, from_ms, to_ms

if TYPE_CHECKING:
    from quizapp.store.records import DayCounts
    from quizapp.store.repository import Store


class PackCounts(NamedTuple):
    """One pack's cards by state, and how many are due now (records.DUE_NOW)."""

    total: int = 0
    new: int = 0
    learning: int = 0
    review: int = 0
    due: int = 0
    next_due: datetime | None = None


class QueueCounts(NamedTuple):
    """What a study queue still holds, before daily limits are applied."""

    learning_due: int
    review_due: int
    new_available: int
    next_learning_ms: int | None = None
    """When the next learning step beyond the learn-ahead window falls due: the learning count
    grows then, so counts kept in memory are only good until that moment minus the window."""


class DueCounts(NamedTuple):
    """What study still has today after the daily limits: Anki's new / learning / review."""

    new: int
    learning: int
    review: int
    new_hidden: int = 0
    """Unseen questions today's new limit holds back (`study --extra-new N` shows them)."""
    review_hidden: int = 0
    """Reviews due now beyond today's review limit."""

    @property
    def total(self) -> int:
        """Everything study will still show today (new included)."""
        return self.new + self.learning + self.review


def limited(
    queue: QueueCounts, done: DayCounts, settings: Settings, scope: Scope | None = None
) -> DueCounts:
    """The queue's counts under today's limits, given the answers already done today (a
    custom session's scope has none: the learner chose the questions)."""
    if scope is not None and scope.custom:
        new = queue.new_available if scope.keys is not None else 0
        return DueCounts(new, queue.learning_due, queue.review_due)
    review_left = max(0, settings.reviews_per_day - done.reviews)
    new_left = max(0, settings.new_per_day - done.new)
    review = min(queue.review_due, review_left)
    new = min(queue.new_available, new_left)
    return DueCounts(
        new, queue.learning_due, review, queue.new_available - new, queue.review_due - review
    )


def pack_counts(store: Store, now: datetime, settings: Settings) -> dict[str, PackCounts]:
    """Counts per pack id (suspended, buried and archived cards are left out)."""
    sql = (
        "SELECT pack_id, count(*) AS total, sum(state = 0) AS new, "
        "sum(state IN (1, 3)) AS learning, sum(state = 2) AS review, "
        f"sum({DUE_NOW}) AS due, "
        "min(CASE WHEN state != 0 THEN due_ms END) AS next_due "
        f"FROM card WHERE {AVAILABLE} GROUP BY pack_id"
    )
    params = due_params(settings, now)
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
    """Due now (records.DUE_NOW: learning within the learn-ahead window, reviews due today,
    or by a custom session's day, each once) and new available, before the daily limits."""
    cond, params = scope.sql()
    params.update(due_params(settings, now, scope), since=scope.since_ms)
    once = " AND last_review_ms < :since" if scope.custom else ""  # as queue.next_card
    sql = (
        f"SELECT coalesce(sum(state IN (1, 3) AND {DUE_NOW}), 0) AS learning, "
        f"coalesce(sum(state = 2 AND {DUE_NOW}{once}), 0) AS review, "
        "coalesce(sum(state = 0), 0) AS new, "
        "min(CASE WHEN state IN (1, 3) AND due_ms > :ahead THEN due_ms END) AS later "
        f"FROM card WHERE {AVAILABLE}{cond}"
    )
    with store.reading() as conn:
        row = store._rows(conn, sql, params)[0]
    later = row["later"]
    return QueueCounts(
        int(row["learning"]), int(row["review"]), int(row["new"]), int(later) if later else None
    )


def due_counts(store: Store, now: datetime, settings: Settings, scope: Scope) -> DueCounts:
    """Due now and new left today, after the daily limits (what study will show)."""
    done = store.day_counts(settings.day_start(now), now)
    return limited(queue_counts(store, now, settings, scope), done, settings, scope)


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
    """The numbers behind `quizapp stats` (keys documented in docs/scheduling.md).

    Read by people, not on the answer path: a SQLModel session (see `store.session`).
    """
    from sqlmodel import col, func, select

    from quizapp.store.models import CardRow, ReviewRow
    from quizapp.store.sessions import in_scope

    # Local calendar days: around a DST change a study day is 23 or 25 hours long.
    day = settings.study_day(now)
    starts = [settings.day_start_on(day - timedelta(days=i)) for i in range(days - 1, -1, -1)]
    ends = [settings.day_start_on(day + timedelta(days=i)) for i in range(1, 31)]
    scoped = in_scope(scope)
    state, due_ms = col(CardRow.state), col(CardRow.due_ms)
    suspended, live = col(CardRow.suspended), ~col(CardRow.archived)
    active = ~suspended
    by_state = select(
        func.count().filter(state == 0, active),
        func.count().filter(state.in_((1, 3)), active),
        func.count().filter(state == 2, active),
    ).where(live, *scoped)
    set_aside_and_due = select(
        func.count().filter(suspended),
        func.count().filter(col(CardRow.leech)),
    ).where(live, *scoped)
    recent_reviews = (
        select(ReviewRow.reviewed_ms, ReviewRow.grade, ReviewRow.kind)
        .join(CardRow, col(CardRow.id) == col(ReviewRow.card_id))
        .where(col(ReviewRow.reviewed_ms) >= to_ms(starts[0]), *scoped)
        .where(col(ReviewRow.reviewed_ms) <= to_ms(now))  # stamped in the future: not yet
    )
    coming_due = select(CardRow.due_ms).where(
        state != 0, active, live, due_ms < to_ms(ends[-1]), *scoped
    )
    with store.session() as session:
        new, learning, review = session.exec(by_state).one()
        n_suspended, leeches = session.exec(set_aside_and_due).one()
        reviews = session.exec(recent_reviews).all()
        dues = cast("list[int]", session.exec(coming_due).all())  # due_ms < last: never NULL

    # records.DUE_TODAY over available cards (a buried card is not due today)
    cond, params = scope.sql()
    params.update(due_params(settings, now))
    with store.reading() as conn:
        sql = f"SELECT count(*) AS n FROM card WHERE {AVAILABLE} AND {DUE_TODAY}{cond}"
        due_today = int(store._rows(conn, sql, params)[0]["n"])

    bounds = [to_ms(s) for s in starts]
    by_day = [0] * days
    passed = failed = 0
    for reviewed_ms, grade, kind in reviews:
        by_day[bisect.bisect_right(bounds, reviewed_ms) - 1] += 1
        if kind == 2:  # true retention: answers to cards already in review
            if grade > 1:
                passed += 1
            else:
                failed += 1
    forecast = [0] * 30
    end_bounds = [to_ms(e) for e in ends]
    for due in dues:
        forecast[bisect.bisect_right(end_bounds, due)] += 1
    return {
        "new": new,
        "learning": learning,
        "review": review,
        "due_today": due_today,
        "due_now": due_counts(store, now, settings, scope)._asdict(),
        "suspended": n_suspended,
        "leeches": leeches,
        "reviews_today": by_day[-1],
        "reviews_by_day": {
            (day - timedelta(days=days - 1 - i)).isoformat(): n for i, n in enumerate(by_day)
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
