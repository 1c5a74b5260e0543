"""The replay of one card's merged review log (services.progress, docs/sync.md).

A card's state after a merge is a function of its merged review log, the same on every device:
the log is replayed in time order (ties by review id) from a new card. A review whose recorded
"before" state is the state the replay has reached keeps its recorded "after" (the device that
made it computed it from the same state; the intervals the learner saw stay as they were); any
other is scheduled again by the FSRS scheduler with this database's settings and the pack's
parameters, elapsed time in study days and fuzz seeded from the question key (a card's row id
differs between devices).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from datetime import UTC, datetime
from typing import Any

from quizapp import scheduler
from quizapp.config import Settings
from quizapp.domain import CardKey, Grade
from quizapp.scheduler.replay import Replayer
from quizapp.store.exchange import LogRow, Replayed
from quizapp.store.records import STATE_CODE, STATE_COLUMNS, state_from_row
from quizapp.store.reviews import FLAG_COLUMNS, flags_after_answer, log_json

_NO_FLAGS: dict[str, Any] = {"suspended": False, "leech": False, "buried_until_ms": None}


def replay_seed(key: CardKey) -> int:
    """The fuzz seed of a replayed answer: from the question key, the same on every device."""
    return int.from_bytes(hashlib.sha256(str(key).encode()).digest()[:6], "big")


_FLAGS_TAIL = re.compile(
    r',"suspended":(?:true|false),"leech":(?:true|false),"buried_until_ms":(?:null|-?\d+)\}'
)


_USUAL_TAILS = frozenset(
    f',"suspended":{suspended},"leech":{leech},"buried_until_ms":null}}'
    for suspended in ("true", "false")
    for leech in ("true", "false")
)
"""The flags tails of a card not buried: all `_FLAGS_TAIL` matches, found without it."""


def _parts(text: str) -> tuple[str, str] | None:
    """A log state as `log_json` writes it, split into its state columns and its flags tail
    (`,"suspended":...}`); None for any other form (then it is read as JSON)."""
    at = text.find(',"suspended":')
    if at < 0 or not text.startswith("{"):
        return None
    tail = text[at:]
    if tail not in _USUAL_TAILS and not _FLAGS_TAIL.fullmatch(tail):
        return None
    return text[1:at], tail


_FLOAT = r"(?:null|-?\d+(?:\.\d+(?:e[+-]\d+)?|e[+-]\d+))"
_MS = r"(?:null|-?\d+)"
_CANONICAL = re.compile(
    rf'"state":[0-3],"step":(?:null|\d+),"stability":{_FLOAT},"difficulty":{_FLOAT},'
    rf'"due_ms":{_MS},"last_review_ms":{_MS},"reps":\d+,"lapses":\d+'
)
"""State columns as `_state_text` writes them from a CardState (floats always with a point
or an exponent): two such texts are equal exactly when their values are."""


def _state_text(columns: dict[str, Any]) -> str:
    """The state columns as they stand in a log state: `log_json` without the braces."""
    return log_json(columns)[1:-1]


def _same_state(
    recorded: str,
    parts: tuple[str, str] | None,
    now: dict[str, Any],
    text: str,
    canonical: bool | None = None,
) -> bool:
    """Whether the log state `recorded` holds the state columns `now` (`text`: their
    `_state_text`; `canonical`: whether `text` is in `_CANONICAL` form, when known). Compared
    as text when both are in that form, else as values."""
    if parts is not None:
        if parts[0] == text and "NaN" not in text:  # NaN is not equal to itself
            return True
        if canonical is None:
            canonical = _CANONICAL.fullmatch(text) is not None
        if canonical and _CANONICAL.fullmatch(parts[0]):
            return False
    values = json.loads(recorded)
    return all(values.get(name, ...) == value for name, value in now.items())


def _with_flags(
    columns: dict[str, Any], columns_text: str, text: str, recorded: tuple[str, str] | None
) -> str:
    """`log_json({**columns, **flags})` with the flags the log state `text` records
    (`columns_text` is `_state_text(columns)`; the flags are its tail as it stands when it has
    log_json's form, else read as JSON)."""
    if recorded is not None:
        return "{" + columns_text + recorded[1]
    flags = json.loads(text)
    return log_json(
        {**columns, **{name: flags.get(name, _NO_FLAGS[name]) for name in FLAG_COLUMNS}}
    )


_INFINITE = (math.inf, -math.inf)


def _columns(state: scheduler.replay.Columns) -> dict[str, Any]:
    """A replayed state's columns, as `state_columns` gives them."""
    code, step, s, d, due, last, reps, lapses = state
    return {
        "state": code,
        "step": step,
        "stability": s,
        "difficulty": d,
        "due_ms": int(due.timestamp() * 1000) if due else None,
        "last_review_ms": int(last.timestamp() * 1000) if last else None,
        "reps": reps,
        "lapses": lapses,
    }


def _text(state: scheduler.replay.Columns) -> tuple[str, bool]:
    """A replayed state's `_state_text` and whether that is in `_CANONICAL` form. The usual
    state (float memory, whole numbers) is written here, without making its columns."""
    code, step, s, d, due, last, reps, lapses = state
    due_ms = int(due.timestamp() * 1000) if due else None
    last_ms = int(last.timestamp() * 1000) if last else None
    if (
        type(s) is float
        and type(d) is float
        and s == s  # not NaN
        and d == d
        and s not in _INFINITE
        and d not in _INFINITE
        and type(code) is int
        and type(reps) is int
        and type(lapses) is int
        and (step is None or type(step) is int)
        and type(due_ms) is int
        and type(last_ms) is int
        and 0 <= code <= 3
        and (step is None or step >= 0)
        and reps >= 0
        and lapses >= 0
    ):
        step_text = "null" if step is None else repr(step)
        text = (
            f'"state":{code},"step":{step_text},"stability":{s!r},"difficulty":{d!r},'
            f'"due_ms":{due_ms},"last_review_ms":{last_ms},"reps":{reps},"lapses":{lapses}'
        )
        return text, True
    text = _state_text(_columns(state))
    return text, _CANONICAL.fullmatch(text) is not None


_GRADES = frozenset(int(grade) for grade in Grade)


def replay_card(
    key: CardKey, settings: Settings, parameters: tuple[float, ...] | None, log: list[LogRow]
) -> Replayed:
    """Replay one card's merged log (see the module docstring): the rows whose kind or
    before/after change, the card's final state columns and when its last answer that made
    it a leech was given (the answer path's rule: such a card is suspended and tagged).

    Speed: the log's states are compared and rewritten as text where they have the form
    `log_json` writes (only a state the replay may keep is read as JSON), and an answer
    scheduled again computes only its own grade (scheduler.replay.Replayer), on plain tuples."""
    replayer = Replayer(settings, parameters, replay_seed(key), len(log))
    threshold = settings.leech_threshold
    state: scheduler.replay.Columns = scheduler.replay.NEW
    now_text, now_canonical = _text(state)
    changed: list[tuple[int, int, str, str]] = []
    leech_ms: int | None = None
    for review_id, at_ms, grade, kind, before_text, after_text in log:
        before_parts, after_parts = _parts(before_text), _parts(after_text)
        after: dict[str, Any] | None = None
        if (  # the usual case, decided as _same_state decides it without calling it
            before_parts is not None
            and now_canonical
            and before_parts[0] != now_text
            and _CANONICAL.fullmatch(before_parts[0])
        ):
            same = False
        else:
            now = _columns(state)
            same = _same_state(before_text, before_parts, now, now_text, now_canonical)
        if same:
            after = json.loads(after_text)
            same = all(name in after for name in STATE_COLUMNS)
        if same and after is not None:
            kept = state_from_row(after)
            following: scheduler.replay.Columns = (
                STATE_CODE[kept.state],
                kept.step,
                kept.stability,
                kept.difficulty,
                kept.due,
                kept.last_review,
                kept.reps,
                kept.lapses,
            )
        else:
            at = datetime.fromtimestamp(at_ms / 1000, tz=UTC)  # records.from_ms
            following = replayer.answer(state, grade if grade in _GRADES else Grade(grade), at)
        following_text, following_canonical = _text(following)
        if before_parts is not None:  # _with_flags, written out for the usual case
            new_before = "{" + now_text + before_parts[1]
        else:
            new_before = _with_flags(_columns(state), now_text, before_text, before_parts)
        lapses, new_lapses = state[7], following[7]
        if (
            threshold
            and new_lapses > lapses
            and new_lapses >= threshold
            and (new_lapses - threshold) % max(1, threshold // 2) == 0
        ):  # reviews.becomes_leech
            recorded = after if after is not None else json.loads(after_text)
            flags = {name: recorded.get(name, _NO_FLAGS[name]) for name in FLAG_COLUMNS}
            flags = flags_after_answer(flags, became_leech=True)
            new_after = log_json({**_columns(following), **flags})
            leech_ms = at_ms
        elif after_parts is not None:
            new_after = "{" + following_text + after_parts[1]
        else:
            new_after = _with_flags(_columns(following), following_text, after_text, after_parts)
        code = state[0]
        if code != kind or new_before != before_text or new_after != after_text:
            changed.append((review_id, code, new_before, new_after))
        state, now_text, now_canonical = following, following_text, following_canonical
    return Replayed(changed, _columns(state), leech_ms)
