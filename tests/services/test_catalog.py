"""The home screen's pack list: counts from the store, broken packs still listed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from quizapp.domain import Grade
from quizapp.domain.pack import Pack
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.services.catalog import summarize_packs
from quizapp.services.study import StudySession
from tests.services.study_helpers import SETTINGS, Clock


def test_summaries_count_new_learning_and_due(
    db_path: Path, pack_factory: Callable[..., Pack], clock: Clock, tmp_path: Path
) -> None:
    good = pack_factory("good", 4)
    broken_dir = tmp_path / "packs" / "broken"
    broken_dir.mkdir(parents=True)
    (broken_dir / "pack.yaml").write_text("id: [not, an, id]\n", encoding="utf-8")
    broken = load_pack(broken_dir, PackCache(None))
    assert broken.problems

    session = StudySession.open(db_path, [good, broken], clock=clock, settings=SETTINGS)
    session.store.save_settings(replace(SETTINGS, new_per_day=3))
    session.answer("good/q000", Grade.AGAIN)  # learning, due in a minute
    session.answer("good/q001", Grade.EASY)  # review, due in days

    rows = summarize_packs(session.store, [good, broken], clock.now, "en")
    assert [r.id for r in rows] == ["good", "broken"]
    g, b = rows
    assert (g.title, g.total, g.learning) == ("Pack good", 4, 1)
    assert g.new == 1  # two new left, but only one of today's three new slots remains
    assert g.new_hidden == 1  # the other unseen one waits for the limit
    # Due now includes a learning step within the learn-ahead window (20 min), as study does:
    # the home screen no longer says "Nothing due" while `s` would show that step.
    assert g.due == 1 and g.next_due == clock.now.replace(minute=1)
    no_ahead = replace(SETTINGS, new_per_day=3, learn_ahead_minutes=0)
    session.store.save_settings(no_ahead)
    assert summarize_packs(session.store, [good], clock.now, "en")[0].due == 0
    clock.advance(minutes=1)
    assert summarize_packs(session.store, [good], clock.now, "en")[0].due == 1
    assert b.problems and b.total == 0 and b.next_due is None
    session.close()
