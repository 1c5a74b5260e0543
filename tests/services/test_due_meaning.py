"""One meaning of "due": the home screen, study and `stats` count the same cards, the counts
move as you answer (kept in memory, equal to a full recount), and the new limit says so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from quizapp.domain import Grade
from quizapp.domain.pack import Pack
from quizapp.services.stats import collect_stats
from quizapp.services.stats_text import format_stats
from quizapp.services.study import StudySession
from quizapp.store.counts import due_counts
from tests.services.study_helpers import SETTINGS, Clock

LIMITED = replace(SETTINGS, new_per_day=4)


def _three_views(session: StudySession, pack: Pack, db_path: Path, clock: Clock) -> list[int]:
    """Due now as the home screen, study and `stats` each count it (learning + review)."""
    [home] = session.pack_summaries([pack], "en")
    study = session.counts()
    stats = collect_stats(db_path, clock.now)["due_now"]
    return [home.due, study.learning + study.review, stats["learning"] + stats["review"]]


def test_home_study_and_stats_agree_on_due_now(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("p", 12)
    session = StudySession.open(db_path, [pack], clock=clock, settings=LIMITED)
    session.store.save_settings(LIMITED)
    for key in ("p/q000", "p/q001", "p/q002"):
        session.answer(key, Grade.AGAIN)  # learning, due in 1 minute: within learn-ahead
    session.answer("p/q003", Grade.EASY)  # review in days
    assert _three_views(session, pack, db_path, clock) == [3, 3, 3]
    shown = []
    while (card := session.next_card()) is not None and card.state != "new":
        shown.append(card.key)
        session.answer(card.key, Grade.GOOD)  # each goes to its 10-minute step
        if len(shown) == 3:
            break
    assert len(shown) == 3  # study showed exactly the three the others called due
    assert _three_views(session, pack, db_path, clock) == [3, 3, 3]  # 10 min: still within
    clock.advance(days=4)
    views = _three_views(session, pack, db_path, clock)
    assert views[0] == views[1] == views[2] >= 1
    data = collect_stats(db_path, clock.now)
    assert data["due_today"] >= views[0]
    session.close()


def test_counts_move_with_each_answer_and_match_a_recount(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("p", 30)
    session = StudySession.open(db_path, [pack], clock=clock, settings=LIMITED)
    start = session.counts()
    assert (start.new, start.learning, start.review, start.new_hidden) == (4, 0, 0, 26)
    grades = [Grade.GOOD, Grade.AGAIN, Grade.EASY, Grade.HARD, Grade.GOOD, Grade.GOOD]
    seen = [(start.new, start.learning, start.review)]
    for i in range(40):
        card = session.next_card()
        if card is None:
            break
        session.answer(card.key, grades[i % len(grades)])
        clock.advance(seconds=50)
        kept = session.counts()
        full = due_counts(session.store, clock.now, LIMITED, session.scope)
        assert kept == full, (i, card.key)
        seen.append((kept.new, kept.learning, kept.review))
    # they move as you answer: the first Good takes a new question into learning
    assert seen[1] == (3, 1, 0)
    assert len(seen) >= 10 and len(set(seen)) >= 5 and seen[-1] == (0, 0, 0)
    session.close()


def test_counts_recount_when_a_learning_step_comes_within_the_window(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    settings = replace(LIMITED, learning_steps=(60, 3600))
    pack = pack_factory("p", 2)
    session = StudySession.open(db_path, [pack], clock=clock, settings=settings)
    session.answer("p/q000", Grade.GOOD)  # next step in an hour: outside the 20-min window
    assert session.counts().learning == 0
    clock.advance(minutes=41)
    assert session.counts().learning == 1


def test_the_new_limit_says_so_and_extra_new_studies_more(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("p", 6)
    session = StudySession.open(db_path, [pack], clock=clock, settings=LIMITED)
    session.store.save_settings(LIMITED)
    for _ in range(4):
        card = session.next_card()
        assert card is not None
        session.answer(card.key, Grade.EASY)
    assert session.next_card() is None
    counts = session.counts()
    assert (counts.new, counts.new_hidden) == (0, 2)
    [home] = session.pack_summaries([pack], "en")
    assert home.new == 0 and home.new_hidden == 2
    session.close()
    text = format_stats(collect_stats(db_path, clock.now))
    assert "2 more new questions wait beyond today's new limit" in text
    assert "quizapp study --extra-new 2" in text

    more = StudySession.open(db_path, [pack], clock=clock, extra_new=1)
    assert more.counts().new == 1 and more.counts().new_hidden == 1
    card = more.next_card()
    assert card is not None and card.state == "new"
    more.answer(card.key, Grade.EASY)
    assert more.next_card() is None
    more.close()
    clock.advance(days=1)
    tomorrow = StudySession.open(db_path, [pack], clock=clock)
    assert tomorrow.counts().new == 1  # the limit is back to 4 on a new day; one unseen left
    tomorrow.close()


def test_buried_and_future_answers_are_not_due_today(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("p", 3)
    session = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    session.store.save_settings(SETTINGS)
    session.answer("p/q000", Grade.AGAIN)
    session.answer("p/q001", Grade.AGAIN)
    session.bury("p/q001")
    data = collect_stats(db_path, clock.now)
    assert data["due_today"] == 1 and data["due_now"]["learning"] == 1
    assert session.counts().learning == 1
    clock.advance(hours=5)
    assert collect_stats(db_path, clock.now)["due_today"] == 1
    clock.now -= timedelta(hours=5)
    session.close()


def test_study_extra_new_reaches_the_session(tmp_path: Path, clock: Clock) -> None:
    from click.testing import CliRunner

    from quizapp.cli import cli
    from quizapp.ui.factory import create_app

    app = create_app(tmp_path / "x.db", (), clock=clock, study_now=True, extra_new=3)
    session = app.open_session()
    try:
        assert session.settings.new_per_day == 20 + 3
    finally:
        session.close()
    refused = CliRunner().invoke(cli, ["study", "--extra-new", "-1", "--db", str(tmp_path / "y")])
    assert refused.exit_code == 2 and "--extra-new" in refused.output
