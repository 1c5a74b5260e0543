"""Choice and flashcard grading."""

from __future__ import annotations

from quizapp.domain import Grade
from quizapp.exercises import exercise_for
from tests.exercises.exercise_questions import make_question

SINGLE = {
    "type": "choice",
    "options": [{"text": "One", "correct": True}, {"text": "None"}, {"text": "Two"}],
}
MULTI = {
    "type": "choice",
    "options": [
        {"text": "SYN", "correct": True},
        {"text": "FIN", "correct": True},
        {"text": "ACK"},
        {"text": "PSH"},
    ],
}


def test_single_choice_is_all_or_nothing() -> None:
    q = make_question(SINGLE)
    check = exercise_for("choice").check
    assert check(q, {"selected": [0]}, lang="en").score == 1.0
    wrong = check(q, {"selected": [1]}, lang="en")
    assert wrong.score == 0.0
    assert [p.correct for p in wrong.parts] == [False, False, True]


def test_multiple_choice_gives_partial_credit_per_option() -> None:
    q = make_question(MULTI)
    check = exercise_for("choice").check
    assert check(q, {"selected": [0, 1]}, lang="en").correct
    assert check(q, {"selected": [0]}, lang="en").score == 0.75
    assert check(q, {"selected": [0, 1, 2, 3]}, lang="en").score == 0.5
    assert check(q, {"selected": []}, lang="en").score == 0.0


def test_flashcard_outcome_follows_the_self_grade() -> None:
    q = make_question({"type": "flashcard"}, answer="Three")
    recall = exercise_for("flashcard")
    assert not recall.auto
    assert recall.check(q, {"grade": Grade.GOOD}, lang="en").correct
    again = recall.check(q, {"grade": Grade.AGAIN}, lang="en")
    assert again.score == 0.0
    assert again.parts[0].expected == "Three"
