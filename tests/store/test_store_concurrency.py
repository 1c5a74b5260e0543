"""Two real processes on one database file: no failure, no lost answer, and kill -9 is safe."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

from quizapp.domain import CardKey
from quizapp.store.repository import Store

WORKER = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime, timedelta, timezone
    from pathlib import Path
    from quizapp import scheduler
    from quizapp.config import Settings
    from quizapp.domain import CardKey, Grade
    from quizapp.store.repository import Store

    db, go, name, count = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    settings = Settings(timezone="UTC", enable_fuzzing=False)
    store = Store.open(db)
    while not go.exists():
        time.sleep(0.005)
    now = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
    for i in range(count):
        key = CardKey("p", f"q{i % 5}")
        t = now + timedelta(seconds=i)
        compute = lambda s, cid, t=t: scheduler.review(settings, s, Grade.GOOD, t, card_id=cid)
        store.record_review(key, Grade.GOOD, t, compute, answer={"by": name})
    store.close()
    print("done", name)
    """
)


def test_two_processes_answering_at_once(db_path: Path, tmp_path: Path, now: datetime) -> None:
    store = Store.open(db_path)
    store.sync_pack("p", "P", [(f"q{i}", "h", ()) for i in range(5)], now)
    store.close()
    go = tmp_path / "go"
    count = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db_path), str(go), name, str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("one", "two")
    ]
    time.sleep(0.3)  # both have opened the store
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert out.startswith("done")
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM review").fetchone()[0] == 2 * count
        by_worker = dict(db.execute("SELECT answer, count(*) FROM review GROUP BY answer"))
        assert by_worker == {'{"by": "one"}': count, '{"by": "two"}': count}
        # No lost update: every card's reps equals its number of logged answers.
        rows = db.execute(
            "SELECT c.reps, (SELECT count(*) FROM review r WHERE r.card_id = c.id) FROM card c"
        ).fetchall()
    db.close()
    assert all(reps == logged for reps, logged in rows)


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from dataclasses import replace
    from datetime import datetime, timezone
    from pathlib import Path
    from quizapp.domain import CardKey, Grade
    from quizapp.store.repository import Store

    store = Store.open(Path(sys.argv[1]))
    now = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
    bump = lambda s, cid: s._replace(reps=s.reps + 1)
    store.record_review(CardKey("p", "q0"), Grade.EASY, now, bump)
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint, no atexit
    """
)


def test_a_committed_answer_survives_kill_9(db_path: Path, now: datetime) -> None:
    store = Store.open(db_path)
    store.sync_pack("p", "P", [("q0", "h", ())], now)
    store.close()
    proc = subprocess.run([sys.executable, "-c", KILLER, str(db_path)], timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(db_path) as reopened:
        info = reopened.get(CardKey("p", "q0"))
        assert info is not None and info.state.reps == 1
        assert reopened.day_counts(now.replace(hour=0)).new == 1
    assert os.path.exists(db_path)


def test_readers_do_not_wait_and_writers_wait_briefly(
    store: Store, db_path: Path, now: datetime
) -> None:
    import threading

    from quizapp.config import Settings
    from quizapp.domain import Grade

    store.sync_pack("p", "P", [("q0", "h", ()), ("q1", "h", ())], now)
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process is in the middle of writing
    other.execute("UPDATE card SET reps = 99 WHERE question_id = 'q1'")
    try:
        # WAL: a read sees the last committed snapshot while the lock is held (were it to
        # wait, nothing would release the lock and it would fail with "database is locked").
        picked = store.pick(now, Settings(timezone="UTC"))
        assert picked is not None and picked.state.reps == 0
        threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
        t0 = time.perf_counter()
        store.record_review(CardKey("p", "q0"), Grade.GOOD, now, lambda s, _id: s)  # waits
        waited = time.perf_counter() - t0
    finally:
        time.sleep(0.35)
        other.close()
    assert waited > 0.2  # it queued behind the other writer (busy_timeout) instead of failing
    info = store.get(CardKey("p", "q1"))
    assert info is not None and info.state.reps == 99
