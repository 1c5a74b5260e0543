"""Scheduling by Anki's rules, checked against Anki itself: elapsed study days given to FSRS
(fsrs-rs-python is the FSRS crate Anki links), the seeded fuzz (the `anki` backend's own
fuzz_delta), and the button intervals' order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from quizapp import scheduler
from quizapp.config import Settings
from quizapp.domain import CardState, Grade
from quizapp.scheduler.fuzz import fuzz_factor, fuzzed_interval

BERLIN = ZoneInfo("Europe/Berlin")
PLAIN = Settings(timezone="Europe/Berlin", enable_fuzzing=False)
FUZZY = Settings(timezone="Europe/Berlin")


def _learnt(settings: Settings, at: datetime) -> CardState:
    """A new card answered Good twice (1 min, 10 min steps): graduated at `at` + 10 min."""
    first = scheduler.review(settings, CardState(), Grade.GOOD, at, card_id=7)
    return scheduler.review(settings, first, Grade.GOOD, at + timedelta(minutes=10), card_id=7)


def _anki_good(days: tuple[int, ...]) -> tuple[float, float]:
    """Anki's FSRS: stability and interval after Good for each elapsed-days count in turn."""
    fsrs_rs = pytest.importorskip("fsrs_rs_python")
    fsrs = fsrs_rs.FSRS(list(fsrs_rs.DEFAULT_PARAMETERS))
    memory, good = None, None
    for d in days:
        good = fsrs.next_states(memory, 0.9, d).good
        memory = good.memory
    assert good is not None
    return good.memory.stability, good.interval


def test_evening_then_morning_two_days_later_counts_two_study_days() -> None:
    """The issue's case: learnt at 20:10, reviewed 09:00 two days later: Anki gives FSRS 2 days
    (stability 11.0, interval 11 d); 24-hour periods gave 1 (7.3, 7 d)."""
    card = _learnt(PLAIN, datetime(2026, 3, 2, 20, 10, tzinfo=BERLIN))
    at = datetime(2026, 3, 4, 9, 0, tzinfo=BERLIN)
    after = scheduler.review(PLAIN, card, Grade.GOOD, at, card_id=7)
    stability, interval = _anki_good((0, 0, 2))
    assert after.stability == pytest.approx(stability, rel=1e-5)
    assert after.stability == pytest.approx(11.0, abs=0.05)
    assert after.due == at + timedelta(days=round(interval)) == at + timedelta(days=11)


def test_next_morning_after_an_evening_session_is_one_study_day_later() -> None:
    """08:00 after 20:20 is 12 hours but the next study day: a real review, not a same-day one."""
    card = _learnt(PLAIN, datetime(2026, 3, 2, 20, 10, tzinfo=BERLIN))
    at = datetime(2026, 3, 3, 8, 0, tzinfo=BERLIN)
    after = scheduler.review(PLAIN, card, Grade.GOOD, at, card_id=7)
    stability, interval = _anki_good((0, 0, 1))
    assert after.stability == pytest.approx(stability, rel=1e-5)
    assert after.due == at + timedelta(days=round(interval)) == at + timedelta(days=7)
    same_day = scheduler.review(PLAIN, card, Grade.GOOD, at - timedelta(hours=5), card_id=7)
    assert same_day.stability == pytest.approx(_anki_good((0, 0, 0))[0], rel=1e-5)
    assert same_day.stability is not None and same_day.stability < stability / 2


def test_day_boundary_is_the_study_day_start_not_midnight() -> None:
    card = _learnt(PLAIN, datetime(2026, 3, 2, 3, 0, tzinfo=BERLIN))  # 03:10, before 04:00
    later_that_morning = datetime(2026, 3, 2, 4, 30, tzinfo=BERLIN)
    after = scheduler.review(PLAIN, card, Grade.GOOD, later_that_morning, card_id=7)
    assert after.stability == pytest.approx(_anki_good((0, 0, 1))[0], rel=1e-5)


def test_a_clock_gone_backwards_counts_as_the_same_day() -> None:
    card = _learnt(PLAIN, datetime(2026, 3, 10, 12, 0, tzinfo=BERLIN))
    earlier = datetime(2026, 3, 5, 12, 0, tzinfo=BERLIN)
    after = scheduler.review(PLAIN, card, Grade.GOOD, earlier, card_id=7)
    assert after.stability == pytest.approx(_anki_good((0, 0, 0))[0], rel=1e-5)
    assert after.due is not None and after.due > earlier


def test_fuzz_factor_and_interval_match_ankis_backend(tmp_path: Path) -> None:
    """Anki's `fuzz_delta(card, ivl)` fuzzes with the seed (card id + reps - 1) within
    [1, maximum]: our port must land on the same day for every card and interval tried."""
    from anki.collection import Collection

    col = Collection(str(tmp_path / "fuzz.anki2"))
    try:
        model = col.models.by_name("Basic")
        assert model is not None
        deck = col.decks.id("Default")
        assert deck is not None
        checked = 0
        for n in range(12):
            note = col.new_note(model)
            note["Front"], note["Back"] = f"q{n}", f"a{n}"
            col.add_note(note, deck)
            card = note.cards()[0]
            card.reps = 3 + n
            col.update_card(card)
            for ivl in (3, 7, 17, 37, 100, 365):
                ours = fuzzed_interval(ivl, 1, 36500, fuzz_factor(card.id, card.reps - 1))
                assert ours - ivl == col.fuzz_delta(card.id, ivl), (card.id, card.reps, ivl)
                checked += 1
        assert checked == 72
    finally:
        col.close()


def test_preview_on_the_keys_is_what_the_answer_commits_with_fuzz_on() -> None:
    card = _learnt(FUZZY, datetime(2026, 3, 2, 20, 10, tzinfo=BERLIN))
    for days in (3, 9, 40):
        at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC) + timedelta(days=days)
        shown = scheduler.preview(FUZZY, card, at, card_id=7)
        for grade, interval in shown.items():
            after = scheduler.review(FUZZY, card, grade, at, card_id=7)
            assert after.due == at + interval


def test_fuzz_differs_between_cards_but_not_between_calls() -> None:
    card = _learnt(FUZZY, datetime(2026, 3, 2, 20, 10, tzinfo=BERLIN))
    card = scheduler.review(FUZZY, card, Grade.EASY, datetime(2026, 3, 20, 9, tzinfo=BERLIN))
    at = card.due
    assert at is not None
    dues = {scheduler.review(FUZZY, card, Grade.GOOD, at, card_id=c).due for c in range(40)}
    assert len(dues) > 1
    again = {scheduler.review(FUZZY, card, Grade.GOOD, at, card_id=5).due for _ in range(5)}
    assert len(again) == 1


@pytest.mark.parametrize("fuzz", [True, False])
def test_higher_grades_are_always_strictly_longer(fuzz: bool) -> None:
    """py-fsrs sometimes gave Hard = Good; Anki keeps each passing grade a day above the one
    below. Checked over many cards, days and histories."""
    settings = FUZZY if fuzz else PLAIN
    start = datetime(2026, 1, 5, 19, 0, tzinfo=BERLIN)
    checked = 0
    for card_id in range(1, 25):
        card = _learnt(settings, start)
        at = start
        for grade in (Grade.GOOD, Grade.HARD, Grade.GOOD, Grade.EASY, Grade.HARD):
            assert card.due is not None
            at = card.due + timedelta(hours=card_id % 5)
            shown = scheduler.preview(settings, card, at, card_id=card_id)
            assert shown[Grade.HARD] < shown[Grade.GOOD] < shown[Grade.EASY]
            assert shown[Grade.AGAIN] < shown[Grade.HARD]
            checked += 1
            card = scheduler.review(settings, card, grade, at, card_id=card_id)
    assert checked == 24 * 5


def test_easy_from_learning_follows_ankis_rule() -> None:
    """Easy graduates at round(easy interval), kept at least a day above Good's graduation."""
    at = datetime(2026, 3, 2, 20, 10, tzinfo=UTC)
    shown = scheduler.preview(PLAIN, CardState(), at)
    fsrs_rs = pytest.importorskip("fsrs_rs_python")
    states = fsrs_rs.FSRS(list(fsrs_rs.DEFAULT_PARAMETERS)).next_states(None, 0.9, 0)
    good = max(round(states.good.interval), 1)
    easy = max(round(states.easy.interval), good + 1)
    assert shown[Grade.EASY] == timedelta(days=easy)
    assert shown[Grade.GOOD] == timedelta(minutes=10)
    assert shown[Grade.HARD] == timedelta(minutes=5.5)
    assert shown[Grade.AGAIN] == timedelta(minutes=1)
