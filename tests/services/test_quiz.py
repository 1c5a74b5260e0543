"""The quiz service: which questions, in which order, and how they are scored."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.domain import Outcome, PartResult
from quizapp.domain.pack import Pack
from quizapp.errors import QuizappError
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.services.quiz import Quiz, Tally, select_questions
from tests.services.study_helpers import Clock

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "packs" / "ui-sample"
SAMPLE_ORDER = ["choice", "cloze", "diagram", "flashcard", "order", "typed"]


@pytest.fixture
def sample() -> Pack:
    """One question of each type (files sorted: choice, cloze, ... typed)."""
    pack = load_pack(SAMPLE, PackCache(None))
    assert pack.ok, pack.problems
    return pack


def ids(quiz: Quiz) -> list[str]:
    return [q.id for q in quiz.questions]


def test_in_order_is_every_question_in_pack_file_order(sample: Pack, clock: Clock) -> None:
    quiz = Quiz.pick([sample], in_order=True, clock=clock)
    assert ids(quiz) == SAMPLE_ORDER
    assert ids(Quiz.pick([sample], in_order=True, count=2, clock=clock)) == ["choice", "cloze"]


def test_random_draw_is_seeded_and_capped_at_what_exists(sample: Pack, clock: Clock) -> None:
    first = Quiz.pick([sample], count=20, rng=random.Random(3), clock=clock)
    again = Quiz.pick([sample], count=20, rng=random.Random(3), clock=clock)
    assert ids(first) == ids(again)  # the same seed, the same quiz
    assert sorted(ids(first)) == sorted(SAMPLE_ORDER)  # 20 asked, 6 exist: each once
    orders = {tuple(ids(Quiz.pick([sample], rng=random.Random(s), clock=clock))) for s in range(8)}
    assert len(orders) > 1  # random really shuffles
    assert len(Quiz.pick([sample], count=3, rng=random.Random(1), clock=clock).questions) == 3


def test_selection_by_pack_tag_and_type(
    sample: Pack, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    cards = pack_factory("cards", [("a", ["net"]), ("b", ["os"]), ("c", ["net", "os"])])
    assert [q.id for q in select_questions([cards], tag="net")] == ["a", "c"]
    both = select_questions([sample, cards], types=["flashcard"])
    assert [q.key for q in both] == ["ui-sample/flashcard", "cards/a", "cards/b", "cards/c"]
    typed = select_questions([sample], types=["typed", "cloze"])
    assert [q.id for q in typed] == ["cloze", "typed"]
    assert [q.id for q in select_questions([sample], tag="order", types=["order"])] == ["order"]
    quiz = Quiz.pick([cards], tag="os", in_order=True, clock=clock)
    assert ids(quiz) == ["b", "c"]


def test_bad_selections_are_one_line_errors_naming_what_exists(
    sample: Pack, pack_factory: Callable[..., Pack]
) -> None:
    cards = pack_factory("cards", [("a", ["net"])])
    with pytest.raises(QuizappError, match=r"unknown question type 'flash' \(types: flashcard,"):
        select_questions([sample], types=["flash"])
    with pytest.raises(
        QuizappError, match=r"no question in cards has the tag 'ops' \(tags there: net"
    ):
        select_questions([cards], tag="ops")
    with pytest.raises(
        QuizappError, match=r"no diagram questions in cards \(types there: 1 flashcard\)"
    ):
        select_questions([cards], types=["diagram"])
    with pytest.raises(
        QuizappError,
        match=r"no typed questions in ui-sample with the tag 'order' \(types there: 1 order\)",
    ):
        select_questions([sample], tag="order", types=["typed"])
    with pytest.raises(QuizappError, match="a quiz does not read"):
        select_questions([sample], tag="leech")  # leeches live in the database only


def outcome(score: float) -> Outcome:
    return Outcome(score, (PartResult("x", "", "", score >= 1),))


def test_score_counts_right_partly_wrong_with_partial_credit(sample: Pack, clock: Clock) -> None:
    quiz = Quiz.pick([sample], in_order=True, clock=clock)
    assert quiz.next_question() is quiz.questions[0] and quiz.tally().score == "0/0"
    for score in (1.0, 0.5, 0.0, 2 / 3):  # choice, cloze, diagram, then flashcard
        question = quiz.next_question()
        assert question is not None
        if question.type == "flashcard":
            quiz.record(question, Quiz.self_graded(question, knew=True, lang="en"))
        else:
            quiz.record(question, outcome(score))
    clock.advance(minutes=3)
    total = quiz.tally()
    assert (total.right, total.partly, total.wrong, total.answered) == (2, 1, 1, 4)
    assert total.points == pytest.approx(2.5) and total.score == "2.5/4"
    summary = quiz.summary()
    assert summary.planned == 6 and summary.elapsed == timedelta(minutes=3)
    assert [q.id for q in summary.missed] == ["cloze", "diagram"]
    assert list(summary.by_type) == ["choice", "cloze", "diagram", "flashcard"]
    assert summary.by_type["cloze"].partly == 1 and summary.by_type["flashcard"].right == 1
    assert summary.pack_ids == ("ui-sample",)


def test_a_flashcard_known_or_not_is_checked_as_study_checks_it(sample: Pack) -> None:
    card = next(q for q in sample.questions if q.type == "flashcard")
    assert Quiz.self_graded(card, knew=True, lang="en").score == 1.0
    assert Quiz.self_graded(card, knew=False, lang="en").score == 0.0
    tally = Tally()
    tally.add(Quiz.self_graded(card, knew=False, lang="en"))
    assert (tally.wrong, tally.score) == (1, "0/1")


def test_only_the_current_question_can_be_answered(sample: Pack, clock: Clock) -> None:
    quiz = Quiz.pick([sample], in_order=True, count=2, clock=clock)
    with pytest.raises(ValueError, match="not the current question"):
        quiz.record(quiz.questions[1], outcome(1.0))
    quiz.record(quiz.questions[0], outcome(1.0))
    quiz.record(quiz.questions[1], outcome(1 / 3))
    assert quiz.next_question() is None and quiz.tally().score == "1.3/2"
    assert not Quiz.schedules
