"""Opening a second store on a file this process already has open keeps the WAL alive.

Closing any plain file handle on the database drops every SQLite lock the process holds
on it (POSIX locks are per process), so a reader in another process then believes it is
the last one and deletes the WAL under our open connections: later answers went to a
deleted file. The home screen and a study session, or two browser tabs, do exactly this.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from quizapp.store.repository import Store


def _read_from_another_process(db: Path) -> None:
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('SELECT count(*) FROM sqlite_master').fetchall(); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)


def test_a_second_store_keeps_the_first_ones_wal(tmp_path: Path) -> None:
    db = tmp_path / "quiz.db"
    first = Store.open(db)
    try:
        with first.db.transaction() as conn:  # the first store now holds a live connection
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        Store.open(db).close()
        _read_from_another_process(db)
        assert (tmp_path / "quiz.db-wal").exists()
        assert (tmp_path / "quiz.db-shm").exists()
    finally:
        first.close()
