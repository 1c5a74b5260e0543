"""What the UI and the CLI ask services for instead of reaching below them: grading an
answer, loading the packs asked for, the home screen's counts, the states to export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.domain import Grade
from quizapp.domain.pack import Pack
from quizapp.errors import QuizappError
from quizapp.services.cards import stored_progress
from quizapp.services.catalog import load_packs
from quizapp.services.grading import check_answer, recall_outcome
from quizapp.services.study import StudySession
from tests.exercises.exercise_questions import make_question
from tests.services.study_helpers import SETTINGS, Clock


def test_check_answer_grades_with_the_pack_synonyms() -> None:
    question = make_question({"type": "typed", "accept": {"en": ["SYN_RECEIVED"]}})
    answer = {"blanks": ["syn_recv"]}
    assert not check_answer(question, answer, lang="en").correct
    synonyms = [["SYN_RECEIVED", "SYN_RECV"]]
    assert check_answer(question, answer, lang="en", synonyms=synonyms).correct


def test_recall_outcome_is_the_learners_own_grade() -> None:
    question = make_question({"type": "flashcard"}, answer="The back.")
    missed = recall_outcome(question, Grade.AGAIN, "en")
    knew = recall_outcome(question, Grade.HARD, "en")
    assert (missed.score, knew.score) == (0.0, 1.0)
    assert knew.parts[0].given == "hard" and knew.parts[0].expected == "The back."


def test_load_packs_reads_only_the_packs_asked_for(pack_factory: Callable[..., Pack]) -> None:
    first, second = pack_factory("first", 1), pack_factory("second", 2)
    chosen = load_packs([], [str(second.path), str(first.path)])
    assert [p.id for p in chosen] == ["second", "first"]
    every = {p.id for p in load_packs([str(first.path.parent)])}
    assert {"first", "second"} <= every


def test_pack_summaries_count_from_the_sessions_database(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("good", 3)
    session = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    session.answer("good/q000", Grade.AGAIN)  # learning, due in a minute
    [before] = session.pack_summaries([pack], "en")
    assert (before.total, before.learning, before.due) == (3, 1, 1)  # within learn-ahead
    clock.advance(minutes=1)
    [after] = session.pack_summaries([pack], "en")
    assert after.due == 1
    session.close()


def test_stored_progress_needs_a_database(
    tmp_path: Path, db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("good", 2)
    with pytest.raises(QuizappError, match="--with-progress: no quizapp database"):
        stored_progress(tmp_path / "missing.db", [pack])
    session = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    session.answer("good/q001", Grade.GOOD)
    session.close()
    progress = stored_progress(db_path, [pack])
    states = progress.cards
    assert set(states) == {"good/q000", "good/q001"}
    assert [a.grade for a in progress.answers["good/q001"]] == [int(Grade.GOOD)]
    assert progress.answers["good/q000"] == []
    assert states["good/q000"].state.state == "new"
    assert states["good/q001"].state.reps == 1
