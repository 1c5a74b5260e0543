"""quizapp's review states and log in Anki's terms, for `export anki --with-progress`.

Export takes packs and states in and writes a file: the states and answers are read from the
database by a service (`services.cards.stored_progress`) and handed in here. Days are the
learner's study days (`Settings.study_day`: their zone, their day start), as Anki counts them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from quizapp.config import Settings
    from quizapp.domain import CardState
    from quizapp.export.anki import AnkiReview, AnkiSchedule

ANSWER_TIME_CAP_MS = 60_000
"""Anki caps a logged answer time at the preset's maximum answer time (60 s by default)."""
_REVLOG_KIND = {0: 0, 1: 0, 2: 1, 3: 2}
"""quizapp's state before an answer (new, learning, review, relearning) -> revlog `type`
(0 learning, 1 review, 2 relearning)."""


class StoredCard(Protocol):
    """What export reads of a card kept in the database."""

    @property
    def state(self) -> CardState:
        """Its scheduling state."""
        ...

    @property
    def suspended(self) -> bool:
        """Taken out of study (by the learner or as a leech)."""
        ...

    @property
    def leech(self) -> bool:
        """Lapsed often enough to count as a leech."""
        ...

    @property
    def archived(self) -> bool:
        """Its question is gone from the pack."""
        ...


class LoggedAnswer(Protocol):
    """What export reads of one logged answer (the store's `LoggedAnswer`)."""

    @property
    def reviewed(self) -> datetime:
        """When it was given."""
        ...

    @property
    def grade(self) -> int:
        """1 Again .. 4 Easy."""
        ...

    @property
    def kind(self) -> int:
        """The state before it: 0 new, 1 learning, 2 review, 3 relearning."""
        ...

    @property
    def duration_ms(self) -> int:
        """How long the answer took."""
        ...

    @property
    def before(self) -> CardState | None:
        """The state before (None for history imported from Anki)."""
        ...

    @property
    def after(self) -> CardState | None:
        """The state after."""
        ...


def interval_days(state: CardState, settings: Settings) -> int:
    """The interval Anki keeps in `cards.ivl`: a review card's last interval in study days;
    a relearning card's interval after its lapse (FSRS stability: the interval at 90%
    retention); 0 while learning."""
    if state.state == "review" and state.due is not None and state.last_review is not None:
        days = (settings.study_day(state.due) - settings.study_day(state.last_review)).days
        return max(days, 1)
    if state.state == "relearning":
        return max(round(state.stability or 1.0), 1)
    return 0


def remaining_steps(state: CardState, settings: Settings) -> int:
    """Anki's `left`: the (re)learning steps still to pass, the current one included."""
    steps = settings.learning_steps if state.state == "learning" else settings.relearning_steps
    if state.state not in ("learning", "relearning"):
        return 0
    return max(len(steps) - (state.step or 0), 1)


def _interval(state: CardState | None, settings: Settings, since: datetime | None) -> int:
    """A revlog interval: days (> 0) for a review card, minus the step's seconds while
    (re)learning, 0 for a new card or a state the log does not hold."""
    if state is None or state.due is None or state.state == "new":
        return 0
    if state.state == "review":
        start = since or state.last_review
        if start is None:
            return 0
        return max((settings.study_day(state.due) - settings.study_day(start)).days, 1)
    start = since or state.last_review
    if start is None:
        return 0
    return -max(round((state.due - start).total_seconds()), 1)


def revlog_of(answers: Sequence[LoggedAnswer], settings: Settings) -> tuple[AnkiReview, ...]:
    """Anki's revlog rows for one card's answers, oldest first: ease, the interval before and
    after, FSRS difficulty as `factor` and the answer time (docs/anki-export.md)."""
    from quizapp.export.anki import AnkiReview

    rows = []
    for answer in answers:
        after = answer.after
        difficulty = after.difficulty if after is not None else None
        rows.append(
            AnkiReview(
                at_ms=int(answer.reviewed.timestamp() * 1000),
                ease=answer.grade,
                interval=_interval(after, settings, answer.reviewed),
                last_interval=_interval(answer.before, settings, None),
                factor=round(((difficulty - 1) / 9 + 0.1) * 1000) if difficulty else 0,
                time_ms=min(max(answer.duration_ms, 0), ANSWER_TIME_CAP_MS),
                kind=_REVLOG_KIND.get(answer.kind, 0),
            )
        )
    return tuple(rows)


def schedules_from(
    cards: Mapping[str, StoredCard],
    settings: Settings,
    answers: Mapping[str, Sequence[LoggedAnswer]] | None = None,
) -> dict[str, AnkiSchedule]:
    """Review state and log per question key; new, archived and never-reviewed cards are left
    out."""
    from quizapp.export.anki import AnkiSchedule

    schedules: dict[str, AnkiSchedule] = {}
    for key, info in cards.items():
        state = info.state
        if state.state == "new" or state.due is None or info.archived:
            continue
        schedules[key] = AnkiSchedule(
            state=state.state,
            due=state.due,
            interval_days=interval_days(state, settings),
            reps=state.reps,
            lapses=state.lapses,
            stability=state.stability,
            difficulty=state.difficulty,
            suspended=info.suspended,
            leech=info.leech,
            last_review=state.last_review,
            remaining_steps=remaining_steps(state, settings),
            revlog=revlog_of((answers or {}).get(key, ()), settings),
        )
    return schedules
