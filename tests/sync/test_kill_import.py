"""kill -9 during `quizapp progress import` leaves the database as before or as after the
merge, never in between (the merge is one transaction; tests/reliability does the same for
answers)."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from quizapp.services.progress import import_progress
from quizapp.services.progress_file import Header, write_progress
from quizapp.store.exchange import Batch
from tests.reliability.helpers import integrity
from tests.services.study_helpers import write_pack
from tests.sync.helpers import later, new_device, snapshot

QUESTIONS = 150
ANSWERS_EACH = 20
RUNS = 6
IMPORT = (
    "import sys; from datetime import datetime; from pathlib import Path; "
    "from quizapp.services.progress import import_progress; "
    "print('start', flush=True); "
    "import_progress(Path(sys.argv[1]), Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3]))"
)


def _answers() -> list[Batch]:
    """3,000 answers from another device with no recorded states: each card is replayed
    through the scheduler, so the merge runs long enough to be killed in the middle."""
    device = "d" * 32
    rows = [
        (
            f"{n:08d}{i:04d}{'0' * 20}",
            device,
            "p",
            f"q{n:03d}",
            int(later(days=i).timestamp() * 1000),
            3 if i % 5 else 1,
            2,
            0,
            None,
            None,
            None,
            "",
            "{}",
            "{}",
        )
        for n in range(QUESTIONS)
        for i in range(ANSWERS_EACH)
    ]
    rows.sort(key=lambda row: row[4])
    return [("review", rows)]


def _whole(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    try:
        devices = sorted(conn.execute("SELECT id, local, merged_ms FROM device"))
    finally:
        conn.close()
    return {**snapshot(db), "devices": devices}


@pytest.mark.slow
def test_kill_9_during_an_import_leaves_before_or_after(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "packs", "p", QUESTIONS)
    pristine = tmp_path / "pristine.db"
    new_device(pristine, pack)
    file = tmp_path / "other.jsonl"
    write_progress(file, Header("d" * 32, 1), _answers())
    now = later(days=ANSWERS_EACH + 1)
    before = _whole(pristine)
    merged = tmp_path / "merged.db"
    shutil.copyfile(pristine, merged)
    import_progress(merged, file, now)
    after = _whole(merged)
    assert len(after["log"]) == QUESTIONS * ANSWERS_EACH and after != before
    # How long the child takes from its start line to its exit (its lazy imports, the merge):
    # the kills are spread over that, not over this warm process's merge.
    timed = tmp_path / "timed.db"
    shutil.copyfile(pristine, timed)
    took = _run(timed, file, now.isoformat(), None)[0]

    rng = random.Random(19)
    seen = {"before": 0, "after": 0}
    for run in range(RUNS):
        db = tmp_path / f"run{run}.db"
        shutil.copyfile(pristine, db)
        # Most kills land inside the merge; the last run is let finish.
        kill_at = rng.uniform(0.0, took) if run < RUNS - 1 else None
        err = _run(db, file, now.isoformat(), kill_at)[1]
        assert "Traceback" not in err, err
        assert integrity(db) == "ok", f"run {run}"
        found = _whole(db)
        assert found in (before, after), f"run {run}: the database is between before and after"
        seen["before" if found == before else "after"] += 1
    assert seen["before"] >= 1 and seen["after"] >= 1, seen


def _run(db: Path, file: Path, now: str, kill_at: float | None) -> tuple[float, str]:
    """Import in a child, killed with SIGKILL `kill_at` seconds after its start line (None:
    let finish): the seconds from its start line to its end, and its stderr."""
    with subprocess.Popen(
        [sys.executable, "-c", IMPORT, str(db), str(file), now],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "start\n"
        started = time.monotonic()
        if kill_at is not None:
            time.sleep(kill_at)
            proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=300)
    return time.monotonic() - started, err
