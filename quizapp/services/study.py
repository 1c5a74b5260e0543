"""`StudySession`: the UI's single door to the scheduler and the database.

It syncs the packs into the store, asks the store for the next card (order and limits in
docs/scheduling.md), grades with FSRS through `quizapp.scheduler`, and commits every answer
before `answer()` returns. The clock is injected, so tests run on fixed UTC times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp import scheduler
from quizapp.config import Settings
from quizapp.domain import CardKey, CardState, Grade, Outcome
from quizapp.i18n import _
from quizapp.packs.directions import study_questions
from quizapp.services.question_index import QuestionIndex
from quizapp.services.session_records import (
    QueuedQuestion,
    ReviewResult,
    SessionSummary,
    UndoStep,
)

if TYPE_CHECKING:
    from quizapp.domain.pack import Pack
    from quizapp.services.catalog import PackSummary
    from quizapp.services.live_counts import LiveCounts
    from quizapp.store.counts import DueCounts
    from quizapp.store.records import Scope, StoredCard
    from quizapp.store.repository import Store


def utc_now() -> datetime:
    """The real clock, in UTC (the default `clock`)."""
    return datetime.now(UTC)


def sync_packs(store: Store, packs: list[Pack], now: datetime) -> None:
    """Bring the store in line with the packs (cheap when nothing changed)."""
    for pack in packs:
        if pack.meta is None:  # pack.yaml unreadable: keep its cards as they are
            continue
        lang = pack.languages[0] if pack.languages else "en"
        # A reversible flashcard is two cards, each direction with its own schedule.
        items = [(q.id, q.content_hash, q.tags) for q in study_questions(pack.questions)]
        store.sync_pack(pack.id, pack.title(lang), items, now)


class StudySession:
    """The UI's single door to the scheduler and the database."""

    def __init__(
        self,
        store: Store,
        packs: list[Pack],
        scope: Scope,
        settings: Settings,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.settings = settings
        self.scope = scope
        self.clock = clock
        self.questions = QuestionIndex(packs)
        """Every loaded question by key (`session.questions.get("pack/id")`)."""
        self._undo: list[UndoStep] = []
        self._answered = 0
        self._correct = 0
        self._started = clock()
        self._since_new = 0
        self._skip: list[int] = []
        self._shown: StoredCard | None = None
        """The card `next_card` picked, so its preview needs no second read."""
        self._parameters: dict[str, tuple[float, ...] | None] = {}
        self._version = store.version()
        """What the kept counts, shown card and parameters were read at (`_still_valid`)."""
        self._live = self._new_live_counts()
        self._new_every = self._mix_ratio()

    @classmethod
    def open(
        cls,
        db_path: Path,
        packs: list[Pack],
        *,
        pack_ids: list[str] | None = None,
        tag: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        settings: Settings | None = None,
        extra_new: int = 0,
        keys: Sequence[str] | None = None,
        due_by: int | None = None,
    ) -> StudySession:
        """Open the database (StoreError if unusable), sync the packs, build the queue
        (`due_by`: a custom session, see `Scope.due_by`; the settings stay as they are)."""
        from quizapp.store.records import Scope, to_ms
        from quizapp.store.repository import Store

        store = Store.open(db_path)
        try:
            sync_packs(store, packs, clock())
            settings = settings or store.load_settings()
            if extra_new:  # `study --extra-new N`: Anki's "increase today's new card limit"
                settings = settings.replace(new_per_day=settings.new_per_day + extra_new)
            known = [p.id for p in packs if p.meta is not None]
            ids = tuple(pack_ids) if pack_ids is not None else tuple(known)
            chosen = tuple(keys) if keys is not None else None
            scope = Scope(ids, tag, chosen, due_by, to_ms(clock()) if due_by is not None else 0)
            return cls(store, packs, scope, settings, clock)
        except BaseException:
            store.close()
            raise

    def _new_live_counts(self) -> LiveCounts:
        from quizapp.services.live_counts import LiveCounts

        return LiveCounts(self.store, self.settings, self.scope, self.clock)

    def begin(self) -> None:
        """Start a fresh session on the same database: counts from zero, and nothing from an
        earlier session (one that ended with its summary) can be undone from this one."""
        self._undo = []
        self._answered = 0
        self._correct = 0
        self._started = self.clock()
        self._since_new = 0

    def raise_new_limit(self, extra: int) -> None:
        """Today's new limit `extra` higher in this session (`study --extra-new N`, or the
        "more new" key when the limit holds unseen questions back)."""
        self.settings = self.settings.replace(new_per_day=self.settings.new_per_day + extra)
        self._live = self._new_live_counts()
        self._new_every = self._mix_ratio()

    def _mix_ratio(self) -> int:
        """After how many reviews a new question is slipped in (settings.new_mix)."""
        if self.settings.new_mix == "before":
            return 0
        if self.settings.new_mix == "after":
            return -1
        counts = self.counts()
        return max(1, counts.review // counts.new) if counts.new else -1

    def counts(self) -> DueCounts:
        """Anki's three numbers for what is left today (new, learning, review, after the daily
        limits), plus the unseen questions the new limit holds back. Moved by each answer, not
        recounted, so the screen can show them after every question (counted again when
        the database changed otherwise: another terminal or tab, a suspend, an undo)."""
        self._still_valid()
        return self._live.current()

    def _still_valid(self) -> bool:
        """False (and everything kept forgotten) when the database changed other than by this
        session's answers: another process or tab, an optimisation, a flag."""
        version = self.store.version()
        if version == self._version:
            return True
        self._version = version
        self._live.invalidate()
        self._parameters.clear()
        self._shown = None
        return False

    def _pick(self) -> StoredCard | None:
        self._still_valid()
        prefer_new = self._new_every >= 0 and self._since_new >= self._new_every
        return self.store.pick(
            self.clock(),
            self.settings,
            self.scope,
            prefer_new=prefer_new,
            exclude=self._skip,
            done=self._live.done(),
        )

    def next_card(self) -> QueuedQuestion | None:
        """The question to show now; None when nothing is left today."""
        while True:
            info = self._pick()
            if info is None:
                return None
            question = self.questions.find(info.pack_id, info.question_id)
            if question is not None:
                self._shown = info
                s = info.state
                return QueuedQuestion(question, s.state, s.due, s.reps, s.lapses)
            self._skip.append(info.id)  # in the DB but not in the loaded packs

    def progress(self) -> tuple[int, int]:
        """(answered this session, still in today's queue)."""
        return self._answered, self.counts().total

    @property
    def answered(self) -> int:
        """Answers this session (less undone ones); no query, so key checks can ask often."""
        return self._answered

    def _card(self, key: str) -> StoredCard | None:
        """The card as stored: the one just picked while nothing else changed the database."""
        shown = self._shown
        if shown is not None and str(shown.key) == key and self._still_valid():
            return shown
        return self.store.get(CardKey.parse(key))

    def _state(self, key: str) -> tuple[CardState, int]:
        from quizapp.errors import StoreError

        info = self._card(key)
        if info is None:
            raise StoreError(_("no such question in the database: {key}").format(key=key))
        return info.state, info.id

    def parameters(self, key: str) -> tuple[float, ...] | None:
        """The FSRS parameters this question's pack is scheduled with (None: the defaults).
        Kept until the database changes other than by this session's answers, so an
        optimisation, even from another terminal, applies from the next answer."""
        from quizapp.store.params import parameters_for

        pack_id = CardKey.parse(key).pack_id
        if (
            not self._still_valid() or pack_id not in self._parameters
        ):  # forgotten when the database changes elsewhere
            self._parameters[pack_id] = parameters_for(self.store, pack_id)
        return self._parameters[pack_id]

    def preview(self, key: str) -> dict[Grade, timedelta]:
        """The interval each grade would give right now: exactly what answering commits (fuzz
        is seeded from the card and its review count)."""
        state, card_id = self._state(key)
        return scheduler.preview(
            self.settings, state, self.clock(), self.parameters(key), card_id=card_id
        )

    def suggest(self, outcome: Outcome, duration: timedelta, key: str | None = None) -> Grade:
        """The grade an auto-graded answer suggests (table in docs/scheduling.md).

        On a card's first review (`key` still new) it is never Easy: Easy would skip the
        learning steps and send a card seen once 7-9 days away, so a quick right answer
        suggests Good there (the learner can still press 4).
        """
        grade = scheduler.suggest_grade(self.settings, outcome, duration)
        if grade == Grade.EASY and key is not None:
            info = self._card(key)
            if info is not None and info.state.state == "new":
                return Grade.GOOD
        return grade

    def answer(
        self,
        key: str,
        grade: Grade,
        *,
        answer: dict[str, Any] | None = None,
        outcome: Outcome | None = None,
        duration: timedelta = timedelta(0),
    ) -> ReviewResult:
        """Schedule and log the answer; committed to disk before this returns."""
        now = self.clock()
        grade = Grade(grade)
        parameters = self.parameters(key)

        def compute(before: CardState, card_id: int) -> CardState:
            return scheduler.review(
                self.settings,
                before,
                grade,
                now,
                card_id=card_id,
                duration=duration,
                parameters=parameters,
            )

        record = self.store.record_review(
            CardKey.parse(key),
            grade,
            now,
            compute,
            duration_ms=int(duration.total_seconds() * 1000),
            answer=answer,
            score=outcome.score if outcome is not None else None,
            suggested=self.suggest(outcome, duration, key) if outcome is not None else None,
            leech_threshold=self.settings.leech_threshold,
        )
        self._live.answered(record.before, record.after, now)
        self._shown = None
        was_new = record.before.state == "new"
        self._undo.append(UndoStep(key, review_id=record.review_id, grade=grade))
        self._answered += 1
        self._correct += grade != Grade.AGAIN
        if was_new:
            self._since_new = 0
        elif record.before.state == "review":
            self._since_new += 1
        due = record.after.due or now
        return ReviewResult(key, grade, due, due - now, record.became_leech)

    def undo(self) -> str | None:
        """Take back this session's last action (grade, suspend or bury); the key to show
        again, or None when there is nothing left to undo."""
        while self._undo:
            step = self._undo.pop()
            if step.review_id is None:  # a suspend or bury: put the flags back as they were
                self.store.set_flags(
                    CardKey.parse(step.key),
                    suspended=step.suspended,
                    buried_until=step.buried_until,
                    unbury=step.buried_until is None,
                    now=self.clock(),
                )
                self._live.invalidate()
                return step.key
            restored = self.store.undo(step.review_id)
            if restored is None:
                continue  # answered again elsewhere since: that answer stands
            self._answered -= 1
            self._correct -= step.grade != Grade.AGAIN
            self._live.invalidate()
            return str(restored)
        return None

    @property
    def missed(self) -> list[str]:
        """Keys answered Again in this session, once each (an undone answer is not counted)."""
        return list(dict.fromkeys(s.key for s in self._undo if s.grade == Grade.AGAIN))

    @property
    def can_undo(self) -> bool:
        """Something done in this session can still be taken back."""
        return bool(self._undo)

    def _remember_flags(self, key: str) -> None:
        info = self.store.get(CardKey.parse(key))
        if info is not None:
            flags = UndoStep(key, suspended=info.suspended, buried_until=info.buried_until)
            self._undo.append(flags)

    def suspend(self, key: str) -> None:
        """Never show this question again until unsuspended (undo puts it back)."""
        self._remember_flags(key)
        self.store.set_flags(CardKey.parse(key), suspended=True, now=self.clock())
        self._live.invalidate()

    def bury(self, key: str) -> None:
        """Hide this question until the next study day (undo or `unbury` puts it back)."""
        self._remember_flags(key)
        now = self.clock()
        day = self.settings.next_day_start(now)
        self.store.set_flags(CardKey.parse(key), buried_until=day, now=now)
        self._live.invalidate()

    def pack_summaries(self, packs: list[Pack], lang: str) -> list[PackSummary]:
        """The home screen's rows for `packs`: what is new and due in each, now."""
        from quizapp.services.catalog import summarize_packs

        return summarize_packs(self.store, packs, self.clock(), lang)

    def summary(self) -> SessionSummary:
        """Totals for the end-of-session screen."""
        from quizapp.store.counts import due_between, next_due

        now = self.clock()
        tomorrow = self.settings.next_day_start(now)
        counts = self.counts()
        return SessionSummary(
            answered=self._answered,
            correct=self._correct,
            elapsed=now - self._started,
            due_tomorrow=due_between(
                self.store, now, tomorrow, tomorrow + timedelta(days=1), self.scope
            ),
            next_due=next_due(self.store, now, self.scope),
            remaining=counts.total,
            missed=tuple(self.missed),
            new_hidden=counts.new_hidden,
        )

    def close(self) -> None:
        """Release the database (every answer is already committed)."""
        self.store.close()


def check_database(db_path: Path) -> None:
    """Open the database as a session would (creating or migrating it), then close it.

    For `quizapp serve`, which starts the app only when a browser tab connects: a refused
    file (newer quizapp, not a database) is said once at start (StoreError), not in every tab.
    """
    from quizapp.store.repository import Store

    Store.open(db_path).close()
