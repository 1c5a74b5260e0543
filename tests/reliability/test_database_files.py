"""The database survives what people do to its files: copies, sync folders, kills, restores."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.config import Settings
from quizapp.domain import Grade
from quizapp.errors import StoreError
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.services.study import StudySession
from quizapp.store.migrations import APPLICATION_ID, CURRENT_VERSION
from quizapp.store.repository import Store
from tests.reliability.helpers import START, integrity, logged_answers, write_flashcards

SETTINGS = Settings(timezone="UTC", enable_fuzzing=False, new_per_day=1000)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _answer(session: StudySession, count: int, by: str) -> None:
    for seq in range(count):
        card = session.next_card()
        assert card is not None
        session.answer(card.key, Grade.GOOD, answer={"by": by, "seq": seq})


def _session(db: Path, pack_dir: Path, minutes: int = 0) -> StudySession:
    pack = load_pack(pack_dir, PackCache(None))
    clock = START + timedelta(minutes=minutes)
    return StudySession.open(db, [pack], clock=lambda: clock, settings=SETTINGS)


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


# -- a -wal that belongs to another copy of the database ---------------------------------
def test_a_stale_wal_from_another_copy_is_refused(tmp_path: Path) -> None:
    pack_dir = write_flashcards(tmp_path / "packs", 20)
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    laptop.mkdir()
    desktop.mkdir()
    # One history, copied to both machines; each then studies on its own.
    first = _session(laptop / "quizapp.db", pack_dir)
    _answer(first, 3, "shared")
    first.close()
    shutil.copyfile(laptop / "quizapp.db", desktop / "quizapp.db")
    # The laptop is studying (its -wal holds the answers) when a sync copies that -wal.
    open_on_laptop = _session(laptop / "quizapp.db", pack_dir, minutes=10)
    _answer(open_on_laptop, 3, "laptop")
    stale_wal = (laptop / "quizapp.db-wal").read_bytes()
    open_on_laptop.close()
    on_desktop = _session(desktop / "quizapp.db", pack_dir, minutes=20)
    _answer(on_desktop, 5, "desktop")
    on_desktop.close()
    desktop_db = desktop / "quizapp.db"
    history = logged_answers(desktop_db)
    assert len(history) == 8
    (desktop / "quizapp.db-wal").write_bytes(stale_wal)
    before = _sha(desktop_db)

    with pytest.raises(StoreError) as refused:
        Store.open(desktop_db)
    message = str(refused.value)
    assert "quizapp.db-wal does not belong to quizapp.db" in message
    # Either reason refuses it: since reviews carry a unique id index, the stale pages no
    # longer fit this file's index pages and the replayed copy fails its check.
    why = ("answers the database holds", "replaying it would damage the database")
    assert any(reason in message for reason in why) and "Nothing was changed" in message
    assert _sha(desktop_db) == before
    assert (desktop / "quizapp.db-wal").read_bytes() == stale_wal
    # In a new process too (the check runs once per process), and through the CLI.
    proc = _run(
        "import sys; from quizapp.cli import main; sys.exit(main(['--db', sys.argv[1], 'stats']))",
        str(desktop_db),
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "does not belong" in proc.stderr
    assert _sha(desktop_db) == before

    # Doing what the message says: the history is all there.
    (desktop / "quizapp.db-wal").rename(tmp_path / "set-aside-wal")
    (desktop / "quizapp.db-shm").unlink(missing_ok=True)
    Store.open(desktop_db).close()
    assert logged_answers(desktop_db) == history


def test_a_wal_that_belongs_to_the_database_is_replayed(tmp_path: Path) -> None:
    # What a kill -9 leaves: the file and its own -wal, copied while the session was open.
    pack_dir = write_flashcards(tmp_path / "packs", 10)
    db = tmp_path / "live" / "quizapp.db"
    session = _session(db, pack_dir)
    _answer(session, 2, "before")
    session.store.close()
    _answer(session, 4, "open")
    left = tmp_path / "left" / "quizapp.db"
    left.parent.mkdir()
    shutil.copyfile(db, left)
    shutil.copyfile(db.with_name("quizapp.db-wal"), left.with_name("quizapp.db-wal"))
    session.close()
    Store.open(left).close()
    assert integrity(left) == "ok"
    assert logged_answers(left) == logged_answers(db)
    assert len(logged_answers(left)) == 6


# -- backups before a migration --------------------------------------------------------------
MIGRATE = """
    import sys
    from quizapp.store.repository import Store
    print("start", flush=True)
    Store.open(sys.argv[1]).close()
    print("done", flush=True)
"""


def _v1_database(path: Path, reviews: int) -> None:
    from quizapp.store.migrations import MIGRATIONS

    db = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("BEGIN")
    db.execute("INSERT INTO pack (id) VALUES ('p')")
    db.execute("INSERT INTO card (pack_id, question_id) VALUES ('p', 'q')")
    db.executemany(
        "INSERT INTO review (card_id, reviewed_ms, grade, kind, answer) VALUES (1, ?, 3, 2, ?)",
        [(i, "x" * 200) for i in range(reviews)],
    )
    db.execute("COMMIT")
    db.execute("PRAGMA user_version = 1")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.close()


def test_killed_migrations_leave_whole_backups_or_none(tmp_path: Path) -> None:
    original = tmp_path / "v1.db"
    _v1_database(original, 40_000)  # ~10 MB: the backup takes a while to write
    rng = random.Random(20)
    kills = 0
    for _ in range(8):
        run = tmp_path / f"run{kills}"
        run.mkdir()
        db = run / "quizapp.db"
        shutil.copyfile(original, db)
        proc = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(MIGRATE), str(db)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline() == "start\n"
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        kills += 1
        # Whatever the moment: a backup under the real name is complete, and the next open
        # removes the dead process's temporary file and leaves exactly one backup.
        backups = sorted(p.name for p in run.iterdir() if ".bak" in p.name)
        if "quizapp.db.v1.bak" in backups:
            assert integrity(run / "quizapp.db.v1.bak") == "ok"
        Store.open(db).close()
        names = sorted(p.name for p in run.iterdir() if not p.name.endswith(("-wal", "-shm")))
        assert names == ["quizapp.db", "quizapp.db.v1.bak"], names
        assert integrity(run / "quizapp.db.v1.bak") == "ok"
        conn = sqlite3.connect(db)
        assert conn.execute("SELECT count(*) FROM review").fetchone()[0] == 40_000
        assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        conn.close()
    print(f"\nkilled migrations: {kills} runs, every backup whole or absent")


@pytest.mark.parametrize("version", [0, -1])
def test_a_quizapp_file_with_a_meddled_version_is_refused_without_backups(
    tmp_path: Path, version: int
) -> None:
    db = tmp_path / "quizapp.db"
    Store.open(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    before = _sha(db)
    for _ in range(3):
        with pytest.raises(StoreError, match=f"schema version was changed to {version}"):
            Store.open(db)
    assert _sha(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "bak" in p.name) == []


# -- a first run killed while creating the database -----------------------------------------
OLD_FIRST_RUN = """
    import os, signal, sqlite3, sys
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("PRAGMA cache_size = 1")  # spill to the file before the commit
    db.execute("BEGIN IMMEDIATE")
    db.execute("CREATE TABLE t (x)")
    db.executemany("INSERT INTO t VALUES (?)", [("y" * 500,) for _ in range(500)])
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_hot_journal_from_a_killed_first_run_is_rolled_back(tmp_path: Path) -> None:
    db = tmp_path / "quizapp.db"
    proc = _run(OLD_FIRST_RUN, str(db))
    assert proc.returncode == -signal.SIGKILL
    assert db.with_name("quizapp.db-journal").exists() and db.stat().st_size > 0
    Store.open(db).close()  # was: "read-only", on every later run
    assert not db.with_name("quizapp.db-journal").exists()
    assert integrity(db) == "ok"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    conn.close()


def test_no_leftover_belonging_to_a_live_process_is_removed(tmp_path: Path) -> None:
    db = tmp_path / "quizapp.db"
    mine = tmp_path / f".quizapp.db.v1.bak.{os.getppid()}.tmp"  # a live process
    mine.write_bytes(b"being written")
    dead = tmp_path / ".quizapp.db.v1.bak.999999999.tmp"
    dead.write_bytes(b"left by a killed run")
    _v1_database(db, 3)
    Store.open(db).close()
    assert mine.exists() and not dead.exists()
