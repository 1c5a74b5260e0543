"""The database's files as people handle them: copied, synced, killed mid-write, restored.

SQLite trusts a `-wal` beside the database whatever its origin: it checks that the log's
frames carry the log's own salts and checksums, never that the log was written against this
database file. A `-wal` copied from another machine or left by a sync folder is therefore
replayed over the file, and checkpointed into it when the connection closes. `check_wal`
replays such a log on a private copy first and refuses it when the result would lose or
rewrite answers the database holds.

Backups before a migration are written under a temporary name and renamed when complete, and
a new database is built under a temporary name and linked into place, so a kill at any moment
leaves either the finished file or nothing under the real name.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import struct
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from quizapp.durable import process_alive, replace_durably
from quizapp.errors import StoreError
from quizapp.i18n import _

WAL_HEADER_BYTES = 32
SHM_DMS_BYTE = 128
"""Every SQLite connection to a WAL database holds a read lock on this byte of the -shm."""
UNDO_ALLOWANCE = 10
"""A log may drop this many of the newest answers the file holds (a session's undos)."""

_open_here: dict[Path, int] = {}
"""Connections this process holds on each database (resolved path), kept by store.db."""
_open_lock = threading.Lock()


def track(key: Path, change: int) -> None:
    """Count a connection opened (+1) or closed (-1) by this process on the file `key`."""
    with _open_lock:
        _open_here[key] = _open_here.get(key, 0) + change


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def shm_of(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def _in_use_elsewhere(path: Path) -> bool:
    """Whether another process has the database open (it holds a lock in the -shm).

    F_GETLK only asks; it takes no lock. Closing our descriptor drops this process's locks
    on the -shm, so this runs only before this process opened the database (see check_wal).
    """
    shm = shm_of(path)
    if not sys.platform.startswith("linux"):
        return True  # the flock layout below is Linux's: elsewhere, leave the log to SQLite
    if not shm.exists():
        return False  # every connection to a WAL database has the -shm open
    try:
        fd = os.open(shm, os.O_RDONLY)
    except OSError:
        return True  # cannot tell: leave the log to SQLite, as before
    try:
        query = struct.pack("hhqqixxxx", fcntl.F_WRLCK, os.SEEK_SET, SHM_DMS_BYTE, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
    except OSError:
        return True
    finally:
        os.close(fd)
    lock_type: int = struct.unpack("hhqqixxxx", answer)[0]
    return lock_type != fcntl.F_UNLCK


def _answers(db: Path) -> dict[int, tuple[object, ...]] | None:
    """Every review-log row of `db` by id, or None when the file cannot be read as ours."""
    try:
        conn = sqlite3.connect(db, isolation_level=None)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return None
            rows = conn.execute(
                "SELECT id, card_id, reviewed_ms, grade, kind, answer FROM review"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return {row[0]: tuple(row[1:]) for row in rows}


def _lost_by_replay(path: Path) -> str | None:
    """Why replaying the -wal would harm the database, or None when it only adds to it."""
    with tempfile.TemporaryDirectory(prefix="quizapp-wal-check-") as tmp:
        alone, merged = Path(tmp) / "alone.db", Path(tmp) / "merged.db"
        shutil.copyfile(path, alone)
        shutil.copyfile(path, merged)
        shutil.copyfile(wal_of(path), wal_of(merged))
        before = _answers(alone)
        if before is None:
            return None  # not a readable quizapp file: inspect() words that
        after = _answers(merged)
    if after is None:
        return _("replaying it would damage the database")
    changed = [i for i, row in before.items() if i in after and after[i] != row]
    missing = sorted(i for i in before if i not in after)
    newest_kept = max(after, default=0)
    if changed:
        return _("it would rewrite {n} of the {total} answers the database holds").format(
            n=len(changed), total=len(before)
        )
    if missing and (len(missing) > UNDO_ALLOWANCE or missing[0] < newest_kept):
        return _("it would remove {n} of the {total} answers the database holds").format(
            n=len(missing), total=len(before)
        )
    return None


def check_wal(path: Path) -> None:
    """Refuse a -wal that does not belong to the database before SQLite replays it.

    Runs only when no process has the file open (a log in use by a running quizapp is that
    process's own): this one (its connections are counted) nor another (see
    _in_use_elsewhere, which could not look while this process holds connections).
    """
    with _open_lock:
        if _open_here.get(path.resolve(), 0) > 0:
            return
    wal = wal_of(path)
    try:
        if not path.is_file() or not wal.is_file() or wal.stat().st_size <= WAL_HEADER_BYTES:
            return
    except OSError:
        return
    if _in_use_elsewhere(path):
        return
    try:
        why = _lost_by_replay(path)
    except OSError as exc:
        message = _("{path}: cannot check the write-ahead log: {error}")
        raise StoreError(message.format(path=wal, error=exc.strerror or exc)) from exc
    if why is None:
        return
    raise StoreError(
        _(
            "{wal} does not belong to {db}: {why} (was it copied from another machine or left "
            "by a sync folder?). Nothing was changed. To open the database as it is, move "
            "{wal_name} and {shm_name} out of the folder; to keep that log's answers, put back "
            "the {db} it came with"
        ).format(wal=wal, db=path.name, why=why, wal_name=wal.name, shm_name=shm_of(path).name)
    )


def _temporary(path: Path, what: str) -> Path:
    """A hidden name beside `path` that carries our process id (see remove_leftovers)."""
    return path.with_name(f".{path.name}.{what}.{os.getpid()}.tmp")


def remove_leftovers(path: Path) -> None:
    """Delete temporary files (backups, new databases) left by killed quizapp processes."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp*"):
        pid = leftover.name.split(".tmp")[0].rsplit(".", 1)[-1]
        if pid.isdigit() and not process_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def backup(path: Path, version: int) -> Path:
    """Copy the database to `<name>.v<version>.bak`, complete or not at all.

    Written under a hidden temporary name with SQLite's backup API (consistent while others
    use the file), synced, then renamed over any earlier backup of the same version: the
    newest copy of a version holds everything an older one did, so copies do not pile up.
    """
    remove_leftovers(path)
    target = path.with_name(f"{path.name}.v{version}.bak")
    temp = _temporary(path, f"v{version}.bak")
    try:
        src = sqlite3.connect(path, timeout=5)
        try:
            dst = sqlite3.connect(temp, isolation_level=None)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        replace_durably(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        temp.with_name(temp.name + "-journal").unlink(missing_ok=True)
        raise
    return target


def recover_hot_journal(path: Path) -> bool:
    """Roll back a transaction a killed process left in a `-journal`; True if one was there.

    A read-only connection cannot roll it back (SQLite says SQLITE_READONLY_ROLLBACK), so a
    read-write one reads the header once, which makes SQLite restore the file.
    """
    if not path.with_name(path.name + "-journal").exists():
        return False
    conn = sqlite3.connect(path, timeout=5)
    try:
        conn.execute("PRAGMA user_version").fetchone()
    finally:
        conn.close()
    return True


def create_in_place(path: Path, build: Callable[[sqlite3.Connection], None]) -> bool:
    """Build a new database under a temporary name, then link it to `path` atomically.

    `build(conn)` creates the schema. False when another process created `path` first
    (theirs is kept). A kill at any moment leaves no file, or a hidden temporary one, under
    `path`'s folder, never a half-made database under the real name.
    """
    remove_leftovers(path)
    temp = _temporary(path, "new")
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            build(conn)
        finally:
            conn.close()
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        return True
    finally:
        for leftover in (temp, wal_of(temp), shm_of(temp), temp.with_name(temp.name + "-journal")):
            leftover.unlink(missing_ok=True)
