"""StudySession against real SQLite files: queue order, limits, undo, leeches, day boundary."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.config import Settings
from quizapp.domain import CardKey, Grade, Outcome
from quizapp.domain.pack import Pack
from quizapp.errors import StoreError
from quizapp.services.study import StudySession
from tests.services.study_helpers import SETTINGS, START, Clock

PackFactory = Callable[..., Pack]


def _open(
    db: Path,
    packs: list[Pack],
    clock: Clock,
    settings: Settings = SETTINGS,
    *,
    pack_ids: list[str] | None = None,
    tag: str | None = None,
) -> StudySession:
    return StudySession.open(db, packs, clock=clock, settings=settings, pack_ids=pack_ids, tag=tag)


def _drain(session: StudySession, grade: Grade = Grade.EASY, limit: int = 100) -> list[str]:
    keys: list[str] = []
    while (card := session.next_card()) is not None and len(keys) < limit:
        keys.append(card.key)
        session.answer(card.key, grade)
    return keys


def test_new_cards_come_in_file_order_up_to_the_daily_limit(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    pack = pack_factory("p", 5)
    session = _open(db_path, [pack], clock, replace(SETTINGS, new_per_day=3))
    assert session.progress() == (0, 3)
    assert _drain(session) == ["p/q000", "p/q001", "p/q002"]
    assert session.progress() == (3, 0)
    clock.advance(hours=16, minutes=1)  # 04:01 next day: a new study day
    assert _drain(session) == ["p/q003", "p/q004"]
    session.close()


def test_new_limit_holds_across_sessions_and_processes(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    pack = pack_factory("p", 5)
    settings = replace(SETTINGS, new_per_day=2)
    first = _open(db_path, [pack], clock, settings)
    _drain(first, limit=1)
    first.close()
    second = _open(db_path, [pack], clock, settings)
    assert _drain(second) == ["p/q001"]
    second.close()


def test_learning_cards_come_first_and_learn_ahead_fills_the_end(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    session = _open(db_path, [pack_factory("p", 3)], clock)
    first = session.next_card()
    assert first is not None and first.state == "new"
    session.answer(first.key, Grade.AGAIN)  # learning, due in 1 minute
    clock.advance(minutes=2)
    card = session.next_card()
    assert card is not None and (card.key, card.state) == ("p/q000", "learning")
    session.answer(card.key, Grade.GOOD)  # next step: due in 10 minutes
    assert _drain(session, limit=2) == ["p/q001", "p/q002"]
    card = session.next_card()  # nothing else left: the learning card is shown early
    assert card is not None and card.key == "p/q000"
    session.answer(card.key, Grade.GOOD)
    assert session.next_card() is None
    session.close()


def test_reviews_most_overdue_first_then_review_limit(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    pack = pack_factory("p", 3)
    session = _open(db_path, [pack], clock, replace(SETTINGS, new_per_day=0))
    for key in ("p/q002", "p/q000", "p/q001"):  # graduate in this order, an hour apart
        session.answer(key, Grade.EASY)
        clock.advance(hours=1)
    assert session.next_card() is None  # new limit 0 and nothing due
    clock.advance(days=40)
    order = [
        card.key for card in iter(session.next_card, None) if session.answer(card.key, Grade.GOOD)
    ]
    assert order == ["p/q002", "p/q000", "p/q001"]
    session.close()

    clock.advance(days=400)
    limited = _open(db_path, [pack], clock, replace(SETTINGS, new_per_day=0, reviews_per_day=2))
    assert limited.progress() == (0, 2)
    assert len(_drain(limited, Grade.GOOD)) == 2
    limited.close()


def test_new_questions_are_interleaved_with_reviews(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    reviews = pack_factory("r", 4)
    news = pack_factory("n", 2)
    setup = _open(db_path, [reviews, news], clock, replace(SETTINGS, new_per_day=4))
    _drain(setup)  # the four r/ questions graduate
    setup.close()
    clock.advance(days=60)
    session = _open(db_path, [reviews, news], clock, replace(SETTINGS, new_per_day=2))
    kinds = [
        card.state for card in iter(session.next_card, None) if session.answer(card.key, Grade.EASY)
    ]
    assert kinds == ["review", "review", "new", "review", "review", "new"]
    session.close()


def test_new_mix_before_and_after(db_path: Path, pack_factory: PackFactory, clock: Clock) -> None:
    reviews, news = pack_factory("r", 2), pack_factory("n", 2)
    setup = _open(db_path, [reviews], clock)
    _drain(setup)
    setup.close()
    clock.advance(days=60)
    for mix, expected in (("before", "new"), ("after", "review")):
        session = _open(db_path, [reviews, news], clock, replace(SETTINGS, new_mix=mix))
        card = session.next_card()
        assert card is not None and card.state == expected
        session.close()


def test_filter_by_pack_and_tag(db_path: Path, pack_factory: PackFactory, clock: Clock) -> None:
    a = pack_factory("a", [("x1", ["syn"]), ("x2", ["fin"])])
    b = pack_factory("b", [("y1", ["syn"])])
    only_b = _open(db_path, [a, b], clock, pack_ids=["b"])
    assert _drain(only_b) == ["b/y1"]
    only_b.close()
    syn = _open(db_path, [a, b], clock, tag="syn")
    assert _drain(syn) == ["a/x1"]
    syn.close()


def test_answer_is_committed_with_its_details(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    session = _open(db_path, [pack_factory("p", 1)], clock)
    outcome = Outcome(score=1.0)
    suggested = session.suggest(outcome, timedelta(seconds=20))
    assert suggested == Grade.GOOD
    result = session.answer(
        "p/q000",
        Grade.EASY,
        answer={"typed": "SYN_RCVD"},
        outcome=outcome,
        duration=timedelta(seconds=20),
    )
    assert result.grade == Grade.EASY and result.next_due == clock.now + result.interval
    with sqlite3.connect(db_path) as db:  # a second connection sees it: it is on disk
        row = db.execute(
            "SELECT grade, duration_ms, answer, score, suggested FROM review"
        ).fetchone()
    db.close()
    assert row == (4, 20000, '{"typed": "SYN_RCVD"}', 1.0, 3)
    session.close()


def test_preview_shows_each_grades_interval(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    session = _open(db_path, [pack_factory("p", 1)], clock)
    shown = session.preview("p/q000")
    assert shown[Grade.AGAIN] == timedelta(minutes=1)
    assert shown[Grade.GOOD] == timedelta(minutes=10)
    assert session.answer("p/q000", Grade.EASY).interval == shown[Grade.EASY]
    session.close()


def test_undo_restores_state_and_removes_the_log_row(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    session = _open(db_path, [pack_factory("p", 2)], clock)
    assert session.undo() is None
    session.answer("p/q000", Grade.EASY)
    session.answer("p/q001", Grade.AGAIN)
    assert session.answered == 2
    assert session.undo() == "p/q001"
    assert session.answered == 1
    assert session.undo() == "p/q000"
    assert session.answered == 0
    assert session.undo() is None
    info = session.store.get(CardKey("p", "q000"))
    assert info is not None and info.state.state == "new" and info.state.reps == 0
    assert session.progress() == (0, 2)
    assert session.summary().answered == 0
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM review").fetchone()[0] == 0
    db.close()
    session.close()


def test_undo_does_not_clobber_a_later_answer_from_elsewhere(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    pack = pack_factory("p", 1)
    here = _open(db_path, [pack], clock)
    there = _open(db_path, [pack], clock)
    here.answer("p/q000", Grade.GOOD)
    clock.advance(minutes=11)
    there.answer("p/q000", Grade.GOOD)
    assert here.undo() is None
    info = here.store.get(CardKey("p", "q000"))
    assert info is not None and info.state.reps == 2
    here.close()
    there.close()


def test_leech_is_suspended_and_tagged(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    pack = pack_factory("p", 1)
    session = _open(db_path, [pack], clock, replace(SETTINGS, leech_threshold=2))
    session.answer("p/q000", Grade.EASY)
    results = []
    for _ in range(2):
        clock.advance(days=30)
        results.append(session.answer("p/q000", Grade.AGAIN))  # a lapse
        clock.advance(minutes=10)
        session.answer("p/q000", Grade.GOOD)  # relearnt
    assert [r.became_leech for r in results] == [False, True]
    info = session.store.get(CardKey("p", "q000"))
    assert info is not None and info.suspended and info.leech and info.state.lapses == 2
    clock.advance(days=365)
    assert session.next_card() is None
    session.close()
    leeches = _open(db_path, [pack], clock, tag="leech")
    assert leeches.store.get(CardKey("p", "q000")) is not None
    from quizapp.store.counts import stats

    assert stats(leeches.store, clock.now, SETTINGS, leeches.scope)["leeches"] == 1
    leeches.close()


def test_undo_of_the_leech_answer_unsuspends(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    session = _open(db_path, [pack_factory("p", 1)], clock, replace(SETTINGS, leech_threshold=1))
    session.answer("p/q000", Grade.EASY)
    clock.advance(days=30)
    assert session.answer("p/q000", Grade.AGAIN).became_leech
    assert session.undo() == "p/q000"
    info = session.store.get(CardKey("p", "q000"))
    assert info is not None and not info.suspended and not info.leech
    session.close()


def test_suspend_and_bury(db_path: Path, pack_factory: PackFactory, clock: Clock) -> None:
    session = _open(db_path, [pack_factory("p", 3)], clock)
    session.suspend("p/q000")
    session.bury("p/q001")
    assert _drain(session) == ["p/q002"]
    clock.now = datetime(2026, 3, 3, 3, 59, tzinfo=UTC)
    assert session.next_card() is None  # still buried before 04:00
    clock.now = datetime(2026, 3, 3, 4, 0, tzinfo=UTC)
    card = session.next_card()
    assert card is not None and card.key == "p/q001"
    session.close()


def test_suspend_bury_and_their_undo_are_stamped_with_the_sessions_clock(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    """The flags' change time decides which device wins a sync (docs/sync.md): it must be the
    session's clock, not the system's."""

    def flags_ms(question: str) -> int:
        with sqlite3.connect(db_path) as conn:
            row = conn.execute("SELECT flags_ms FROM card WHERE question_id = ?", (question,))
            return int(row.fetchone()[0])

    session = _open(db_path, [pack_factory("p", 2)], clock)
    session.suspend("p/q000")
    assert flags_ms("q000") == int(START.timestamp() * 1000)
    clock.advance(minutes=5)
    session.bury("p/q001")
    assert flags_ms("q001") == int(clock.now.timestamp() * 1000)
    clock.advance(minutes=5)
    assert session.undo() == "p/q001"
    assert flags_ms("q001") == int(clock.now.timestamp() * 1000)
    session.close()


def test_reviews_due_before_the_next_day_start_count_as_today(
    db_path: Path, pack_factory: PackFactory, clock: Clock
) -> None:
    session = _open(db_path, [pack_factory("p", 1)], clock, replace(SETTINGS, new_per_day=1))
    due = session.answer("p/q000", Grade.EASY).next_due
    assert due.hour == 12  # answered at noon, due at noon some days later
    clock.now = due.replace(hour=4, minute=0)  # that day's 04:00: already "today"
    card = session.next_card()
    assert card is not None and card.state == "review"
    clock.now = due.replace(hour=3, minute=59)  # still the previous study day
    assert session.next_card() is None
    session.close()


def test_summary(db_path: Path, pack_factory: PackFactory, clock: Clock) -> None:
    session = _open(db_path, [pack_factory("p", 3)], clock)
    session.answer("p/q000", Grade.AGAIN)
    clock.advance(minutes=1)
    session.answer("p/q001", Grade.EASY)
    clock.advance(minutes=1)
    summary = session.summary()
    assert (summary.answered, summary.correct) == (2, 1)
    assert summary.elapsed == timedelta(minutes=2)
    assert summary.next_due == datetime(2026, 3, 2, 12, 1, tzinfo=UTC)
    session.close()


def test_refuses_a_foreign_database_untouched(tmp_path: Path, clock: Clock) -> None:
    db = tmp_path / "photos.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY)")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(StoreError, match="not a quizapp database"):
        StudySession.open(db, [], clock=clock)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_edited_pack_keeps_progress(db_path: Path, pack_factory: PackFactory, clock: Clock) -> None:
    session = _open(db_path, [pack_factory("p", 2)], clock)
    session.answer("p/q000", Grade.EASY)
    session.close()
    edited = pack_factory("p", 2, prompt="Reworded question")
    again = _open(db_path, [edited], clock)
    info = again.store.get(CardKey("p", "q000"))
    assert info is not None and info.state.state == "review"
    assert info.content_hash == edited.questions[0].content_hash
    again.close()


def test_questions_are_found_by_key(db_path: Path, pack_factory: PackFactory, clock: Clock) -> None:
    pack = pack_factory("p", 2)
    session = _open(db_path, [pack], clock)
    assert session.questions.get("p/q001") is pack.questions[1]
    assert session.questions.get("p/nope") is None and session.questions.get("x") is None
    assert list(session.questions) == ["p/q000", "p/q001"] and len(session.questions) == 2
    session.close()
