"""Custom sessions (Scope.due_by): review ahead by N days, and chosen questions whenever due.
Cards are put in the states the test needs straight into the SQLite file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from quizapp import scheduler
from quizapp.domain import CardKey, Grade
from quizapp.domain.pack import Pack
from quizapp.services.custom_study import ANY_DUE, due_by_count, parse_ahead_days
from quizapp.services.study import StudySession
from quizapp.store.records import to_ms
from tests.services.study_helpers import SETTINGS, START, Clock

DAY = timedelta(days=1)


def set_card(db_path: Path, question_id: str, **columns: object) -> None:
    sets = ", ".join(f"{name} = ?" for name in columns)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            f"UPDATE card SET {sets} WHERE pack_id = 'p' AND question_id = ?",
            [*columns.values(), question_id],
        )
    conn.close()


def review_card(db_path: Path, question_id: str, due_ms: int, **more: object) -> None:
    """A review card with stability 10 days, last reviewed 7 days before START."""
    columns = {
        "state": 2,
        "stability": 10.0,
        "difficulty": 5.0,
        "due_ms": due_ms,
        "last_review_ms": to_ms(START - 7 * DAY),
        "reps": 3,
        "lapses": 0,
    }
    set_card(db_path, question_id, **{**columns, **more})


def laid_out(db_path: Path, pack: Pack, clock: Clock) -> None:
    """UTC, day start 04:00; START is Monday 2026-03-02 12:00, in study day 03-02, whose
    today + 3 ends on 03-06 at 04:00."""
    session = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    session.store.save_settings(SETTINGS)
    session.close()
    end_of_day_3 = to_ms(SETTINGS.day_start_on(date(2026, 3, 6)))
    review_card(db_path, "q000", to_ms(START) - 3_600_000)  # overdue
    review_card(db_path, "q001", end_of_day_3 - 60_000)  # 03:59 on 03-06: still day +3
    review_card(db_path, "q002", end_of_day_3)  # 04:00: day +4
    review_card(db_path, "q003", to_ms(START + 2 * DAY), suspended=1)
    review_card(db_path, "q004", to_ms(START + 2 * DAY), buried_until_ms=to_ms(START + DAY))
    set_card(db_path, "q005", state=1, step=0, due_ms=to_ms(START + 2 * DAY))  # learning
    review_card(db_path, "q006", to_ms(START + 30 * DAY))
    # q007 stays new


def test_due_by_counts_unsuspended_unburied_reviews_to_the_end_of_the_study_day(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("p", 8)
    laid_out(db_path, pack, clock)
    assert due_by_count(db_path, START, 3) == (2, date(2026, 3, 5))
    assert due_by_count(db_path, START, 4) == (3, date(2026, 3, 6))
    assert due_by_count(db_path, START, 1) == (1, date(2026, 3, 3))
    assert due_by_count(db_path, START, 30)[0] == 4
    assert due_by_count(db_path, START, 3, ["other"])[0] == 0
    ahead = StudySession.open(db_path, [pack], clock=clock, due_by=3)
    counts = ahead.counts()
    assert (counts.new, counts.review) == (0, 2)  # review ahead brings no new questions
    assert ahead.scope.due_by == 3
    ahead.close()
    assert due_by_count(db_path.with_name("none.db"), START, 3)[0] == 0
    assert not db_path.with_name("none.db").exists()


def test_the_days_field_takes_whole_days_from_1_to_365() -> None:
    assert [parse_ahead_days(t) for t in ("7", " 30 ", "1", "365")] == [7, 30, 1, 365]
    assert [parse_ahead_days(t) for t in ("0", "366", "-1", "1.5", "", "x")] == [None] * 6


def test_review_ahead_uses_the_real_elapsed_time_once_each_beyond_the_limits(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("p", 8)
    laid_out(db_path, pack, clock)
    limited = SETTINGS.replace(reviews_per_day=1)
    today = StudySession.open(db_path, [pack], clock=clock, settings=limited)
    today.store.save_settings(limited)
    first = today.next_card()
    assert first is not None and first.key == "p/q000"
    today.answer("p/q000", Grade.GOOD)
    assert today.counts().review == 0  # today's review limit is reached
    today.close()

    ahead = StudySession.open(db_path, [pack], clock=clock, due_by=3)
    stored = ahead.store.load_settings()
    before = ahead.store.get(CardKey("p", "q001"))
    assert before is not None
    card = ahead.next_card()
    assert card is not None and card.key == "p/q001"  # due in 4 days, limit reached: still
    result = ahead.answer("p/q001", Grade.GOOD)
    after = ahead.store.get(CardKey("p", "q001"))
    assert after is not None
    # FSRS was given the 7 days since the last review, not the 10 the schedule expected
    early = scheduler.review(limited, before.state, Grade.GOOD, START, card_id=before.id)
    on_time = scheduler.review(
        limited, before.state, Grade.GOOD, START + 3 * DAY, card_id=before.id
    )
    assert after.state == early
    assert after.state.stability is not None and on_time.stability is not None
    assert after.state.stability < on_time.stability
    assert after.state.last_review == START and result.next_due == early.due
    assert ahead.next_card() is None  # q001 is done here; q002 falls due on day +4
    assert ahead.store.load_settings() == stored  # the settings are as they were
    ahead.close()
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT c.question_id, r.grade, r.kind, r.reviewed_ms FROM review r "
        "JOIN card c ON c.id = r.card_id ORDER BY r.id"
    ).fetchall()
    conn.close()
    assert rows == [("q000", 3, 2, to_ms(START)), ("q001", 3, 2, to_ms(START))]


def test_chosen_questions_whenever_due_each_once_and_new_ones_too(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    """Browse's "study these" and the weakest when none is due: a filtered session."""
    pack = pack_factory("p", 8)
    laid_out(db_path, pack, clock)
    keys = ["p/q006", "p/q007", "p/q003"]  # due in 30 days, new, suspended
    chosen = StudySession.open(db_path, [pack], clock=clock, keys=keys, due_by=ANY_DUE)
    counts = chosen.counts()
    assert (counts.new, counts.learning, counts.review) == (1, 0, 1)
    seen = []
    while (card := chosen.next_card()) is not None:
        seen.append(card.key)
        chosen.answer(card.key, Grade.GOOD)
        assert len(seen) < 5, seen
    # q006 once (30 days early); the new one through its learning steps (the second falls in
    # the learn-ahead window) until it is a review card, answered in this session: done
    assert seen == ["p/q006", "p/q007", "p/q007"]
    new_one = chosen.store.get(CardKey("p", "q007"))
    assert new_one is not None and new_one.state.state == "review"
    assert chosen.counts().total == 0
    chosen.close()
