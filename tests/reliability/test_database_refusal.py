"""A database that cannot be written or should not be touched: a clear message, nothing faked.

Corrupt files, files that are not SQLite, other applications' databases and databases from a
newer quizapp are refused with the file byte-identical afterwards: tests/store/test_migrations.py
holds that for `Store.open` (`test_refuses_*`); here the same files go through the CLI.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NotRequired, TypedDict

import pytest

from quizapp.config import Settings
from quizapp.domain import Grade
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.services.study import StudySession
from quizapp.store.migrations import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS
from quizapp.store.repository import Store
from tests.reliability.helpers import START, integrity, logged_answers, write_flashcards

SETTINGS = Settings(timezone="UTC", enable_fuzzing=False, new_per_day=1000)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _review_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM review").fetchone()[0])
    finally:
        conn.close()


def _study(db: Path, pack_dir: Path, answers: int) -> None:
    """A normal session: `answers` answers, committed, then closed."""
    pack = load_pack(pack_dir, PackCache(None))
    session = StudySession.open(db, [pack], clock=lambda: START, settings=SETTINGS)
    try:
        for seq in range(answers):
            card = session.next_card()
            assert card is not None
            session.answer(card.key, Grade.GOOD, answer={"by": "setup", "seq": seq})
    finally:
        session.close()


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder outside pytest's private tmp tree, so an unprivileged user can reach it."""
    root = Path(tempfile.mkdtemp(prefix="quizapp-ro-"))
    root.chmod(0o755)
    yield root
    for path in (root, *root.rglob("*")):
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)
    shutil.rmtree(root)


# Runs in a child process: when the tests run as root (who may write any file), it drops to
# an unprivileged user first, so file permissions mean what they mean for a real user.
AS_USER = textwrap.dedent(
    """
    import json, os, sys
    from datetime import datetime, timedelta
    from pathlib import Path
    from quizapp.config import Settings
    from quizapp.domain import Grade
    from quizapp.errors import StoreError
    from quizapp.packs.cache import PackCache
    from quizapp.packs.loader import load_pack
    from quizapp.services.study import StudySession

    db, pack_dir, warm = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    settings = Settings(timezone="UTC", enable_fuzzing=False, new_per_day=1000)
    clock = lambda: datetime.fromisoformat(sys.argv[4])
    pack = load_pack(pack_dir, PackCache(None))
    # Warm up every lazily imported module while we may still read them all.
    s = StudySession.open(warm, [pack], clock=clock, settings=settings)
    s.answer(s.next_card().key, Grade.GOOD)
    s.progress(); s.close()
    if os.geteuid() == 0:
        os.setegid(65534)
        os.seteuid(65534)
    out = {"opened": False, "saved": 0, "errors": []}
    try:
        s = StudySession.open(db, [pack], clock=clock, settings=settings)
        out["opened"] = True
        for _ in range(2):
            card = s.next_card()
            try:
                s.answer(card.key, Grade.GOOD, answer={"by": "ro", "seq": out["saved"]})
                out["saved"] += 1
            except StoreError as exc:
                out["errors"].append(str(exc))
        out["answered"] = s.progress()[0]
        s.close()
    except StoreError as exc:
        out["errors"].append(str(exc))
    print(json.dumps(out))
    """
)


class UserRun(TypedDict):
    """What AS_USER reports."""

    opened: bool
    answered: NotRequired[int]  # absent when the database would not open
    saved: int
    errors: list[str]


def _run_as_user(db: Path, pack_dir: Path, warm: Path) -> UserRun:
    proc = subprocess.run(
        [sys.executable, "-c", AS_USER, str(db), str(pack_dir), str(warm), START.isoformat()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    result: UserRun = json.loads(proc.stdout.splitlines()[-1])
    return result


def test_read_only_database_file(shared_dir: Path, tmp_path: Path) -> None:
    pack_dir = write_flashcards(shared_dir / "packs", 5)
    folder = shared_dir / "data"
    folder.mkdir()
    db = folder / "study.db"
    _study(db, pack_dir, 2)
    before = _sha(db)
    db.chmod(0o444)
    folder.chmod(0o777)  # the folder is writable: SQLite may add its -shm beside the file
    result = _run_as_user(db, pack_dir, tmp_path / "warm" / "w.db")
    assert result["opened"] is True  # reading still works: the home screen can show counts
    assert result["saved"] == 0 and result["answered"] == 0, result
    assert len(result["errors"]) == 2  # each attempt fails; none is reported saved
    for message in result["errors"]:
        assert str(db) in message and "read-only" in message, message
    assert _sha(db) == before and _review_count(db) == 2


def test_read_only_folder(shared_dir: Path, tmp_path: Path) -> None:
    pack_dir = write_flashcards(shared_dir / "packs", 5)
    folder = shared_dir / "data"
    folder.mkdir()
    db = folder / "study.db"
    _study(db, pack_dir, 2)
    before = _sha(db)
    db.chmod(0o444)
    folder.chmod(0o555)
    result = _run_as_user(db, pack_dir, tmp_path / "warm" / "w.db")
    assert result["saved"] == 0, result
    (message,) = result["errors"]  # refused at open: the file and the folder are read-only
    assert str(db) in message and "read-only" in message, message
    assert "damaged" not in message  # the file is fine: say what is actually wrong
    assert _sha(db) == before


FULL_DISK = textwrap.dedent(
    """
    import json, resource, signal, sys
    from datetime import datetime, timedelta
    from pathlib import Path
    from quizapp.config import Settings
    from quizapp.domain import Grade
    from quizapp.errors import StoreError
    from quizapp.packs.cache import PackCache
    from quizapp.packs.loader import load_pack
    from quizapp.services.study import StudySession

    db, pack_dir = Path(sys.argv[1]), Path(sys.argv[2])
    now = [datetime.fromisoformat(sys.argv[3])]
    settings = Settings(timezone="UTC", enable_fuzzing=False, new_per_day=1000)
    s = StudySession.open(db, [load_pack(pack_dir, PackCache(None))], clock=lambda: now[0],
                          settings=settings)
    saved, errors = [], []

    def answer():
        card = s.next_card()
        s.answer(card.key, Grade.GOOD, answer={"by": "full", "seq": len(saved)})
        saved.append(card.key)
        now[0] += timedelta(minutes=1)

    for _ in range(3):
        answer()
    # The disk "fills up": no file may grow more than 8 KiB past the largest one now.
    largest = max(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (largest + 8192, largest + 8192))
    for _ in range(2000):
        try:
            answer()
        except StoreError as exc:
            errors.append(str(exc))
            if len(errors) == 2:
                break
    print(json.dumps({"saved": saved, "answered": s.progress()[0], "errors": errors}))
    """
)


@pytest.mark.slow
def test_full_disk(tmp_path: Path) -> None:
    pack_dir = write_flashcards(tmp_path / "packs", 40)
    db = tmp_path / "study.db"
    proc = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(db), str(pack_dir), START.isoformat()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert len(result["errors"]) == 2, result  # the disk did fill up, twice in a row
    saved = result["saved"]
    assert result["answered"] == len(saved) >= 3, result
    for message in result["errors"]:
        assert str(db) in message and "disk" in message, message
    # With space again: intact, and the log holds exactly the answers reported saved.
    assert integrity(db) == "ok"
    logged = logged_answers(db)
    assert sorted(logged) == sorted(("full", seq, key) for seq, key in enumerate(saved))
    assert set(logged.values()) == {1}


# -- refused files through the CLI ----------------------------------------------------------
def _text_file(db: Path) -> None:
    db.write_text("my notes, not a database\n" * 20, encoding="utf-8")


def _corrupt(db: Path) -> None:
    Store.open(db).close()
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db.write_bytes(bytes(data))


def _newer(db: Path) -> None:
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_text_file, "not an SQLite file"),
        (_corrupt, "damaged"),
        (_newer, "newer quizapp"),
    ],
)
@pytest.mark.parametrize("command", [["stats"], ["settings"], ["export-with-progress"]])
def test_cli_refuses_with_one_line(
    tmp_path: Path, make: Callable[[Path], object], message: str, command: list[str]
) -> None:
    db = tmp_path / "bad.db"
    make(db)
    before = _sha(db)
    if command == ["export-with-progress"]:
        pack_dir = write_flashcards(tmp_path / "packs", 3)
        out = tmp_path / "out.apkg"
        command = ["export", "anki", "--pack", str(pack_dir), "--with-progress", "-o", str(out)]
    proc = subprocess.run(
        [sys.executable, "-m", "quizapp", *command, "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert message in lines[0] and "left untouched" in lines[0]
    assert _sha(db) == before
    assert not (tmp_path / "out.apkg").exists()


# -- the backup taken before a migration ----------------------------------------------------
def test_backup_before_migration_restores(tmp_path: Path) -> None:
    pack_dir = write_flashcards(tmp_path / "packs", 5)
    db = tmp_path / "study.db"
    # A database as quizapp schema 1 left it, with progress: four answers logged.
    _study(db, pack_dir, 4)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("DROP TABLE setting")  # the one thing migration 2 adds
    conn.execute("DROP TABLE fsrs_params")  # and migration 3
    conn.execute("DROP TABLE interview")  # and the interview reports' step
    for undo_v4 in (  # and what migration 4 adds
        "DROP TABLE device",
        "DROP INDEX ix_review_uid",
        "ALTER TABLE review DROP COLUMN uid",
        "ALTER TABLE review DROP COLUMN device",
        "ALTER TABLE card DROP COLUMN flags_ms",
    ):
        conn.execute(undo_v4)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    assert len(MIGRATIONS) >= 2
    progress = logged_answers(db)

    store = Store.open(db)  # migrates, backing up first
    backup = store.backup
    store.close()
    assert backup is not None and backup.name == "study.db.v1.bak"
    assert _sha(backup) != _sha(db)
    assert integrity(backup) == "ok"
    bak = sqlite3.connect(backup)
    assert bak.execute("PRAGMA user_version").fetchone()[0] == 1
    assert bak.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    bak.close()

    # Restoring = copying the backup back over the database: it opens, history intact.
    for side in (db.with_name("study.db-wal"), db.with_name("study.db-shm")):
        side.unlink(missing_ok=True)
    shutil.copyfile(backup, db)
    assert logged_answers(db) == progress
    _study(db, pack_dir, 1)  # migrated again and usable: one more answer is logged
    assert len(logged_answers(db)) == len(progress) + 1
