"""Two devices that studied offline converge through a sync folder: same card states, same
log, and merging again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from quizapp import scheduler
from quizapp.domain import CardKey, Grade
from quizapp.domain.pack import Pack
from quizapp.services.progress import (
    FILE_PREFIX,
    export_progress,
    import_progress,
    sync_folder,
)
from quizapp.services.replay_log import replay_seed
from quizapp.store.records import state_from_row
from quizapp.store.repository import Store
from tests.services.study_helpers import write_pack
from tests.sync.helpers import SETTINGS, later, new_device, snapshot, study

G, A, H, E = Grade.GOOD, Grade.AGAIN, Grade.HARD, Grade.EASY


def _two_devices(tmp_path: Path) -> tuple[Path, Path, Pack]:
    pack = write_pack(tmp_path / "packs", "p", 12)
    laptop, desktop = tmp_path / "laptop.db", tmp_path / "desktop.db"
    new_device(laptop, pack)
    new_device(desktop, pack)
    # Day 1: the laptop learns q000-q005, the desktop q003-q009, minutes apart, interleaved.
    study(laptop, pack, later(minutes=0), [(f"q{i:03d}", G) for i in range(6)])
    study(
        desktop,
        pack,
        later(minutes=1),
        [(f"q{i:03d}", g) for i, g in zip(range(3, 10), [A, G, H, G, E, G, G], strict=True)],
    )
    # Later the same day and two days on, both review some of it again.
    study(laptop, pack, later(hours=2), [("q000", G), ("q003", G), ("q004", A)])
    study(desktop, pack, later(hours=2, minutes=1), [("q003", G), ("q004", G), ("q008", G)])
    study(laptop, pack, later(days=2), [("q001", G), ("q004", G)])
    study(desktop, pack, later(days=2, minutes=1), [("q004", H), ("q009", A)])
    return laptop, desktop, pack


def test_two_devices_converge_through_a_folder(tmp_path: Path) -> None:
    laptop, desktop, _pack = _two_devices(tmp_path)
    with Store.open(desktop) as store:
        store.set_flags(CardKey("p", "q007"), suspended=True, now=later(days=2, hours=1))
    with Store.open(laptop) as store:
        store.set_flags(
            CardKey("p", "q001"), buried_until=later(days=3), now=later(days=2, hours=1)
        )
    folder = tmp_path / "Sync"
    folder.mkdir()
    before_laptop, before_desktop = snapshot(laptop), snapshot(desktop)

    first = sync_folder(laptop, folder, later(days=2, hours=3))  # nothing to merge yet
    assert first.merged == [] and first.written.counts["review"] == 11
    second = sync_folder(desktop, folder, later(days=2, hours=4))
    assert [m.result.added for m in second.merged] == [11]
    third = sync_folder(laptop, folder, later(days=2, hours=5))
    assert [m.result.added for m in third.merged] == [12]

    on_laptop, on_desktop = snapshot(laptop), snapshot(desktop)
    assert on_laptop == on_desktop
    assert len(on_laptop["log"]) == 23
    assert set(on_laptop["log"]) == set(before_laptop["log"]) | set(before_desktop["log"])
    # Each review still names the device that made it.
    devices = {row[0] for row in on_laptop["log"].values()}
    assert len(devices) == 2
    # Flags travelled: the desktop's suspension, the laptop's burial.
    assert on_laptop["cards"]["p/q007"][8] == 1
    assert on_desktop["cards"]["p/q001"][10] == (later(days=3).timestamp() * 1000)
    # Questions only one side studied kept that side's state exactly.
    assert on_desktop["cards"]["p/q000"] == before_laptop["cards"]["p/q000"]
    assert on_laptop["cards"]["p/q009"][:8] == before_desktop["cards"]["p/q009"][:8]

    # Syncing again, on both, changes nothing; so does importing a file twice.
    for db in (laptop, desktop, laptop):
        again = sync_folder(db, folder, later(days=2, hours=6))
        assert all(m.result.added == 0 for m in again.merged)
    assert snapshot(laptop) == on_laptop == snapshot(desktop)
    other = tmp_path / "desktop.jsonl"
    export_progress(desktop, other, later(days=2, hours=7))
    for _ in range(2):
        done = import_progress(laptop, other, later(days=2, hours=8))
        assert done.result.added == 0 and done.result.replayed == 0 and done.result.adopted == 0
    assert snapshot(laptop) == on_laptop


def test_studying_on_after_a_sync_stays_in_step(tmp_path: Path) -> None:
    laptop, desktop, pack = _two_devices(tmp_path)
    folder = tmp_path / "Sync"
    folder.mkdir()
    for db, hours in ((laptop, 3), (desktop, 4), (laptop, 5)):
        sync_folder(db, folder, later(days=2, hours=hours))
    study(laptop, pack, later(days=5), [("q004", G), ("q006", G)])
    study(desktop, pack, later(days=5, minutes=1), [("q004", A), ("q010", G)])
    for db, hours in ((desktop, 3), (laptop, 4), (desktop, 5)):
        sync_folder(db, folder, later(days=5, hours=hours))
    assert snapshot(laptop) == snapshot(desktop)
    assert len(snapshot(laptop)["log"]) == 27


def test_a_same_day_conflict_is_replayed_through_the_scheduler(tmp_path: Path) -> None:
    """Both devices answer a new card minutes apart: the later answer is scheduled again from
    the state the earlier one left, as if one device had given both."""
    pack = write_pack(tmp_path / "packs", "p", 2)
    laptop, desktop = tmp_path / "laptop.db", tmp_path / "desktop.db"
    new_device(laptop, pack)
    new_device(desktop, pack)
    study(laptop, pack, later(days=1), [("q000", G)])
    study(laptop, pack, later(days=1, minutes=10), [("q000", G)])  # graduates to review
    study(desktop, pack, later(days=1, minutes=30), [("q000", A)])  # from new, on its own
    with Store.open(laptop) as store:
        graduated = store.get(CardKey("p", "q000"))
    assert graduated is not None and graduated.state.state == "review"

    file = tmp_path / "desktop.jsonl"
    export_progress(desktop, file, later(days=1, hours=1))
    done = import_progress(laptop, file, later(days=1, hours=2))
    assert done.result.replayed == 1 and done.result.added == 1

    expected = scheduler.review(
        SETTINGS,
        graduated.state,
        Grade.AGAIN,
        later(days=1, minutes=30),
        card_id=replay_seed(CardKey("p", "q000")),
    )
    with Store.open(laptop) as store:
        merged = store.get(CardKey("p", "q000"))
    assert merged is not None and merged.state == expected
    assert merged.state.state == "relearning" and merged.state.reps == 3
    # The desktop's row now records the state it was really given from.
    log = snapshot(laptop)["log"]
    again = next(row for row in log.values() if row[3] == int(Grade.AGAIN))
    assert json.loads(again[9])["state"] == 2 and again[4] == 2


def test_the_sync_file_is_named_for_the_device_and_written_whole(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "packs", "p", 3)
    db = tmp_path / "one.db"
    new_device(db, pack)
    study(db, pack, later(), [("q000", G)])
    folder = tmp_path / "Sync"
    folder.mkdir()
    done = sync_folder(db, folder, later(hours=1))
    with Store.open(db) as store:
        device = store.device_id()
    assert [p.name for p in folder.iterdir()] == [f"{FILE_PREFIX}{device}.jsonl"]
    lines = done.written.path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "quizapp-progress"
    assert json.loads(lines[-1]) == {"type": "end", "lines": len(lines)}
    assert state_from_row(json.loads(lines[1])["after"]).reps == 1
