"""The replay reads and writes the log's before/after states as text where they have the form
log_json writes: it must decide and write exactly what reading them as JSON would."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from quizapp.services.replay_log import _parts, _same_state, _state_text
from quizapp.store.records import STATE_COLUMNS
from quizapp.store.reviews import FLAG_COLUMNS, log_json

maybe_float = st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.integers(-5, 5)
maybe_ms = st.none() | st.integers(-(2**53), 2**53)
states = st.fixed_dictionaries(
    {
        "state": st.integers(0, 3),
        "step": st.none() | st.integers(0, 3),
        "stability": maybe_float,
        "difficulty": maybe_float,
        "due_ms": maybe_ms,
        "last_review_ms": maybe_ms,
        "reps": st.integers(0, 10**6),
        "lapses": st.integers(0, 10**3),
    }
).map(lambda columns: {name: columns[name] for name in STATE_COLUMNS})
"""State columns as `state_columns` gives them (in its order), with values a foreign file might
hold too (an int stability, a float that is not finite)."""
flags = st.fixed_dictionaries(
    {
        "suspended": st.booleans() | st.integers(0, 1),
        "leech": st.booleans(),
        "buried_until_ms": maybe_ms,
    }
).map(lambda values: {name: values[name] for name in FLAG_COLUMNS})


@given(states)
def test_state_text_is_log_json_without_braces(columns: dict[str, Any]) -> None:
    assert _state_text(columns) == log_json(columns)[1:-1]


@given(states, states, flags, st.booleans())
def test_same_state_decides_as_the_json_values_do(
    now: dict[str, Any], other: dict[str, Any], recorded_flags: dict[str, Any], equal: bool
) -> None:
    recorded = log_json({**(now if equal else other), **recorded_flags})
    values = json.loads(recorded)
    expected = all(values.get(name) == now[name] for name in STATE_COLUMNS)
    assert _same_state(recorded, _parts(recorded), now, _state_text(now)) == expected


@given(states, flags)
def test_parts_split_what_log_json_wrote(columns: dict[str, Any], tail: dict[str, Any]) -> None:
    text = log_json({**columns, **tail})
    parts = _parts(text)
    if parts is None:  # only a form the fast path does not know (1 for true): read as JSON
        assert type(tail["suspended"]) is int
    else:
        assert "{" + parts[0] + parts[1] == text and parts[0] == _state_text(columns)


@given(
    st.dictionaries(
        st.text(max_size=8),
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
        max_size=12,
    )
)
def test_log_json_writes_what_json_dumps_writes(columns: dict[str, Any]) -> None:
    assert log_json(columns) == json.dumps(columns, separators=(",", ":"))


@given(
    st.one_of(
        st.dictionaries(st.text(max_size=6), st.none() | st.integers() | st.text(max_size=4)).map(
            lambda value: json.dumps(value, ensure_ascii=False).encode() + b"\n"
        ),
        st.binary(max_size=40).map(lambda tail: b'{"' + tail),
        st.binary(max_size=40),
    )
)
def test_a_line_is_parsed_as_json_loads_parses_it(line: bytes) -> None:
    """The reader's own scan of a `{"...` line accepts and gives what json.loads does."""
    from quizapp.services.progress_file import _parse

    try:
        expected: Any = json.loads(line)
    except ValueError:
        expected = ValueError
    try:
        got: Any = _parse(line)
    except ValueError:
        got = ValueError
    assert repr(got) == repr(expected)  # repr: a NaN in both is not equal to itself
