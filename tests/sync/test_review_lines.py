"""The reader's one-pattern path for a review line in our writer's form (services.review_lines)
must give exactly the row json.loads and the checks give, or leave the line to them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quizapp.services.progress_file import ProgressFileError, _dump, _row
from quizapp.services.review_lines import ReviewLines, fast_review
from quizapp.store.exchange import REVIEW_COLUMNS
from quizapp.store.records import STATE_COLUMNS
from quizapp.store.reviews import FLAG_COLUMNS

numbers = (
    st.none() | st.integers(-(2**70), 2**70) | st.floats() | st.booleans() | st.text(max_size=3)
)
state_values = {
    "state": st.integers(-1, 4) | st.none(),
    "step": st.none() | st.integers(-1, 3),
    "stability": st.none() | st.floats() | st.integers(-5, 5),
    "difficulty": st.none() | st.floats() | st.integers(-5, 5),
    "due_ms": st.none() | st.integers(-(2**64), 2**64),
    "last_review_ms": st.none() | st.integers(-(2**64), 2**64),
    "reps": st.integers(-1, 10**6),
    "lapses": st.integers(-1, 10**3),
    "suspended": st.booleans() | st.integers(0, 1),
    "leech": st.booleans(),
    "buried_until_ms": st.none() | st.integers(-(2**53), 2**53),
}
usual_floats = st.none() | st.floats(allow_nan=False, allow_infinity=False)
states = st.fixed_dictionaries(
    {
        **state_values,
        "state": st.integers(0, 3),
        "due_ms": st.none() | st.integers(-(2**63), 2**63),
        "last_review_ms": st.none() | st.integers(-(2**63), 2**63),
        "stability": usual_floats,
        "difficulty": usual_floats,
        "suspended": st.booleans(),
    }
) | st.fixed_dictionaries(state_values)
states = states.map(lambda v: {name: v[name] for name in (*STATE_COLUMNS, *FLAG_COLUMNS)})
"""States as log_json writes them: the usual values, or ones a foreign file might hold."""
records = st.fixed_dictionaries(
    {
        "uid": st.text("0123456789abcdefXYZ", min_size=1, max_size=64),
        "device": st.text("0123456789abcdef", min_size=1, max_size=64),
        "pack_id": st.sampled_from(["p", "pack-1", "中文"]),
        "question_id": st.sampled_from(["q1", "q/2", "é"]),
        "reviewed_ms": st.integers(-(2**63), 2**63),
        "grade": st.integers(1, 4),
        "kind": st.integers(0, 3),
        "duration_ms": st.integers(0, 10**7),
        "answer": st.none() | st.text(max_size=12),
        "score": st.none() | st.floats() | st.integers(-(2**70), 2**70),
        "suggested": st.none() | st.integers(1, 4),
        "content_hash": st.text(max_size=6),
        "before": states,
        "after": states,
    }
).map(lambda record: {name: record[name] for name in REVIEW_COLUMNS})
"""Review records in our writer's order that are valid (but for a NaN or an odd number)."""
odd = (
    numbers
    | st.text(st.characters(codec="utf-8"), max_size=70)
    | st.sampled_from(["x" * 65, "é9", "p/x", "", "a b"])
    | st.dictionaries(st.text(max_size=4), numbers, max_size=3)
)
"""A value a bad or foreign file might hold in any field."""
edits = st.sampled_from(
    [
        ("", ""),
        (",", ", "),
        ('"grade":', '"grade" :'),
        (".0,", ".00,"),
        ("0.", "-0."),
        ('"state":0', '"state":-0'),
        ('"uid"', '"\\u0075id"'),
        ("}\n", "} \n"),
        ("}\n", "}\r\n"),
        ('"answer":null', '"answer":"a\\nb"'),
        ('"score":null', '"score":1E2'),
        ('"score":null', '"score":-0'),
        ('"content_hash":""', '"content_hash":"h","content_hash":""'),
        ('"stability":', '"stability":1.5,"stability":'),
        ("1.0", "1.0000000000000001"),
    ]
)
"""Changes a hand or another writer might make to a line: each is read as json.loads reads it."""


def _slow(line: str) -> Any:
    """The row the general path makes of the line, or the class of its error."""
    try:
        record = json.loads(line)
        record.pop("type")
        return _row(Path("f"), 2, "review", record, set())
    except (ValueError, AttributeError, KeyError, TypeError, ProgressFileError) as exc:
        return type(exc)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.sampled_from([None, *REVIEW_COLUMNS]), odd, edits)
@example(
    {
        "uid": "b" * 32,
        "device": "c" * 32,
        "pack_id": "p",
        "question_id": "q1",
        "reviewed_ms": 1767268802000,
        "grade": 3,
        "kind": 2,
        "duration_ms": 0,
        "answer": '{"text":"über \\"x\\""}',
        "score": 0.75,
        "suggested": 3,
        "content_hash": "abc",
        "before": {"state": 2, "step": None, "stability": 1.0, "difficulty": 5.0},
        "after": {"state": 2, "step": None, "stability": 1e-05, "difficulty": 5.0},
    },
    None,
    None,
    ("", ""),
)
def test_a_review_line_gives_the_row_json_gives(
    record: dict[str, Any], changed: str | None, value: Any, edit: tuple[str, str]
) -> None:
    if changed is not None:
        record = {**record, changed: value}
    line = _dump({"type": "review", **record}) + "\n"
    line = line.replace(*edit)
    fast = fast_review(line, set())
    if fast is not None:
        assert repr(fast) == repr(_slow(line))  # repr: NaN is not equal to itself


@given(
    st.fixed_dictionaries(state_values).map(
        lambda v: {name: v[name] for name in (*STATE_COLUMNS, *FLAG_COLUMNS)}
    )
)
def test_our_writers_lines_take_the_pattern(state: dict[str, Any]) -> None:
    """A review as the log holds it (any state log_json writes with finite floats, true/false
    flags, numbers in range) is read by the pattern, not left to json.loads."""
    finite = (float("inf"), float("-inf"))
    usual = (
        type(state["suspended"]) is bool
        and state["state"] is not None
        and all(
            state[n] is None
            or (type(state[n]) is float and state[n] == state[n] and state[n] not in finite)
            for n in ("stability", "difficulty")
        )
        and all(
            abs(state[n]) < 10**19
            for n in (
                "state",
                "step",
                "due_ms",
                "last_review_ms",
                "reps",
                "lapses",
                "buried_until_ms",
            )
            if state[n] is not None
        )
    )
    row = ("b" * 32, "c" * 32, "p", "q1", 5, 3, 2, 0, None, None, None, "", state, state)
    line = _dump({"type": "review", **dict(zip(REVIEW_COLUMNS, row, strict=True))}) + "\n"
    fast = fast_review(line, set())
    assert (fast is not None) == usual
    if fast is not None:
        assert fast == _slow(line)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(records, st.lists(st.tuples(states, st.booleans(), edits), min_size=1, max_size=6))
def test_a_files_lines_read_in_turn_give_the_rows_json_gives(
    record: dict[str, Any], chain: list[tuple[dict[str, Any], bool, tuple[str, str]]]
) -> None:
    """A question's before state equal to the after state read last for it is not checked
    again: a file where each before is the previous after (or not), with edits, read by one
    ReviewLines, still gives each line's row as json.loads does, or leaves it to it."""
    read = ReviewLines(set()).read
    previous = record["before"]
    for after, chained, edit in chain:
        before = previous if chained else record["before"]
        line = _dump({"type": "review", **record, "before": before, "after": after}) + "\n"
        line = line.replace(*edit)
        previous = after
        fast = read(line)
        if fast is not None:
            assert repr(fast) == repr(_slow(line))
