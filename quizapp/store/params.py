"""FSRS parameters per pack, and the review log they are fitted to.

Rows of `fsrs_params` are only added: the newest row for a pack is in use, so undoing an
optimisation is deleting that row, and the one before it (or the defaults) is back. A pack
without rows of its own uses the newest row fitted to all packs together (pack_id '').
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from quizapp.store.records import from_ms, to_ms
from quizapp.store.repository import _guard

if TYPE_CHECKING:
    from quizapp.store.repository import Store

ALL_PACKS = ""
"""The pack id under which parameters fitted to every pack's reviews are kept."""

LogRow = tuple[int, int, int, int, int]
"""(review id, card id, reviewed ms, grade, kind): what the optimiser reads."""


@dataclass(frozen=True)
class SavedParameters:
    """One kept optimisation."""

    pack_id: str
    """The pack, or ALL_PACKS."""
    parameters: tuple[float, ...]
    fitted_at: datetime
    reviews: int
    report: dict[str, Any]


def _saved(row: Any) -> SavedParameters:
    fitted = from_ms(row["fitted_ms"])
    assert fitted is not None
    return SavedParameters(
        pack_id=row["pack_id"],
        parameters=tuple(float(p) for p in json.loads(row["parameters"])),
        fitted_at=fitted,
        reviews=int(row["reviews"]),
        report=json.loads(row["report"]),
    )


_NEWEST = (
    "SELECT f.* FROM fsrs_params f WHERE f.id = "
    "(SELECT max(id) FROM fsrs_params WHERE pack_id = f.pack_id)"
)


@_guard
def review_log(store: Store, pack_id: str | None) -> list[LogRow]:
    """Every answer of one pack (None: of all packs), per card in time order (the order they
    were given, even if a clock set back wrote one later with an earlier stamp)."""
    condition = "WHERE c.pack_id = :p " if pack_id is not None else ""
    with store.reading() as conn:
        cursor = conn.execute(
            "SELECT r.id, r.card_id, r.reviewed_ms, r.grade, r.kind FROM review r "
            f"JOIN card c ON c.id = r.card_id {condition}ORDER BY r.card_id, r.reviewed_ms, r.id",
            {"p": pack_id},
        )
        cursor.row_factory = None  # plain tuples: 100,000 rows, read by index
        return cursor.fetchall()


@_guard
def parameters_in_use(store: Store) -> dict[str, SavedParameters]:
    """The newest saved parameters of each pack (and of ALL_PACKS), by pack id."""
    with store.reading() as conn:
        rows = conn.execute(_NEWEST).fetchall()
    return {row["pack_id"]: _saved(row) for row in rows}


@_guard
def parameters_for(store: Store, pack_id: str) -> tuple[float, ...] | None:
    """The parameters a pack's answers are scheduled with: its own newest, else the newest
    fitted to all packs, else None (FSRS's defaults). One indexed read per answer."""
    with store.reading() as conn:
        row = conn.execute(
            "SELECT parameters FROM fsrs_params WHERE pack_id IN (:p, :all) "
            "ORDER BY pack_id = :all, id DESC LIMIT 1",
            {"p": pack_id, "all": ALL_PACKS},
        ).fetchone()
    return tuple(float(p) for p in json.loads(row["parameters"])) if row else None


@_guard
def save_parameters(
    store: Store,
    pack_id: str,
    parameters: tuple[float, ...],
    fitted_at: datetime,
    reviews: int,
    report: dict[str, Any],
) -> None:
    """Keep new parameters for a pack (or ALL_PACKS): in use from the next answer on."""
    with store.writing() as conn:
        conn.execute(
            "INSERT INTO fsrs_params (pack_id, parameters, fitted_ms, reviews, report) "
            "VALUES (:p, :w, :t, :n, :r)",
            {
                "p": pack_id,
                "w": json.dumps(list(parameters)),
                "t": to_ms(fitted_at),
                "n": reviews,
                "r": json.dumps(report, separators=(",", ":")),
            },
        )


@_guard
def undo_parameters(store: Store, pack_id: str) -> SavedParameters | None:
    """Delete the newest parameters of a pack (or ALL_PACKS); returns what was deleted, or
    None if there was nothing to undo."""
    with store.writing() as conn:
        row = conn.execute(
            "SELECT * FROM fsrs_params WHERE pack_id = :p ORDER BY id DESC LIMIT 1",
            {"p": pack_id},
        ).fetchone()
        if row is None:
            return None
        conn.execute("DELETE FROM fsrs_params WHERE id = :id", {"id": row["id"]})
    return _saved(row)


@_guard
def question_count(store: Store, pack_id: str | None) -> int:
    """Current (not archived) questions of a pack, or of all packs: the deck a workload
    simulation studies."""
    condition = " AND pack_id = :p" if pack_id is not None else ""
    with store.reading() as conn:
        row = conn.execute(
            f"SELECT count(*) FROM card WHERE archived = 0{condition}", {"p": pack_id}
        ).fetchone()
    return int(row[0])


@_guard
def review_count(store: Store, pack_id: str | None) -> int:
    """Answers in the log of one pack (None: of all packs), as `review_log` would return."""
    condition = " JOIN card c ON c.id = r.card_id WHERE c.pack_id = :p" if pack_id else ""
    with store.reading() as conn:
        row = conn.execute(f"SELECT count(*) FROM review r{condition}", {"p": pack_id}).fetchone()
    return int(row[0])
