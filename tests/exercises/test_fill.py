"""Typed and cloze matching: forgiving about form, strict about content."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizapp.domain.text import normalise
from quizapp.exercises import exercise_for
from quizapp.exercises.fill import cloze_blanks, diff, matches
from tests.exercises.exercise_questions import make_question

SYNONYMS = [["SYN_RECEIVED", "SYN_RECV", "SYN-RCVD"]]


def test_case_space_and_punctuation_do_not_matter() -> None:
    assert matches("syn sent", ["SYN_SENT"])
    assert matches("  Syn-Sent. ", ["SYN_SENT"])
    assert not matches("SYN_RECEIVED", ["SYN_SENT"])


def test_full_width_punctuation_and_letters_are_folded() -> None:
    assert matches("ＳＹＮ＿ＳＥＮＴ", ["SYN_SENT"])
    assert matches("三次握手。", ["三次握手"])
    assert matches("（三次）握手", ["三次握手"])


def test_synonym_groups_widen_the_accepted_set() -> None:
    assert matches("syn_recv", ["SYN_RECEIVED"], SYNONYMS)
    assert not matches("syn_recv", ["SYN_RECEIVED"])
    assert not matches("", ["SYN_RECEIVED"], SYNONYMS)


def test_case_sensitive_questions_respect_case() -> None:
    assert not matches("syn", ["SYN"], case_sensitive=True)
    assert matches("SYN", ["SYN"], case_sensitive=True)


def test_cloze_blanks_and_grading() -> None:
    prompt = "Waits in {{TIME_WAIT|TIME-WAIT}} for {{2MSL|2 MSL}}."
    assert cloze_blanks(prompt) == [["TIME_WAIT", "TIME-WAIT"], ["2MSL", "2 MSL"]]
    q = make_question({"type": "cloze"}, prompt)
    outcome = exercise_for("cloze").check(q, {"blanks": ["time wait", "3MSL"]}, lang="en")
    assert outcome.score == 0.5
    assert [p.correct for p in outcome.parts] == [True, False]
    assert outcome.parts[1].expected == "2MSL"


def test_typed_uses_the_language_specific_accept_list() -> None:
    q = make_question({"type": "typed", "accept": {"en": ["three"], "zh-CN": ["三"]}})
    assert exercise_for("typed").check(q, {"blanks": ["Three"]}, lang="en").correct
    assert exercise_for("typed").check(q, {"blanks": ["三"]}, lang="zh-CN").correct
    assert not exercise_for("typed").check(q, {"blanks": []}, lang="en").correct


def test_diff_marks_extra_and_missing() -> None:
    assert diff("SYN_SNT", "SYN_SENT") == [("equal", "SYN_S"), ("missing", "E"), ("equal", "NT")]
    assert diff("ACKK", "ACK") == [("equal", "ACK"), ("extra", "K")]


@given(st.text(max_size=30))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(max_size=20), st.text(max_size=20))
def test_diff_reassembles_both_sides(given_text: str, expected: str) -> None:
    runs = diff(given_text, expected)
    assert "".join(t for op, t in runs if op != "missing") == given_text
    assert "".join(t for op, t in runs if op != "extra").casefold() == expected.casefold()
