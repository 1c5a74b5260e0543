"""Syncing packs into the store is idempotent and never loses history."""

from __future__ import annotations

from datetime import datetime, timedelta

from quizapp.domain import CardKey, CardState, Grade
from quizapp.store.repository import Store


def _to_review(before: CardState, _card_id: int) -> CardState:
    return before._replace(state="review", stability=5.0, difficulty=5.0, reps=before.reps + 1)


def _review_count(store: Store) -> int:
    with store.reading() as conn:
        return int(conn.execute("SELECT count(*) FROM review").fetchone()[0])


def test_sync_adds_then_is_a_no_op(store: Store, now: datetime) -> None:
    items = [("a", "h1", ("tcp",)), ("b", "h2", ())]
    first = store.sync_pack("p", "Pack", items, now)
    assert (first.added, first.unchanged) == (2, False)
    again = store.sync_pack("p", "Pack", list(reversed(items)), now)
    assert again.unchanged
    info = store.get(CardKey("p", "a"))
    assert info is not None and info.state.state == "new" and not info.archived


def test_edit_keeps_state_and_log_and_notes_hash(store: Store, now: datetime) -> None:
    store.sync_pack("p", "Pack", [("a", "h1", ())], now)
    store.record_review(CardKey("p", "a"), Grade.GOOD, now, _to_review)
    result = store.sync_pack("p", "Pack", [("a", "h2", ())], now + timedelta(days=1))
    assert result.edited == 1
    info = store.get(CardKey("p", "a"))
    assert info is not None
    assert info.content_hash == "h2"
    assert info.state.state == "review" and info.state.reps == 1
    assert _review_count(store) == 1
    with store.reading() as conn:
        logged = conn.execute("SELECT content_hash FROM review").fetchone()[0]
    assert logged == "h1"  # the log says which version was answered


def test_removed_questions_are_archived_then_restored(store: Store, now: datetime) -> None:
    store.sync_pack("p", "Pack", [("a", "h1", ()), ("b", "h2", ())], now)
    store.record_review(CardKey("p", "b"), Grade.GOOD, now, _to_review)
    removed = store.sync_pack("p", "Pack", [("a", "h1", ())], now)
    assert removed.archived == 1
    info = store.get(CardKey("p", "b"))
    assert info is not None and info.archived and info.state.state == "review"
    assert _review_count(store) == 1
    back = store.sync_pack("p", "Pack", [("a", "h1", ()), ("b", "h2", ())], now)
    assert back.restored == 1
    info = store.get(CardKey("p", "b"))
    assert info is not None and not info.archived and info.state.reps == 1


def test_tags_are_updated_and_queryable(store: Store, now: datetime) -> None:
    from quizapp.config import Settings
    from quizapp.store.records import Scope

    store.sync_pack("p", "Pack", [("a", "h", ("x",)), ("b", "h", ("y",))], now)
    settings = Settings(timezone="UTC")
    picked = store.pick(now, settings, Scope(tag="y"))
    assert picked is not None and picked.key == CardKey("p", "b")
    store.sync_pack("p", "Pack", [("a", "h", ("x",)), ("b", "h", ("z",))], now)
    assert store.pick(now, settings, Scope(tag="y")) is None


def test_two_packs_with_the_same_question_id_are_distinct(store: Store, now: datetime) -> None:
    store.sync_pack("p", "P", [("same", "h", ())], now)
    store.sync_pack("q", "Q", [("same", "h", ())], now)
    store.record_review(CardKey("q", "same"), Grade.GOOD, now, _to_review)
    p, q = store.get(CardKey("p", "same")), store.get(CardKey("q", "same"))
    assert p is not None and q is not None
    assert p.state.state == "new" and q.state.state == "review"


def test_settings_round_trip(store: Store) -> None:
    from quizapp.config import Settings

    assert store.load_settings() == Settings()
    changed = Settings(desired_retention=0.85, learning_steps=(30, 300), new_per_day=5)
    store.save_settings(changed)
    assert store.load_settings() == changed
