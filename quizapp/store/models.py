"""SQLModel tables: THE schema. A new database is created from `SQLModel.metadata` (see
`schema_statements`), and every migration must bring an older file to exactly this; a test
compares the two through SQLite's own description (columns, types, NOT NULL, defaults, keys,
unique constraints, indexes).

Columns are declared the way the first quizapp wrote them, so files made before the models
became the schema already match: strings are TEXT (SQLModel's default is VARCHAR), every
default is also a server default (rows inserted with plain SQL get it), and an integer `id` is
`INTEGER PRIMARY KEY` without NOT NULL (it is SQLite's rowid, which is never NULL anyway).

Times are integer milliseconds since the Unix epoch, UTC: compact, fast to index and
unambiguous across time zones. States are integers: 0 new, 1 learning, 2 review, 3 relearning.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

RANDOM_UID = "lower(hex(randomblob(16)))"
"""SQL for a new random id of 32 hex digits (reviews and devices)."""


def _default(value: str | int | bool) -> Any:
    """A column with this default both in Python and in the table's DDL."""
    if isinstance(value, str):
        return Field(default=value, sa_type=Text, sa_column_kwargs={"server_default": value})
    return Field(default=value, sa_column_kwargs={"server_default": text(str(int(value)))})


def _text(**kwargs: Any) -> Any:
    """A TEXT column (NOT NULL unless the annotation allows None)."""
    return Field(sa_type=Text, **kwargs)


def _row_id() -> Any:
    """`id INTEGER PRIMARY KEY`: the rowid, assigned by SQLite on insert."""
    return Field(default=None, primary_key=True, nullable=True)


class PackRow(SQLModel, table=True):
    """A pack that has been synced at least once."""

    __tablename__ = "pack"

    id: str = _text(primary_key=True)
    """The pack id from pack.yaml."""
    title: str = _default("")
    """Title in the pack's default language, for listings made without loading packs."""
    fingerprint: str = _default("")
    """Hash of every question key and content hash: equal means the sync can be skipped."""
    synced_ms: int = _default(0)
    """When the pack was last synced."""


class CardRow(SQLModel, table=True):
    """One question's scheduling state; identity is (pack_id, question_id), never the text."""

    __tablename__ = "card"
    __table_args__ = (
        UniqueConstraint("pack_id", "question_id"),
        Index("ix_card_state_due", "state", "due_ms"),
    )

    id: int | None = _row_id()
    """Row id, also used as the fsrs card_id."""
    pack_id: str = _text(foreign_key="pack.id")
    question_id: str = _text()
    content_hash: str = _default("")
    """Hash of the question as last synced; a change means it was edited (state is kept)."""
    tags: str = _default("")
    """The question's tags, space-separated with a space at each end, for LIKE filtering."""
    archived: bool = _default(False)
    """Removed from its pack: kept with its history, never scheduled."""
    state: int = _default(0)
    """0 new, 1 learning, 2 review, 3 relearning."""
    step: int | None = None
    """Learning or relearning step index."""
    stability: float | None = None
    difficulty: float | None = None
    due_ms: int | None = None
    """When it is next due; NULL for a new question."""
    last_review_ms: int | None = None
    reps: int = _default(0)
    lapses: int = _default(0)
    suspended: bool = _default(False)
    """Never shown until unsuspended (set by the user or by leech detection)."""
    buried_until_ms: int | None = None
    """Hidden until this time (the start of the next study day)."""
    leech: bool = _default(False)
    """Lapsed `leech_threshold` times; counts as the tag "leech"."""
    added_ms: int = _default(0)
    edited_ms: int | None = None
    """When the content hash last changed."""
    flags_ms: int = _default(0)
    """When `suspended`, `buried_until_ms` or `leech` last changed (0: never): the newest
    change wins when progress from another device is merged (docs/sync.md)."""


class ReviewRow(SQLModel, table=True):
    """One answer: never updated, only deleted by undo."""

    __tablename__ = "review"
    __table_args__ = (
        Index("ix_review_card", "card_id", "id"),
        Index("ix_review_time", "reviewed_ms"),
        Index("ix_review_uid", "uid", unique=True),
    )

    id: int | None = _row_id()
    card_id: int = Field(foreign_key="card.id")
    reviewed_ms: int
    grade: int
    """1 Again, 2 Hard, 3 Good, 4 Easy."""
    kind: int
    """The card's state before the answer (0 new ... 3 relearning): drives daily limits."""
    duration_ms: int = _default(0)
    answer: str | None = _text(default=None)
    """JSON of the answer given, for auto-graded types."""
    score: float | None = None
    """Auto-graded score 0..1, if any."""
    suggested: int | None = None
    """The grade the app suggested, if any (the user may have overridden it)."""
    content_hash: str = _default("")
    """Which version of the question was answered."""
    before: str = _default("{}")
    """JSON of the scheduling state before (what undo restores)."""
    after: str = _default("{}")
    """JSON of the scheduling state after."""
    uid: str = Field(
        default_factory=lambda: secrets.token_hex(16),
        sa_type=Text,
        sa_column_kwargs={"server_default": text(f"({RANDOM_UID})")},
    )
    """Globally unique id (32 random hex digits, made by SQLite when a row is inserted without
    one): the same answer on every device it reaches, so a merge skips the ones it has."""
    device: str = _default("")
    """The id of the device that made the answer (`DeviceRow`); '' (a row written by a tool
    that did not say) counts as this database's own device."""


class SettingRow(SQLModel, table=True):
    """One settings key with a JSON value (see quizapp.config.Settings)."""

    __tablename__ = "setting"

    key: str = _text(primary_key=True)
    value: str = _text()
    changed_ms: int = _default(0)
    """When the value last changed (0: before quizapp kept this): the newest change wins in a
    merge."""


class DeviceRow(SQLModel, table=True):
    """This device (`local`) and every device whose progress was merged in."""

    __tablename__ = "device"

    id: str = _text(primary_key=True)
    """32 random hex digits, made when the database was created (or first migrated)."""
    local: bool = _default(False)
    """True for exactly one row: the device this database lives on."""
    merged_ms: int = _default(0)
    """When the file of this device's progress merged last was written (0: none yet), so a
    sync can pass over a file it has merged already."""


class FsrsParamsRow(SQLModel, table=True):
    """FSRS parameters fitted to the review log by `quizapp optimize`: only ever added, the
    newest row of a pack is the one in use, and `--undo` deletes it."""

    __tablename__ = "fsrs_params"
    __table_args__ = (Index("ix_fsrs_params_pack", "pack_id", "id"),)

    id: int | None = _row_id()
    pack_id: str = _default("")
    """The pack they were fitted to; '' for all packs together (used by packs without their own)."""
    parameters: str = _text()
    """JSON list of FSRS's 21 weights."""
    fitted_ms: int
    reviews: int = _default(0)
    """Reviews in the log they were fitted to."""
    report: str = _default("{}")
    """JSON of the held-out check that kept them (log loss and RMSE, before and after)."""


class InterviewRow(SQLModel, table=True):
    """A mock interview's report (`quizapp interview`): its scores kept in columns for the
    listing over time, the whole report (per tag, per type, every question) as JSON."""

    __tablename__ = "interview"
    __table_args__ = (Index("ix_interview_time", "started_ms"),)

    id: int | None = _row_id()
    started_ms: int
    seconds_allowed: int = _default(0)
    seconds_used: int = _default(0)
    planned: int = _default(0)
    answered: int = _default(0)
    points: float = Field(default=0.0, sa_column_kwargs={"server_default": text("0")})
    """Sum of the answers' scores (0 to 1 each); unanswered questions count 0."""
    scope: str = _default("")
    """The packs and tag it was drawn from, as typed (`tcp-handshake #states`)."""
    report: str = _default("{}")


def schema_statements() -> list[str]:
    """The DDL that creates the whole schema in an empty file: every table, then its indexes."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    statements: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)))
        indexes = sorted(table.indexes, key=lambda index: index.name or "")
        statements += [str(CreateIndex(index).compile(dialect=dialect)) for index in indexes]
    return statements
