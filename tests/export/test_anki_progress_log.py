"""`--with-progress` carries the review log and Anki's own day count.

Each answer becomes a revlog row on its card (so Anki's statistics and optimiser see the
history), relearning cards keep their interval, learning cards their remaining steps, and a
review card lands on its study day in every time zone: the import runs in a child process
under that zone, with its clock set by faketime, into a collection made there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from quizapp import scheduler
from quizapp.config import Settings
from quizapp.domain import CardKey, Grade
from quizapp.export.anki import AnkiSchedule, export_anki
from quizapp.export.schedule import schedules_from
from quizapp.services.cards import stored_progress
from quizapp.store.repository import Store

from .conftest import NOW, import_apkg, load

SETTINGS = replace(Settings(timezone="UTC"), enable_fuzzing=False)


def _answer(store: Store, key: str, grade: Grade, at: datetime) -> None:
    store.record_review(
        CardKey.parse(key),
        grade,
        at,
        lambda before, card_id: scheduler.review(SETTINGS, before, grade, at, card_id=card_id),
        duration_ms=7_000,
    )


def test_the_log_and_steps_arrive_in_anki(demo_dir: Path, tmp_path: Path, collection: Any) -> None:
    pack = load(demo_dir)
    db = tmp_path / "q.db"
    with Store.open(db) as store:
        store.save_settings(SETTINGS)
        store.sync_pack(
            pack.id, "Demo", [(q.id, q.content_hash, q.tags) for q in pack.questions], NOW
        )
        t1 = NOW + timedelta(minutes=15)
        _answer(store, "demo/example-flashcard", Grade.GOOD, NOW)
        _answer(store, "demo/example-flashcard", Grade.GOOD, t1)
        lapse = store.get(CardKey("demo", "example-flashcard"))
        assert lapse is not None and lapse.state.state == "review" and lapse.state.due
        t2 = lapse.state.due + timedelta(hours=1)
        _answer(store, "demo/example-flashcard", Grade.AGAIN, t2)  # a lapse: relearning
        _answer(store, "demo/example-choice", Grade.GOOD, t2)  # new -> second learning step
        _answer(store, "demo/example-typed", Grade.AGAIN, t2)  # new -> first learning step
    stored = stored_progress(db, [pack])
    flash_state = stored.cards["demo/example-flashcard"].state
    now = t2 + timedelta(minutes=1)
    out = tmp_path / "progress.apkg"
    export_anki(
        [pack],
        out,
        now=now,
        schedules=schedules_from(stored.cards, stored.settings, stored.answers),
        settings=stored.settings,
    )
    import_apkg(collection, out, with_scheduling=True)

    def card(note_type: str) -> Any:
        return collection.get_card(collection.find_cards(f'"note:quizapp {note_type}"')[0])

    flash = card("flashcard")
    assert (flash.type, flash.queue, flash.left % 1000) == (3, 1, 1)  # relearning, one step
    # Its interval after the lapse (it was 0: Good after the step came back due the same day).
    assert flash.ivl == max(round(flash_state.stability or 0), 1) >= 1
    assert flash_state.due is not None and flash.due == int(flash_state.due.timestamp())
    rows = collection.db.all(
        "SELECT id, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE cid = ? ORDER BY id",
        flash.id,
    )
    ms = int(NOW.timestamp() * 1000)
    assert [r[0] for r in rows] == [ms, ms + 900_000, int(t2.timestamp() * 1000)]
    assert [r[1] for r in rows] == [3, 3, 1]  # Good, Good, Again
    assert [r[6] for r in rows] == [0, 0, 1]  # learning, learning, review
    assert rows[0][2] == -600 and rows[1][2] >= 1 and rows[2][2] == -600  # steps, then days
    assert rows[2][3] == rows[1][2]  # the lapse logs the interval it ended
    assert all(100 <= r[4] <= 1100 for r in rows) and all(r[5] == 7_000 for r in rows)
    # Anki itself reads the history: its card info counts the reviews and the lapse.
    info = collection.card_stats_data(flash.id)
    assert (info.reviews, info.lapses) == (3, 1)

    choice, typed = card("choice"), card("typed")
    assert (choice.type, choice.queue, choice.left % 1000) == (1, 1, 1)  # one step to go
    assert (typed.type, typed.queue, typed.left % 1000) == (1, 1, 2)  # both steps to go
    assert collection.db.scalar("SELECT count() FROM revlog") == 5


FAKETIME = shutil.which("faketime")
_IMPORT = """
import json, sys
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
col = Collection(sys.argv[2])
col.import_anki_package(ImportAnkiPackageRequest(
    package_path=sys.argv[1], options=ImportAnkiPackageOptions(with_scheduling=True)))
card = col.get_card(col.find_cards('"note:quizapp flashcard"')[0])
print(json.dumps({"due": card.due, "today": col.sched.today, "queue": card.queue}))
col.close()
"""

# UTC-11 ... -8 and +13/+14 were a day late; the others are the zones in between.
ZONES = [
    "Pacific/Pago_Pago",
    "Pacific/Honolulu",
    "America/Anchorage",
    "Pacific/Pitcairn",
    "UTC",
    "Asia/Shanghai",
    "Pacific/Tongatapu",
    "Pacific/Kiritimati",
]


@pytest.mark.parametrize("zone", ZONES)
def test_review_due_days_hold_in_every_zone(demo_dir: Path, tmp_path: Path, zone: str) -> None:
    if FAKETIME is None:
        pytest.skip("faketime is not installed (Debian: apt-get install faketime; .ci/run does)")
    settings = Settings(timezone=zone)
    due = NOW + timedelta(days=5, hours=3)
    schedule = AnkiSchedule(
        "review", due, 6, reps=4, lapses=0, stability=6.0, difficulty=5.0, last_review=NOW
    )
    out = tmp_path / "deck.apkg"
    export_anki(
        [load(demo_dir)],
        out,
        now=NOW,
        schedules={"demo/example-flashcard": schedule},
        settings=settings,
    )
    # Imported soon after (across the local day start in some zones) and two days later.
    laters = [timedelta(hours=6)]
    if zone in (ZONES[0], ZONES[-1]):
        laters.append(timedelta(days=2, hours=1))
    for n, later in enumerate(laters):
        imported_at = NOW + later
        local = imported_at.astimezone(settings.zone()).strftime("%Y-%m-%d %H:%M:%S")
        folder = tmp_path / f"anki-{n}"
        folder.mkdir()
        done = subprocess.run(
            [
                FAKETIME,
                "-m",
                "-f",
                f"@{local}",
                sys.executable,
                "-c",
                _IMPORT,
                str(out),
                str(folder / "collection.anki2"),
            ],
            env={**os.environ, "TZ": zone, "FAKETIME_DONT_FAKE_MONOTONIC": "1"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        seen = json.loads(done.stdout.strip().splitlines()[-1])
        expected = (settings.study_day(due) - settings.study_day(imported_at)).days
        assert (seen["queue"], seen["due"] - seen["today"]) == (2, expected), (zone, later, seen)
