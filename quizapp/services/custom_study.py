"""Custom sessions beyond today's queue, without changing the settings (Anki's custom study and
filtered decks): review ahead by N days, and studying chosen questions whenever they are due.
The session itself is a StudySession whose scope has `due_by` (store/records.Scope)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from quizapp.store.records import ANY_DUE

__all__ = ["AHEAD_DAYS", "ANY_DUE", "due_by_count", "parse_ahead_days"]

AHEAD_DAYS = (1, 365)
"""The days review ahead accepts (inclusive)."""


def parse_ahead_days(raw: str) -> int | None:
    """The number of days typed in the review-ahead field, or None when it is not one."""
    text = raw.strip()
    if not text.isdigit():
        return None
    days = int(text)
    return days if AHEAD_DAYS[0] <= days <= AHEAD_DAYS[1] else None


def due_by_count(
    db_path: Path, now: datetime, days: int, pack_ids: Sequence[str] | None = None
) -> tuple[int, date]:
    """Reviews in these packs (None: all) due by the end of study day today + `days`, not
    suspended or buried: what "review ahead `days` days" would ask (0 without a database);
    and that last study day, named by its local date."""
    from quizapp.config import Settings
    from quizapp.store.counts import queue_counts
    from quizapp.store.records import Scope, to_ms
    from quizapp.store.repository import Store

    if not db_path.exists():
        return 0, Settings().study_day(now) + timedelta(days=days)
    ids = tuple(pack_ids) if pack_ids is not None else None
    scope = Scope(ids, due_by=days, since_ms=to_ms(now))
    with Store.open(db_path) as store:
        settings = store.load_settings()
        count = queue_counts(store, now, settings, scope).review_due
    return count, settings.study_day(now) + timedelta(days=days)
