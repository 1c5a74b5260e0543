"""`--with-progress`: quizapp's review state arrives in Anki; without it cards are new."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from quizapp import scheduler
from quizapp.cli import main
from quizapp.config import Settings
from quizapp.domain import CardKey, CardState, Grade
from quizapp.store.repository import Store

from .conftest import NOW, import_apkg, load

SETTINGS = replace(Settings(), enable_fuzzing=False)


def _study(db: Path, demo_dir: Path, now: datetime) -> dict[str, CardState]:
    """Answer two questions in a real quizapp database; return their states."""
    pack = load(demo_dir)
    with Store.open(db) as store:
        store.sync_pack(
            pack.id, "Demo", [(q.id, q.content_hash, q.tags) for q in pack.questions], now
        )

        def compute(grade: Grade, at: datetime) -> Any:
            return lambda before, card_id: scheduler.review(
                SETTINGS, before, grade, at, card_id=card_id
            )

        # The flashcard: Good, then Good again once due, so it reaches review.
        store.record_review(
            CardKey("demo", "example-flashcard"), Grade.GOOD, now, compute(Grade.GOOD, now)
        )
        later = now + timedelta(minutes=15)
        store.record_review(
            CardKey("demo", "example-flashcard"), Grade.GOOD, later, compute(Grade.GOOD, later)
        )
        store.record_review(
            CardKey("demo", "example-choice"), Grade.AGAIN, later, compute(Grade.AGAIN, later)
        )
        keys = [CardKey("demo", "example-flashcard"), CardKey("demo", "example-choice")]
        states = store.card_states(keys)
    return {str(k): v.state for k, v in states.items()}


def _export(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    try:
        main(argv)
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    return capsys.readouterr().out


def test_with_progress_keeps_intervals(
    demo_dir: Path, tmp_path: Path, collection: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "quizapp.db"
    states = _study(db, demo_dir, NOW)
    review = states["demo/example-flashcard"]
    assert review.state == "review" and review.due is not None and review.stability

    out = tmp_path / "progress.apkg"
    stdout = _export(
        [
            "export",
            "anki",
            "--pack",
            str(demo_dir),
            "--db",
            str(db),
            "--with-progress",
            "-o",
            str(out),
        ],
        capsys,
    )
    assert "2 card(s) with review state" in stdout
    import_apkg(collection, out, with_scheduling=True)

    flash = collection.get_card(collection.find_cards('"note:quizapp flashcard"')[0])
    assert (flash.type, flash.queue) == (2, 2)
    assert flash.reps == review.reps and flash.lapses == review.lapses
    # A review card's due is a day number counted from the collection's creation day (crt):
    # it must land on the study day quizapp scheduled, whatever today is.
    assert review.last_review is not None
    assert review.due - review.last_review >= timedelta(days=1)
    crt_day = SETTINGS.study_day(datetime.fromtimestamp(collection.crt, UTC))
    assert crt_day + timedelta(days=flash.due) == SETTINGS.study_day(review.due)
    assert flash.ivl >= 1
    assert flash.memory_state is not None
    assert flash.memory_state.stability == pytest.approx(review.stability, rel=1e-3)
    assert flash.memory_state.difficulty == pytest.approx(review.difficulty, rel=1e-3)
    # Anki's FSRS counts the days since the last review from this (card data `lrt`); without
    # it Card Info showed 0-8% recall and Good gave a few days instead of a month.
    assert flash.last_review_time == int(review.last_review.timestamp())

    choice = collection.get_card(collection.find_cards('"note:quizapp choice"')[0])
    assert choice.type in (1, 3) and choice.queue in (1, 3)  # learning again
    lapsed = states["demo/example-choice"].last_review
    assert lapsed is not None and choice.last_review_time == int(lapsed.timestamp())
    others = [
        collection.get_card(c)
        for c in collection.find_cards('-"note:quizapp flashcard" -"note:quizapp choice"')
    ]
    assert others and all(c.type == 0 and c.queue == 0 for c in others)


def test_without_progress_cards_are_new(
    demo_dir: Path, tmp_path: Path, collection: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "quizapp.db"
    _study(db, demo_dir, NOW)
    out = tmp_path / "plain.apkg"
    _export(["export", "anki", "--pack", str(demo_dir), "--db", str(db), "-o", str(out)], capsys)
    import_apkg(collection, out, with_scheduling=True)
    cards = [collection.get_card(c) for c in collection.find_cards("")]
    assert cards and all(c.type == 0 and c.queue == 0 and c.reps == 0 for c in cards)


def test_with_progress_needs_a_database(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "export",
                "anki",
                "--pack",
                str(demo_dir),
                "--db",
                str(tmp_path / "none.db"),
                "--with-progress",
                "-o",
                str(tmp_path / "x.apkg"),
            ]
        )
    assert exc.value.code == 1
    assert "no quizapp database" in capsys.readouterr().err
