"""New / learning / review counts that move as you answer, without recounting every card.

Counting the whole table costs tens of milliseconds at 100k questions, and the study screen
shows the counts after every answer. So they are counted once (store/counts.due_counts, the
one meaning of "due now") and then moved by each answer, as Anki's queue does; they are
counted again when they may have gone stale: a new study day, a learning step entering the
learn-ahead window, an undo, suspend or bury, or a change by anything else than this
session's answers (`invalidate`: another process, a serve tab, settings).

Today's answers (for the daily limits) are kept the same way, so picking the next card does
not count them again either.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp.config import Settings
from quizapp.domain import CardState

if TYPE_CHECKING:
    from quizapp.store.counts import DueCounts
    from quizapp.store.records import DayCounts, Scope
    from quizapp.store.repository import Store


class LiveCounts:
    """Today's counts for one study session's scope."""

    def __init__(
        self, store: Store, settings: Settings, scope: Scope, clock: Callable[[], datetime]
    ) -> None:
        self._store, self._settings, self._scope, self._clock = store, settings, scope, clock
        self._counts: DueCounts | None = None
        self._done: DayCounts | None = None
        self._valid_until_ms = 0

    def current(self) -> DueCounts:
        """The counts now (a full count only when the kept ones may be stale)."""
        from quizapp.store.records import to_ms

        now = self._clock()
        if self._counts is None or to_ms(now) >= self._valid_until_ms:
            self._recount(now)
        assert self._counts is not None
        return self._counts

    def done(self) -> DayCounts:
        """Answers given today that count against the daily limits (kept like the counts)."""
        self.current()
        assert self._done is not None
        return self._done

    def invalidate(self) -> None:
        """Count again next time (after an undo, suspend or bury, or a change elsewhere)."""
        self._counts = None

    def answered(self, before: CardState, after: CardState, now: datetime) -> None:
        """Move the counts by one answer: the card leaves its count, and comes back into the
        learning (or review) count if it is due again within the window."""
        from quizapp.store.counts import DueCounts
        from quizapp.store.records import DayCounts, to_ms

        if self._counts is None:
            return
        c, done = self._counts, self._done
        assert done is not None
        # built directly: dataclasses.replace looks the fields up again on every call
        new, learning, review = c.new, c.learning, c.review
        if before.state == "new":
            new = max(new - 1, 0)
            self._done = DayCounts(done.new + 1, done.reviews)
        elif before.state == "review":
            review = max(review - 1, 0)
            self._done = DayCounts(done.new, done.reviews + 1)
        else:
            learning = max(learning - 1, 0)
        due_ms = to_ms(after.due) if after.due else None
        ahead_ms = self._settings.learn_ahead_minutes * 60_000
        if due_ms is not None and after.state in ("learning", "relearning"):
            if due_ms <= to_ms(now) + ahead_ms:
                learning += 1
            else:  # counted when its step comes within the window
                self._valid_until_ms = min(self._valid_until_ms, due_ms - ahead_ms)
        elif (
            due_ms is not None
            and due_ms < to_ms(self._settings.next_day_start(now))
            and not self._scope.custom  # a custom session asks each review once
        ):
            review += 1  # a lapse with no relearning steps, due today
        self._counts = DueCounts(new, learning, review, c.new_hidden, c.review_hidden)

    def _recount(self, now: datetime) -> None:
        from quizapp.store.counts import limited, queue_counts
        from quizapp.store.records import to_ms

        queue = queue_counts(self._store, now, self._settings, self._scope)
        done = self._store.day_counts(self._settings.day_start(now), now)
        self._counts, self._done = limited(queue, done, self._settings, self._scope), done
        until = to_ms(self._settings.next_day_start(now))
        if queue.next_learning_ms is not None:
            ahead_ms = self._settings.learn_ahead_minutes * 60_000
            until = min(until, queue.next_learning_ms - ahead_ms)
        self._valid_until_ms = until
