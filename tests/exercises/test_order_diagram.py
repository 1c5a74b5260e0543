"""Step ordering credit and ladder-diagram blanks."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from quizapp.exercises import exercise_for
from quizapp.exercises.diagram import choices, flag_set
from quizapp.exercises.order import longest_in_order, shuffled
from tests.exercises.exercise_questions import make_question

ORDER = {
    "type": "order",
    "steps": ["A", "B", "C", "D", "E"],
    "distractors": ["X"],
}
DIAGRAM = {
    "type": "diagram",
    "protocol": "tcp",
    "participants": ["Client", "Server"],
    "start": ["CLOSED", "LISTEN"],
    "rows": [
        {"dir": "->", "flags": "SYN", "seq": "x", "left": "SYN_SENT", "right": "SYN_RECEIVED"},
        {"dir": "<-", "flags": "SYN+ACK", "seq": "y", "ack": "x+1", "left": "ESTABLISHED"},
        {"dir": "->", "flags": "ACK", "seq": "x+1", "ack": "y+1", "right": "ESTABLISHED"},
    ],
    "blanks": ["2.flags", "2.ack", "1.right"],
}
SYNONYMS = [["SYN_RECEIVED", "SYN_RECV", "SYN-RCVD"]]


def check_order(order: list[str], discarded: list[str]) -> tuple[float, list[bool]]:
    q = make_question(ORDER)
    out = exercise_for("order").check(q, {"order": order, "discarded": discarded}, lang="en")
    return out.score, [p.correct for p in out.parts]


def test_perfect_order_with_distractor_discarded() -> None:
    score, marks = check_order(["s0", "s1", "s2", "s3", "s4", "d0"], ["d0"])
    assert score == 1.0
    assert all(marks)


def test_one_step_misplaced_costs_one_step() -> None:
    score, marks = check_order(["s1", "s0", "s2", "s3", "s4"], ["d0"])
    assert score == 4 / 5
    assert marks == [False, True, True, True, True, True]  # one ✗, as the score says


def test_kept_distractor_and_discarded_step_are_penalised() -> None:
    score, _ = check_order(["s0", "s1", "s2", "s3", "s4", "d0"], [])
    assert score == 5 / 6
    score, marks = check_order(["s0", "s1", "s2", "s3", "s4"], ["d0", "s4"])
    assert score == 4 / 5
    assert marks.count(False) == 1


def test_shuffle_never_shows_the_answer() -> None:
    q = make_question(ORDER)
    for seed in range(30):
        ranks = [i.rank for i in shuffled(q, "en", random.Random(seed)) if i.is_step]
        assert ranks != sorted(ranks)


@given(st.lists(st.integers(0, 50), max_size=30))
def test_longest_in_order_is_increasing_and_maximal(ranks: list[int]) -> None:
    chosen = sorted(longest_in_order(ranks))
    picked = [ranks[i] for i in chosen]
    assert picked == sorted(picked)  # non-decreasing: equal ranks are a group's steps
    best = [1] * len(ranks)  # O(n^2) reference
    for i in range(len(ranks)):
        for j in range(i):
            if ranks[j] <= ranks[i]:
                best[i] = max(best[i], best[j] + 1)
    assert len(chosen) == max(best, default=0)


def test_diagram_flags_are_order_insensitive() -> None:
    assert flag_set("SYN+ACK") == flag_set("ack, syn") == flag_set("ACK SYN")
    q = make_question(DIAGRAM)
    out = exercise_for("diagram").check(
        q,
        {"blanks": {"2.flags": "ACK+SYN", "2.ack": "X + 1", "1.right": "syn-recv"}},
        lang="en",
        synonyms=SYNONYMS,
    )
    assert out.correct, out.parts


def test_diagram_marks_each_blank() -> None:
    q = make_question(DIAGRAM)
    out = exercise_for("diagram").check(
        q, {"blanks": {"2.flags": "SYN", "2.ack": "x+1"}}, lang="en"
    )
    assert [(p.label, p.correct) for p in out.parts] == [
        ("2.flags", False),
        ("2.ack", True),
        ("1.right", False),
    ]
    assert out.parts[2].expected == "SYN_RECEIVED"
    assert abs(out.score - 1 / 3) < 1e-9


def test_diagram_choices_contain_the_answer() -> None:
    q = make_question(DIAGRAM)
    assert "SYN_RECEIVED" in choices(q, "1.right")
    assert "LAST_ACK" in choices(q, "1.right")  # tcp: every state offered
    assert "x+1" in choices(q, "2.ack")
    assert choices(q, "2.flags")[:3] == ["SYN", "SYN+ACK", "ACK"]


def test_order_marks_agree_with_the_score_when_five_steps_are_rotated() -> None:
    """B C D E A: four steps in the right relative order (80%), so four ✓ and one ✗."""
    score, marks = check_order(["s1", "s2", "s3", "s4", "s0"], ["d0"])
    assert score == 0.8
    assert marks[:5] == [True, True, True, True, False]
    assert sum(marks[:5]) / 5 == score


def test_order_parts_name_their_step_by_id_even_when_texts_repeat() -> None:
    q = make_question({"type": "order", "steps": ["same", "same", "other"]})
    out = exercise_for("order").check(q, {"order": ["s1", "s0", "s2"]}, lang="en")
    assert [p.id for p in out.parts] == ["s1", "s0", "s2"]


GROUPED = {"type": "order", "steps": ["A", ["B", "C", "D"], "E"], "distractors": ["X"]}
"""B, C and D may come in any order among themselves, after A and before E (ids s1-s3)."""


def check_grouped(order: list[str], discarded: list[str]) -> tuple[float, list[tuple[str, bool]]]:
    q = make_question(GROUPED)
    out = exercise_for("order").check(q, {"order": order, "discarded": discarded}, lang="en")
    return out.score, [(p.id, p.correct) for p in out.parts]


def test_any_order_within_a_group_is_right() -> None:
    for middle in (["s1", "s2", "s3"], ["s3", "s1", "s2"], ["s2", "s3", "s1"]):
        score, marks = check_grouped(["s0", *middle, "s4", "d0"], ["d0"])
        assert score == 1.0
        assert all(ok for _, ok in marks), middle


def test_a_group_step_outside_its_group_is_marked_and_scored_alike() -> None:
    # D (s3) put before A: the longest run in order is A, B, C, E; one ✗, 4/5.
    score, marks = check_grouped(["s3", "s0", "s2", "s1", "s4"], ["d0"])
    assert score == 4 / 5
    assert marks == [
        ("s3", False),
        ("s0", True),
        ("s2", True),
        ("s1", True),
        ("s4", True),
        ("d0", True),
    ]
    # E inside the group: E then D breaks the run by one step, whichever of the two is marked.
    score, marks = check_grouped(["s0", "s1", "s4", "s2", "s3"], ["d0"])
    assert score == 4 / 5
    assert [ok for _, ok in marks].count(False) == 1


def test_a_grouped_step_expects_its_group_positions() -> None:
    q = make_question(GROUPED)
    out = exercise_for("order").check(
        q, {"order": ["s4", "s0", "s1", "s2", "s3"], "discarded": ["d0"]}, lang="en"
    )
    expected = {p.id: p.expected for p in out.parts}
    assert expected == {
        "s4": "step 5",
        "s0": "step 1",
        "s1": "step 2–4",
        "s2": "step 2–4",
        "s3": "step 2–4",
        "d0": "discard",
    }


def test_the_shuffle_never_shows_a_grouped_answer() -> None:
    q = make_question(GROUPED)
    for seed in range(30):
        ranks = [i.rank for i in shuffled(q, "en", random.Random(seed)) if i.is_step]
        assert ranks != sorted(ranks)
