"""replay_card (tuples, text, the Replayer's own FSRS formulas) decides and writes exactly what
the plain reading of its rules gives: every log state read as JSON, every answer scheduled by
`scheduler.review`, every state written by `log_json`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp import scheduler
from quizapp.config import Settings
from quizapp.domain import CardKey, CardState, Grade
from quizapp.services.replay_log import replay_card, replay_seed
from quizapp.store.exchange import LogRow, Replayed
from quizapp.store.records import STATE_COLUMNS, from_ms, state_columns, state_from_row, to_ms
from quizapp.store.reviews import (
    FLAG_COLUMNS,
    becomes_leech,
    flags_after_answer,
    log_json,
)

START = datetime(2026, 1, 1, 9, tzinfo=UTC)
KEY = CardKey("p", "q1")
NO_FLAGS: dict[str, Any] = {"suspended": False, "leech": False, "buried_until_ms": None}
SETTINGS = (
    Settings(timezone="Europe/Berlin", leech_threshold=2),
    Settings(timezone="UTC", enable_fuzzing=False, relearning_steps=(), leech_threshold=0),
    Settings(timezone="America/New_York", learning_steps=(), maximum_interval=60),
    Settings(timezone="Asia/Tokyo", learning_steps=(600,), relearning_steps=(60, 600)),
)


def reference(key: CardKey, chosen: Settings, log: list[LogRow]) -> Replayed:
    """The replay's rules, read plainly (services/progress.py's module docstring)."""
    state = CardState()
    changed: list[tuple[int, int, str, str]] = []
    leech_ms = None
    for review_id, at_ms, grade, kind, before_text, after_text in log:
        now = state_columns(state)
        before, after = json.loads(before_text), json.loads(after_text)
        kept = all(before.get(name, ...) == value for name, value in now.items()) and all(
            name in after for name in STATE_COLUMNS
        )
        at = from_ms(at_ms)
        assert at is not None
        following = (
            state_from_row(after)
            if kept
            else scheduler.review(chosen, state, Grade(grade), at, card_id=replay_seed(key))
        )
        new_before = log_json({**now, **{n: before.get(n, NO_FLAGS[n]) for n in FLAG_COLUMNS}})
        flags = {n: after.get(n, NO_FLAGS[n]) for n in FLAG_COLUMNS}
        if becomes_leech(state, following, chosen.leech_threshold):
            flags = flags_after_answer(flags, became_leech=True)
            leech_ms = at_ms
        new_after = log_json({**state_columns(following), **flags})
        if (now["state"], new_before, new_after) != (kind, before_text, after_text):
            changed.append((review_id, now["state"], new_before, new_after))
        state = following
    return Replayed(changed, state_columns(state), leech_ms)


answers = st.lists(
    st.tuples(
        st.sampled_from(list(Grade)),
        st.integers(0, 40 * 24 * 60),  # minutes since the answer before
        st.booleans(),  # whether this device's seed is the replay's (its states are kept)
        st.sampled_from(["as answered", "flags", "off by a little", "int stability"]),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(SETTINGS), answers)
def test_replay_card_is_the_plain_reading_of_its_rules(
    chosen: Settings, given_answers: list[tuple[Grade, int, bool, str]]
) -> None:
    """Two devices' chains interleaved: a state is kept where the log's before is where the
    replay stands, rescheduled elsewhere; flags and foreign number forms pass through."""
    chains = {True: CardState(), False: CardState()}
    at = START
    log: list[LogRow] = []
    for number, (grade, minutes, same_seed, form) in enumerate(given_answers):
        at += timedelta(minutes=minutes)
        state = chains[same_seed]
        seed = replay_seed(KEY) if same_seed else 7
        following = scheduler.review(chosen, state, grade, at, card_id=seed)
        before, after = state_columns(state), state_columns(following)
        flags = dict(NO_FLAGS)
        if form == "flags":
            flags = {"suspended": True, "leech": number % 2 == 0, "buried_until_ms": to_ms(at)}
        elif form == "off by a little" and after["stability"] is not None:
            after["stability"] += 1e-9
        elif form == "int stability" and before["stability"] is not None:
            before["stability"] = round(before["stability"])
        log.append(
            (
                number + 1,
                to_ms(at),
                int(grade),
                before["state"],
                log_json({**before, **flags}),
                log_json({**after, **flags}),
            )
        )
        chains[same_seed] = following
    assert replay_card(KEY, chosen, None, log) == reference(KEY, chosen, log)
