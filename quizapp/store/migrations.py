"""Recognise, check, back up and migrate the database file before anything else touches it.

Our databases carry `PRAGMA application_id = APPLICATION_ID` and their schema version in
`PRAGMA user_version`. A file that is not SQLite, not ours, damaged, or from a newer quizapp
is refused with a StoreError and left byte-for-byte as it was. Before an existing database is
migrated, a copy is written beside it (`<name>.v<old>.bak`), made with SQLite's backup API so
it is consistent even while another process has the file open.

The schema is the SQLModel models' (`models.py`): a new file is created from them. The DDL
below is history: `MIGRATIONS[i]` is what took a file from version i to i + 1, kept frozen so
that old files are upgraded step by step (and can be rebuilt in tests); after the last one a
file has exactly the models' schema, which a test checks for every starting version.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from quizapp.errors import StoreError
from quizapp.i18n import _
from quizapp.store.db_messages import cause
from quizapp.store.db_messages import refuse as _refuse

APPLICATION_ID = 0x5155495A  # "QUIZ"
SQLITE_MAGIC = b"SQLite format 3\x00"


# v1: packs, cards (scheduling state) and the review log. Frozen: new files come from the models.
_V1 = """
        CREATE TABLE pack (
            id TEXT PRIMARY KEY NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            fingerprint TEXT NOT NULL DEFAULT '',
            synced_ms INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE card (
            id INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL REFERENCES pack(id),
            question_id TEXT NOT NULL,
            content_hash TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            archived BOOLEAN NOT NULL DEFAULT 0,
            state INTEGER NOT NULL DEFAULT 0,
            step INTEGER,
            stability FLOAT,
            difficulty FLOAT,
            due_ms INTEGER,
            last_review_ms INTEGER,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            suspended BOOLEAN NOT NULL DEFAULT 0,
            buried_until_ms INTEGER,
            leech BOOLEAN NOT NULL DEFAULT 0,
            added_ms INTEGER NOT NULL DEFAULT 0,
            edited_ms INTEGER,
            UNIQUE (pack_id, question_id)
        );
        CREATE INDEX ix_card_state_due ON card (state, due_ms);
        CREATE TABLE review (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES card(id),
            reviewed_ms INTEGER NOT NULL,
            grade INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            answer TEXT,
            score FLOAT,
            suggested INTEGER,
            content_hash TEXT NOT NULL DEFAULT '',
            before TEXT NOT NULL DEFAULT '{}',
            after TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX ix_review_card ON review (card_id, id);
        CREATE INDEX ix_review_time ON review (reviewed_ms);
"""

# v2: settings move into the database, so every terminal and an export see the same options.
_V2 = """
        CREATE TABLE setting (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        );
"""

# v3: FSRS parameters fitted to the review log, per pack ('' = every pack without its own).
# Rows are only added; the newest per pack is in use, and undo deletes it.
_V3 = """
        CREATE TABLE fsrs_params (
            id INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL DEFAULT '',
            parameters TEXT NOT NULL,
            fitted_ms INTEGER NOT NULL,
            reviews INTEGER NOT NULL DEFAULT 0,
            report TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX ix_fsrs_params_pack ON fsrs_params (pack_id, id);
"""

# v4: progress that moves between devices (docs/sync.md). Each review gets a random global id
# (made by SQLite for any row inserted without one, so the table is rebuilt: ALTER TABLE cannot
# add such a default) and the id of the device that made it (every existing one: this device,
# made here); flag and setting changes get a time, so the newest wins when devices merge.
_V4 = """
        CREATE TABLE device (
            id TEXT PRIMARY KEY NOT NULL,
            local BOOLEAN NOT NULL DEFAULT 0,
            merged_ms INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO device (id, local) VALUES (lower(hex(randomblob(16))), 1);
        ALTER TABLE card ADD COLUMN flags_ms INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE setting ADD COLUMN changed_ms INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE review_v4 (
            id INTEGER PRIMARY KEY,
            card_id INTEGER NOT NULL REFERENCES card(id),
            reviewed_ms INTEGER NOT NULL,
            grade INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            answer TEXT,
            score FLOAT,
            suggested INTEGER,
            content_hash TEXT NOT NULL DEFAULT '',
            before TEXT NOT NULL DEFAULT '{}',
            after TEXT NOT NULL DEFAULT '{}',
            uid TEXT NOT NULL DEFAULT (lower(hex(randomblob(16)))),
            device TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO review_v4 SELECT id, card_id, reviewed_ms, grade, kind, duration_ms, answer,
            score, suggested, content_hash, before, after, lower(hex(randomblob(16))),
            (SELECT id FROM device WHERE local = 1) FROM review;
        DROP TABLE review;
        ALTER TABLE review_v4 RENAME TO review;
        CREATE INDEX ix_review_card ON review (card_id, id);
        CREATE INDEX ix_review_time ON review (reviewed_ms);
        CREATE UNIQUE INDEX ix_review_uid ON review (uid);
"""

LOCAL_DEVICE = (
    "INSERT INTO device (id, local) SELECT lower(hex(randomblob(16))), 1 "
    "WHERE NOT EXISTS (SELECT 1 FROM device WHERE local = 1)"
)
"""Give a new database its device id (an upgraded one got it from _V4)."""


# interview reports (`quizapp interview`): one row per mock interview, the report as JSON.
_V_INTERVIEW = """
        CREATE TABLE interview (
            id INTEGER PRIMARY KEY,
            started_ms INTEGER NOT NULL,
            seconds_allowed INTEGER NOT NULL DEFAULT 0,
            seconds_used INTEGER NOT NULL DEFAULT 0,
            planned INTEGER NOT NULL DEFAULT 0,
            answered INTEGER NOT NULL DEFAULT 0,
            points FLOAT NOT NULL DEFAULT 0,
            scope TEXT NOT NULL DEFAULT '',
            report TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX ix_interview_time ON interview (started_ms);
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V_INTERVIEW]
"""MIGRATIONS[i] takes a file from version i to i + 1. Append only; never edit one. Statements
are separated by ';' and run inside one transaction with the version bump. A change to the
models needs one more here that makes an existing file match them (the schema test says so)."""
CURRENT_VERSION = len(MIGRATIONS)


def inspect(path: Path) -> tuple[int, bool]:
    """(schema version, is_new) of the file; StoreError if it is not a usable quizapp DB.

    Reads only, through a read-only SQLite connection. The raw header is read (to tell a
    non-SQLite file from a damaged database) only once SQLite has refused the file: closing
    a plain file handle on the database drops every SQLite lock this process holds on it,
    and another process closing its connection would then delete the WAL under this
    process's open connections (a second study session opening while the home screen's is
    open did exactly that, and its answers went to a deleted file until it quit).
    """
    if not path.exists():
        return 0, True
    if not path.is_file():
        raise _refuse(path, _("is not a file"))
    if path.stat().st_size == 0:
        # quizapp builds a new database under another name, so an empty file here is not
        # one of ours being made: most often a backup or copy that was cut short.
        raise _refuse(
            path,
            _(
                "is empty (0 bytes), not a quizapp database; if it is a copy or backup, it was "
                "cut short: use another; to start a new database, delete it"
            ),
        )
    try:
        return _read_header(path)
    except StoreError as exc:
        if not isinstance(exc.__cause__, sqlite3.DatabaseError):
            raise
        if getattr(exc.__cause__, "sqlite_errorname", "") != "SQLITE_READONLY_ROLLBACK":
            raise
    # A process killed mid-transaction (a first run creating the file, with an older
    # quizapp) left a hot journal, which a read-only connection cannot roll back.
    from quizapp.store.fileset import recover_hot_journal

    try:
        recover_hot_journal(path)
    except sqlite3.Error as exc:
        why = _("has an unfinished transaction that cannot be undone: {error}")
        raise _refuse(path, why.format(error=exc)) from exc
    if path.stat().st_size == 0:
        return 0, True  # the killed run had created nothing yet
    return _read_header(path)


def _read_header(path: Path) -> tuple[int, bool]:
    """inspect() for an existing, non-empty file."""
    try:
        uri = path.resolve().as_uri() + "?mode=ro"
        db = sqlite3.connect(uri, uri=True, timeout=5)
        try:
            # One read transaction, so the three come from one snapshot: read one by one, a
            # first run creating this file could commit in between, and a half-made file
            # (tables, no application id yet) would be refused as another application's.
            db.execute("BEGIN")
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            db.execute("COMMIT")
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
            raise _refuse(path, _("has an unfinished transaction")) from exc
        if cause(exc) is not None:  # a read-only folder or the like: the file is fine
            why = _("cannot be opened: {error} ({cause})").format(error=exc, cause=cause(exc))
            raise _refuse(path, why) from exc
        if not _has_sqlite_header(path):
            raise _refuse(path, _("is not a quizapp database (not an SQLite file)")) from exc
        raise _refuse(path, _("is damaged or not a database ({error})").format(error=exc)) from exc
    if app_id not in (0, APPLICATION_ID):
        raise _refuse(path, _("is an SQLite database of another application, not quizapp"))
    if app_id != APPLICATION_ID:
        if tables == 0 and version == 0:
            return 0, True  # an empty SQLite file: safe to initialise
        raise _refuse(path, _("is an SQLite database but not a quizapp database"))
    if version <= 0:
        raise _refuse(
            path,
            _(
                "is a quizapp database whose schema version was changed to {version} outside "
                "quizapp; restore a backup (<name>.v<N>.bak) or set PRAGMA user_version back"
            ).format(version=version),
        )
    if version > CURRENT_VERSION:
        raise _refuse(
            path,
            _(
                "was written by a newer quizapp (schema {version}; this version knows "
                "{current}); upgrade quizapp"
            ).format(version=version, current=CURRENT_VERSION),
        )
    return version, False


def _has_sqlite_header(path: Path) -> bool:
    """Whether the file starts like an SQLite database (only for a file SQLite refused)."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StoreError(
            _("{path}: cannot read the database: {error}").format(
                path=path, error=exc.strerror or exc
            )
        ) from exc
    return len(header) == 100 and header.startswith(SQLITE_MAGIC)


def backup(path: Path, version: int) -> Path:
    """Copy the database to `<name>.v<version>.bak` (complete or not at all; see fileset)."""
    from quizapp.store.fileset import backup as write_backup

    return write_backup(path, version)


def _use_wal(db: sqlite3.Connection, wait_s: float = 10.0) -> None:
    """Switch the file to WAL, waiting for other processes doing the same.

    SQLite answers a journal-mode change with SQLITE_BUSY at once, without the busy handler,
    while another connection holds a lock: two first runs creating one file hit that.
    """
    deadline = time.monotonic() + wait_s
    pause = 0.005
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
            if not busy or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _create_statements() -> list[str]:
    """The models' DDL (imports SQLModel: paid once, when the file is created)."""
    from quizapp.store.models import schema_statements

    return schema_statements()


def prepare(path: Path) -> Path | None:
    """Make `path` a current quizapp database (create or migrate); returns the backup if any."""
    from quizapp.store.fileset import check_wal, create_in_place

    check_wal(path)
    version, is_new = inspect(path)
    made_backup: Path | None = None
    if not is_new and version == CURRENT_VERSION:
        return None
    # Compiled before taking the write lock, so concurrent first runs do not wait on the import.
    create = _create_statements() if version == 0 else None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if (
            is_new
            and not path.exists()
            and create_in_place(path, lambda conn: _migrate(conn, create))
        ):
            return None
        if not is_new:
            made_backup = backup(path, version)
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            _migrate(db, create)
        finally:
            db.close()
    except sqlite3.Error as exc:
        why = f" ({cause(exc)})" if cause(exc) else ""
        message = _("{path}: cannot create or migrate the database: {error}")
        raise StoreError(message.format(path=path, error=exc) + why) from exc
    except OSError as exc:
        message = _("{path}: cannot write the database: {error}")
        raise StoreError(message.format(path=path, error=exc.strerror or exc)) from exc
    return made_backup


def _migrate(db: sqlite3.Connection, create: list[str] | None) -> None:
    """Bring the open file to CURRENT_VERSION in WAL mode, in one transaction."""
    _use_wal(db)
    db.execute("BEGIN IMMEDIATE")
    try:
        # Re-read under the write lock: another process may have migrated meanwhile.
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > CURRENT_VERSION:
            raise StoreError(
                _("the database was migrated by a newer quizapp (schema {version})").format(
                    version=version
                )
            )
        if version == 0:  # a new file: the models' schema, current from the start
            for statement in create or _create_statements():
                db.execute(statement)
            db.execute(LOCAL_DEVICE)
            db.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
        else:  # an older file: each step it missed, in order
            for step in range(version, CURRENT_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {step + 1}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
