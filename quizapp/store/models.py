"""SQLModel tables: the schema the latest migration produces (a test keeps them in step).

Times are integer milliseconds since the Unix epoch, UTC: compact, fast to index and
unambiguous across time zones. States are integers: 0 new, 1 learning, 2 review, 3 relearning.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class PackRow(SQLModel, table=True):
    """A pack that has been synced at least once."""

    __tablename__ = "pack"

    id: str = Field(primary_key=True)
    """The pack id from pack.yaml."""
    title: str = ""
    """Title in the pack's default language, for listings made without loading packs."""
    fingerprint: str = ""
    """Hash of every question key and content hash: equal means the sync can be skipped."""
    synced_ms: int = 0
    """When the pack was last synced."""


class CardRow(SQLModel, table=True):
    """One question's scheduling state; identity is (pack_id, question_id), never the text."""

    __tablename__ = "card"

    id: int | None = Field(default=None, primary_key=True)
    """Row id, also used as the fsrs card_id."""
    pack_id: str = Field(foreign_key="pack.id")
    question_id: str
    content_hash: str = ""
    """Hash of the question as last synced; a change means it was edited (state is kept)."""
    tags: str = ""
    """The question's tags, space-separated with a space at each end, for LIKE filtering."""
    archived: bool = False
    """Removed from its pack: kept with its history, never scheduled."""
    state: int = 0
    """0 new, 1 learning, 2 review, 3 relearning."""
    step: int | None = None
    """Learning or relearning step index."""
    stability: float | None = None
    difficulty: float | None = None
    due_ms: int | None = None
    """When it is next due; NULL for a new question."""
    last_review_ms: int | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    """Never shown until unsuspended (set by the user or by leech detection)."""
    buried_until_ms: int | None = None
    """Hidden until this time (the start of the next study day)."""
    leech: bool = False
    """Lapsed `leech_threshold` times; counts as the tag "leech"."""
    added_ms: int = 0
    edited_ms: int | None = None
    """When the content hash last changed."""


class ReviewRow(SQLModel, table=True):
    """One answer: never updated, only deleted by undo."""

    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id")
    reviewed_ms: int
    grade: int
    """1 Again, 2 Hard, 3 Good, 4 Easy."""
    kind: int
    """The card's state before the answer (0 new ... 3 relearning): drives daily limits."""
    duration_ms: int = 0
    answer: str | None = None
    """JSON of the answer given, for auto-graded types."""
    score: float | None = None
    """Auto-graded score 0..1, if any."""
    suggested: int | None = None
    """The grade the app suggested, if any (the user may have overridden it)."""
    content_hash: str = ""
    """Which version of the question was answered."""
    before: str = "{}"
    """JSON of the scheduling state before (what undo restores)."""
    after: str = "{}"
    """JSON of the scheduling state after."""


class SettingRow(SQLModel, table=True):
    """One settings key with a JSON value (see quizapp.config.Settings)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


class FsrsParamsRow(SQLModel, table=True):
    """FSRS parameters fitted to the review log by `quizapp optimize`: only ever added, the
    newest row of a pack is the one in use, and `--undo` deletes it."""

    __tablename__ = "fsrs_params"

    id: int | None = Field(default=None, primary_key=True)
    pack_id: str = ""
    """The pack they were fitted to; '' for all packs together (used by packs without their own)."""
    parameters: str
    """JSON list of FSRS's 21 weights."""
    fitted_ms: int
    reviews: int = 0
    """Reviews in the log they were fitted to."""
    report: str = "{}"
    """JSON of the held-out check that kept them (log loss and RMSE, before and after)."""
