"""quizapp's review states in Anki's terms, for `export anki --with-progress`.

Export takes packs and states in and writes a file: the states are read from the database
by a service (`services.cards.stored_states`) and handed in here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from quizapp.domain import CardState
    from quizapp.export.anki import AnkiSchedule

_DAY_SECONDS = 86_400


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


def schedules_from(cards: Mapping[str, StoredCard]) -> dict[str, AnkiSchedule]:
    """Review state per question key; new, archived and never-reviewed cards are left out."""
    from quizapp.export.anki import AnkiSchedule

    schedules: dict[str, AnkiSchedule] = {}
    for key, info in cards.items():
        state = info.state
        if state.state == "new" or state.due is None or info.archived:
            continue
        interval = 0
        if state.last_review is not None:
            seconds = (state.due - state.last_review).total_seconds()
            interval = max(0, round(seconds / _DAY_SECONDS))
        schedules[key] = AnkiSchedule(
            state=state.state,
            due=state.due,
            interval_days=interval,
            reps=state.reps,
            lapses=state.lapses,
            stability=state.stability,
            difficulty=state.difficulty,
            suspended=info.suspended,
            leech=info.leech,
            last_review=state.last_review,
        )
    return schedules
