"""Review states in Anki's terms: what `--with-progress` carries and what it leaves as new."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.domain import CardKey, CardState
from quizapp.export.schedule import schedules_from
from quizapp.store.records import StoredCard

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def card(
    key: str,
    state: CardState,
    *,
    suspended: bool = False,
    archived: bool = False,
    leech: bool = False,
) -> tuple[str, StoredCard]:
    pack_id, question_id = CardKey.parse(key)
    return key, StoredCard(
        1, pack_id, question_id, state, suspended=suspended, leech=leech, archived=archived
    )


def test_reviewed_cards_carry_their_interval_and_flags() -> None:
    review = CardState(
        "review",
        stability=9.5,
        difficulty=4.0,
        due=NOW + timedelta(days=9, hours=13),
        last_review=NOW,
        reps=3,
        lapses=1,
    )
    schedules = schedules_from(dict([card("p/q", review, suspended=True, leech=True)]))
    [(key, schedule)] = schedules.items()
    assert key == "p/q"
    assert (schedule.state, schedule.due, schedule.interval_days) == ("review", review.due, 10)
    assert (schedule.reps, schedule.lapses, schedule.suspended) == (3, 1, True)
    assert schedule.leech and schedule.last_review == NOW
    assert (schedule.stability, schedule.difficulty) == (9.5, 4.0)


def test_new_archived_and_undated_cards_arrive_as_new() -> None:
    learning = CardState("learning", step=0, due=NOW, last_review=NOW, reps=1)
    cards = dict(
        [
            card("p/new", CardState()),
            card("p/gone", learning, archived=True),
            card("p/undated", CardState("learning", reps=1)),
            card("p/learning", learning),
        ]
    )
    schedules = schedules_from(cards)
    assert list(schedules) == ["p/learning"]
    assert schedules["p/learning"].interval_days == 0
