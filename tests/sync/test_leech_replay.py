"""A lapse that makes a question a leech only once two devices' logs are merged suspends it
and tags it leech, exactly as the same answer given live on one device does."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from quizapp.cli import main
from quizapp.config import Settings
from quizapp.domain import CardKey, Grade
from quizapp.domain.pack import Pack
from quizapp.services.progress import export_progress, import_progress
from quizapp.store.repository import Store
from tests.services.study_helpers import write_pack
from tests.sync.helpers import later, new_device, snapshot, study

LEECH_AT_TWO = Settings(timezone="UTC", enable_fuzzing=False, leech_threshold=2)
"""Fuzz off: the card's row id seeds live fuzz and its key seeds the replay's, and this test
compares a replay with live answers."""
G, A, E = Grade.GOOD, Grade.AGAIN, Grade.EASY
LAPTOP = [(later(), E), (later(days=30), A), (later(days=30, minutes=10), G)]
DESKTOP = [(later(minutes=1), E), (later(days=31), A)]
"""One lapse on each device, two in the merged log: the desktop's is the second."""


def _device(db: Path, pack: Pack, answers: list[tuple[Any, Grade]]) -> None:
    new_device(db, pack, settings=LEECH_AT_TWO)
    for at, grade in answers:
        study(db, pack, at, [("q000", grade)])


def _card(db: Path) -> tuple[Any, ...]:
    """State columns, suspended, leech, buried_until_ms, flags_ms of p/q000."""
    return tuple(snapshot(db)["cards"]["p/q000"][:-1])


def _log(db: Path) -> list[tuple[Any, ...]]:
    """(time, grade, kind, before, after) of each answer, in time order."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT reviewed_ms, grade, kind, before, after FROM review ORDER BY reviewed_ms"
        ).fetchall()


@pytest.fixture
def devices(tmp_path: Path) -> tuple[Path, Path, Path, Pack]:
    pack = write_pack(tmp_path / "packs", "p", 1)
    laptop, desktop, alone = (tmp_path / f"{name}.db" for name in ("laptop", "desktop", "one"))
    _device(laptop, pack, LAPTOP)
    _device(desktop, pack, DESKTOP)
    _device(alone, pack, sorted(LAPTOP + DESKTOP, key=lambda answer: answer[0]))
    return laptop, desktop, alone, pack


def test_progress_import_suspends_a_card_the_merged_log_makes_a_leech(
    devices: tuple[Path, Path, Path, Pack], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, desktop, alone, _ = devices
    for db in (laptop, desktop):
        with Store.open(db) as store:
            card = store.get(CardKey("p", "q000"))
        assert card is not None and card.state.lapses == 1 and not card.suspended
    file = tmp_path / "desktop.jsonl"
    export_progress(desktop, file, later(days=32))

    main(["--db", str(laptop), "progress", "import", str(file)])

    out = capsys.readouterr().out
    assert "1 question became a leech in the merged history" in out
    merged = _card(laptop)
    assert merged[7] == 2 and merged[8:10] == (1, 1)  # lapses, suspended, leech
    assert merged[11] == int(later(days=31).timestamp() * 1000)  # flags_ms: the lapse's time
    # Exactly what one device answering the same five times live holds: state, flags, log.
    assert merged == _card(alone)
    assert _log(laptop) == _log(alone)
    assert json.loads(_log(laptop)[-1][4])["suspended"] is True

    # The desktop, merging the laptop's file back, converges to the same card and log.
    back = tmp_path / "laptop.jsonl"
    export_progress(laptop, back, later(days=32, hours=1))
    import_progress(desktop, back, later(days=32, hours=2))
    assert snapshot(desktop) == snapshot(laptop)


def test_a_later_unsuspend_wins_over_the_replayed_leech_on_both_devices(
    devices: tuple[Path, Path, Path, Pack], tmp_path: Path
) -> None:
    laptop, desktop, _, pack = devices
    file = tmp_path / "desktop.jsonl"
    export_progress(desktop, file, later(days=32))
    assert import_progress(laptop, file, later(days=32, hours=1)).result.leeches == 1
    with Store.open(laptop) as store:
        store.set_flags(CardKey("p", "q000"), suspended=False, now=later(days=33))
    assert import_progress(laptop, file, later(days=33, hours=1)).result.leeches == 0
    # The desktop answers once more, so merging the laptop's file replays its log there too.
    study(desktop, pack, later(days=32), [("q000", G)])

    back = tmp_path / "laptop.jsonl"
    export_progress(laptop, back, later(days=33, hours=2))
    done = import_progress(desktop, back, later(days=33, hours=3))
    assert (done.result.replayed, done.result.leeches) == (1, 0)  # the later unsuspend won
    card = _card(desktop)
    assert card[7:10] == (2, 0, 1) and card[11] == int(later(days=33).timestamp() * 1000)
    export_progress(desktop, file, later(days=33, hours=4))
    import_progress(laptop, file, later(days=33, hours=5))
    assert snapshot(desktop) == snapshot(laptop)
