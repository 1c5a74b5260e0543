"""Review states in Anki's terms: what `--with-progress` carries and what it leaves as new."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.config import Settings
from quizapp.domain import CardKey, CardState
from quizapp.export.schedule import schedules_from
from quizapp.store.answer_log import LoggedAnswer
from quizapp.store.records import StoredCard

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
SETTINGS = Settings(timezone="UTC")


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
    schedules = schedules_from(dict([card("p/q", review, suspended=True, leech=True)]), SETTINGS)
    [(key, schedule)] = schedules.items()
    assert key == "p/q"
    # Study days, as Anki counts them: reviewed on 1 March, due at 01:00 on 11 March, which
    # is still the study day of 10 March (the day starts at 04:00): 9 days.
    assert (schedule.state, schedule.due, schedule.interval_days) == ("review", review.due, 9)
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
    schedules = schedules_from(cards, SETTINGS)
    assert list(schedules) == ["p/learning"]
    assert schedules["p/learning"].interval_days == 0


def test_learning_keeps_its_steps_and_relearning_its_interval() -> None:
    settings = SETTINGS.replace(learning_steps=(60, 600, 3600), relearning_steps=(600, 3600))
    later = NOW + timedelta(minutes=10)
    cards = dict(
        [
            card("p/first", CardState("learning", step=0, due=later, last_review=NOW, reps=1)),
            card("p/third", CardState("learning", step=2, due=later, last_review=NOW, reps=3)),
            card(
                "p/lapsed",
                CardState(
                    "relearning", step=1, stability=6.4, difficulty=7, due=later, last_review=NOW
                ),
            ),
        ]
    )
    schedules = schedules_from(cards, settings)
    assert schedules["p/first"].remaining_steps == 3  # Anki's `left`: the current step too
    assert schedules["p/third"].remaining_steps == 1
    lapsed = schedules["p/lapsed"]
    # Relearning arrives with its post-lapse interval (it arrived with 0 and Anki's Good
    # after the last step then sent it back due the same day).
    assert (lapsed.remaining_steps, lapsed.interval_days) == (1, 6)


def test_the_review_log_becomes_revlog_rows() -> None:
    new = CardState()
    step = CardState(
        "learning", step=1, difficulty=5.5, due=NOW + timedelta(minutes=10), last_review=NOW, reps=1
    )
    t2 = NOW + timedelta(minutes=12)
    review = CardState(
        "review", stability=3.2, difficulty=5.0, due=t2 + timedelta(days=3), last_review=t2, reps=2
    )
    t3 = t2 + timedelta(days=3, hours=1)
    relearn = CardState(
        "relearning",
        step=0,
        stability=1.1,
        difficulty=7.3,
        due=t3 + timedelta(minutes=10),
        last_review=t3,
        reps=3,
        lapses=1,
    )
    answers = [
        LoggedAnswer(NOW, 3, 0, 4_000, new, step),
        LoggedAnswer(t2, 3, 1, 75_000, step, review),
        LoggedAnswer(t3, 1, 2, 9_000, review, relearn),
        LoggedAnswer(t3 + timedelta(seconds=1), 3, 2, 0, None, None),  # imported from Anki
    ]
    schedules = schedules_from(dict([card("p/q", relearn)]), SETTINGS, {"p/q": answers})
    rows = [
        (r.at_ms, r.ease, r.interval, r.last_interval, r.factor, r.time_ms, r.kind)
        for r in schedules["p/q"].revlog
    ]
    ms = int(NOW.timestamp() * 1000)
    assert rows == [
        (ms, 3, -600, 0, round((4.5 / 9 + 0.1) * 1000), 4_000, 0),
        (ms + 720_000, 3, 3, -600, 544, 60_000, 0),  # answer time capped at 60 s as Anki does
        (ms + 720_000 + 262_800_000, 1, -600, 3, 800, 9_000, 1),
        (ms + 720_000 + 262_801_000, 3, 0, 0, 0, 0, 1),
    ]
