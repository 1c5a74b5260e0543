"""Plain values the Store hands out (no SQLAlchemy types leak past the store package)."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from quizapp.config import Settings
from quizapp.domain import CardKey, CardState, CardStateName

STATES: tuple[CardStateName, ...] = ("new", "learning", "review", "relearning")
STATE_CODE: dict[str, int] = {name: i for i, name in enumerate(STATES)}
AVAILABLE = (
    "archived = 0 AND suspended = 0 AND (buried_until_ms IS NULL OR buried_until_ms <= :now)"
)
"""SQL condition: a card that may be shown at :now (not archived, suspended or buried)."""

DUE_NOW = "((state IN (1, 3) AND due_ms <= :ahead) OR (state = 2 AND due_ms < :end))"
"""SQL condition, with AVAILABLE: "due now", what study shows before any new question:
learning and relearning steps due within the learn-ahead window (:ahead, now plus
`learn_ahead_minutes`) and reviews due before the next study day starts (:end). The home
screen, study and `stats` all count this (docs/scheduling.md, "Due now and due today")."""

DUE_TODAY = "(state != 0 AND due_ms < :end)"
"""SQL condition, with AVAILABLE: "due today", every studied card falling due before the next
study day starts, learning steps later today included."""


def due_params(settings: Settings, now: datetime, scope: Scope | None = None) -> dict[str, int]:
    """The :now, :ahead and :end that AVAILABLE, DUE_NOW and DUE_TODAY read (:end: when a
    review stops counting as due, later in a custom session's scope; `Scope.due_by`)."""
    return {
        "now": to_ms(now),
        "ahead": to_ms(now) + settings.learn_ahead_minutes * 60_000,
        "end": review_end(settings, now, scope),
    }


ANY_DUE = 100 * 365
"""`Scope.due_by` for a custom session of chosen questions whenever they are due."""


def review_end(settings: Settings, now: datetime, scope: Scope | None = None) -> int:
    """Epoch ms before which a review card is due: the next study day's start, or in a
    custom session the end of study day today + `scope.due_by`."""
    if scope is None or scope.due_by is None:
        return to_ms(settings.next_day_start(now))
    if scope.due_by >= ANY_DUE:
        return 2**62
    return to_ms(settings.day_start_on(settings.study_day(now) + timedelta(days=scope.due_by + 1)))


def to_ms(value: datetime) -> int:
    """Milliseconds since the epoch of an aware datetime."""
    if value.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware (UTC)")
    return int(value.timestamp() * 1000)


def from_ms(value: int | None) -> datetime | None:
    """An aware UTC datetime, or None."""
    if value is None:
        return None
    return datetime.fromtimestamp(value / 1000, tz=UTC)


class Scope(NamedTuple):
    """Which cards a query covers: some packs (None = all) and optionally one tag."""

    pack_ids: tuple[str, ...] | None = None
    tag: str | None = None
    keys: tuple[str, ...] | None = None
    """Only these `pack/question` keys (the browse screen's "study these", mistakes)."""
    due_by: int | None = None
    """A custom (filtered) session, as Anki's filtered decks: reviews due by the end of study
    day today + `due_by` count as due now (`ANY_DUE`: whenever due), today's limits do not
    apply, a review answered since `since_ms` (in this session) is not asked again, and new
    questions come only when `keys` names them (review ahead has none). None: the usual
    queue of today."""
    since_ms: int = 0
    """With `due_by`: when the custom session began."""

    @property
    def custom(self) -> bool:
        """A custom (filtered) session: `due_by` is set."""
        return self.due_by is not None

    def sql(self, alias: str = "") -> tuple[str, dict[str, Any]]:
        """An SQL condition (starting with AND, or empty) and its parameters (a fresh dict
        the caller may add to; the text is built once per scope, as the queue asks per
        question)."""
        cond, params = _scope_sql(self, alias)
        return cond, dict(params)


@functools.lru_cache(maxsize=64)
def _scope_sql(scope: Scope, alias: str) -> tuple[str, dict[str, Any]]:
    p = f"{alias}." if alias else ""
    parts: list[str] = []
    params: dict[str, Any] = {}
    if scope.keys is not None:
        names = [f"scope_key_{i}" for i in range(len(scope.keys))]
        params.update(dict(zip(names, scope.keys, strict=True)))
        inner = ", ".join(f":{n}" for n in names) or "NULL"
        parts.append(f"{p}pack_id || '/' || {p}question_id IN ({inner})")
    if scope.pack_ids is not None:
        names = [f"scope_pack_{i}" for i in range(len(scope.pack_ids))]
        params.update(dict(zip(names, scope.pack_ids, strict=True)))
        inner = ", ".join(f":{n}" for n in names) or "NULL"
        parts.append(f"{p}pack_id IN ({inner})")
    if scope.tag:
        params["scope_tag"] = f"% {scope.tag} %"
        leech = f" OR {p}leech = 1" if scope.tag == "leech" else ""
        parts.append(f"({p}tags LIKE :scope_tag{leech})")
    return "".join(f" AND {part}" for part in parts), params


class StoredCard(NamedTuple):
    """A card as the store hands it out: which question, its scheduling state and its flags.

    (`CardState` is the scheduling state alone, shared with the scheduler; `CardRow` is the
    SQLModel row of the `card` table, for sessions.)"""

    id: int
    pack_id: str
    question_id: str
    state: CardState
    suspended: bool = False
    leech: bool = False
    archived: bool = False
    buried_until: datetime | None = None
    content_hash: str = ""

    @property
    def key(self) -> CardKey:
        """Which question (`str()` of it is Question.key)."""
        return CardKey(self.pack_id, self.question_id)


class ReviewRecord(NamedTuple):
    """What one committed answer did."""

    review_id: int
    key: CardKey
    before: CardState
    after: CardState
    became_leech: bool


class SyncResult(NamedTuple):
    """What syncing one pack changed (all zero and unchanged=True on the fast path)."""

    added: int = 0
    edited: int = 0
    archived: int = 0
    restored: int = 0
    unchanged: bool = False


class DayCounts(NamedTuple):
    """Answers given since the study day began, for the daily limits."""

    new: int
    reviews: int


CARD_COLUMNS = (
    "id, pack_id, question_id, content_hash, archived, state, step, stability, difficulty, "
    "due_ms, last_review_ms, reps, lapses, suspended, buried_until_ms, leech"
)
"""What `stored_card` reads: select these to hand a card out."""


def state_columns(state: CardState) -> dict[str, Any]:
    """The one mapping from a CardState to the card table's columns (`state_from_row` is its
    inverse). The review log's before/after JSON uses the same names, so undo writes it back
    through the same UPDATE."""
    return {
        "state": STATE_CODE[state.state],
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due_ms": to_ms(state.due) if state.due else None,
        "last_review_ms": to_ms(state.last_review) if state.last_review else None,
        "reps": state.reps,
        "lapses": state.lapses,
    }


STATE_COLUMNS = tuple(state_columns(CardState()))
"""The card columns that hold the scheduling state, in `state_columns` order."""


def state_from_row(row: Any) -> CardState:
    """CardState from a row with the card columns (mapping access)."""
    return CardState(
        state=STATES[row["state"]],
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=from_ms(row["due_ms"]),
        last_review=from_ms(row["last_review_ms"]),
        reps=row["reps"],
        lapses=row["lapses"],
    )


def stored_card(row: Any) -> StoredCard:
    """A StoredCard from a row with CARD_COLUMNS."""
    return StoredCard(
        id=row["id"],
        pack_id=row["pack_id"],
        question_id=row["question_id"],
        state=state_from_row(row),
        suspended=bool(row["suspended"]),
        leech=bool(row["leech"]),
        archived=bool(row["archived"]),
        buried_until=from_ms(row["buried_until_ms"]),
        content_hash=row["content_hash"],
    )
