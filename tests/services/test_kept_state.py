"""What a study session keeps in memory between questions (today's counts and answers, the
pack's FSRS parameters, the card just picked) follows changes made by anyone else: another
terminal or serve tab on the same file, an optimisation. It is only trusted while the
database has changed by this session's own answers alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from quizapp.domain import Grade
from quizapp.domain.pack import Pack
from quizapp.services.study import StudySession
from quizapp.store.counts import due_counts
from quizapp.store.params import save_parameters
from quizapp.store.repository import Store
from tests.services.study_helpers import SETTINGS, Clock


def test_answers_from_another_terminal_move_the_counts_and_limits(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    """A second session on the same file answers; the first one's counts and new limit
    follow at once (they were kept from before and missed it until a new day)."""
    pack = pack_factory("p", 6)
    limited = SETTINGS.replace(new_per_day=3)
    here = StudySession.open(db_path, [pack], clock=clock, settings=limited)
    there = StudySession.open(db_path, [pack], clock=clock, settings=limited)
    assert here.counts().new == 3
    for _ in range(2):
        card = there.next_card()
        assert card is not None
        there.answer(card.key, Grade.EASY)
    assert here.counts().new == 1  # the limit is shared: one new question left today
    assert here.counts() == due_counts(here.store, clock(), limited, here.scope)
    card = here.next_card()
    assert card is not None and card.state == "new"
    here.answer(card.key, Grade.EASY)
    assert here.next_card() is None  # three new today in all: the limit holds
    here.close()
    there.close()


def test_a_new_optimisation_applies_from_the_next_question(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    pack = pack_factory("p", 4)
    session = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    assert session.parameters("p/q000") is None  # FSRS's defaults
    weights = tuple(float(w) for w in range(21))
    with Store.open(db_path) as other:  # `quizapp optimize` in another terminal
        save_parameters(other, "p", weights, clock(), 1000, {})
    assert session.parameters("p/q000") == weights
    session.close()


def test_the_preview_follows_a_card_answered_elsewhere(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock
) -> None:
    """The keys preview the card picked without reading it again, unless it changed since."""
    pack = pack_factory("p", 2)
    here = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    card = here.next_card()
    assert card is not None
    fresh = here.preview(card.key)
    there = StudySession.open(db_path, [pack], clock=clock, settings=SETTINGS)
    there.answer(card.key, Grade.EASY)  # now a review card, days away
    moved = here.preview(card.key)
    assert moved != fresh and moved == there.preview(card.key)
    here.close()
    there.close()
