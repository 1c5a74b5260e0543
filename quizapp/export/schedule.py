"""Read quizapp's review states from its database for `export anki --with-progress`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from quizapp.errors import QuizappError

if TYPE_CHECKING:
    from quizapp.export.anki import CardSchedule
    from quizapp.packs.model import Pack

_DAY_SECONDS = 86_400


def load_schedules(db: str | None, packs: Sequence[Pack]) -> dict[str, CardSchedule]:
    """Review state per question key; new, archived and never-reviewed cards are left out."""
    from quizapp.export.anki import CardSchedule
    from quizapp.paths import default_db_path
    from quizapp.store.repository import Store

    path = default_db_path(db)
    if not path.is_file():
        raise QuizappError(
            f"--with-progress: no quizapp database at {path}; study first, or pass --db FILE"
        )
    keys = [q.key for pack in packs for q in pack.questions]
    with Store.open(path) as store:
        infos = store.card_states(keys)
    schedules: dict[str, CardSchedule] = {}
    for key, info in infos.items():
        state = info.state
        if state.state == "new" or state.due is None or info.archived:
            continue
        interval = 0
        if state.last_review is not None:
            seconds = (state.due - state.last_review).total_seconds()
            interval = max(0, round(seconds / _DAY_SECONDS))
        schedules[key] = CardSchedule(
            state=state.state,
            due=state.due,
            interval_days=interval,
            reps=state.reps,
            lapses=state.lapses,
            stability=state.stability,
            difficulty=state.difficulty,
            suspended=info.suspended,
        )
    return schedules
