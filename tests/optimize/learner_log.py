"""A simulated learner's review log, written into a real quizapp database file.

The learner forgets much faster than FSRS's defaults assume (small initial stabilities, slow
growth, a steep curve), so a fit to its reviews must predict held-out reviews better than the
defaults do, and about as well as its true parameters.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from quizapp.scheduler import default_parameters
from quizapp.scheduler.learner import simulate_learner
from quizapp.store.repository import Store

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
"""First study session (09:00 UTC; the tests' settings put the day boundary at 04:00 UTC)."""


def forgetful_parameters() -> tuple[float, ...]:
    """A learner unlike the defaults: FSRS weights w0-w3, w8, w11 and w20 changed."""
    w = list(default_parameters())
    w[0:4] = [0.05, 0.2, 0.6, 2.5]
    w[8], w[11], w[20] = 1.2, 1.0, 0.5
    return tuple(w)


def write_learner_log(
    db_path: Path,
    pack_id: str,
    *,
    questions: int = 200,
    days: int = 90,
    seed: int = 1,
) -> int:
    """Add a pack of `questions` cards and the learner's reviews of them; returns the count.

    Rows are inserted with plain SQL in the columns the store writes (card state is left as
    new: the optimiser reads only the log)."""
    log = simulate_learner(
        forgetful_parameters(),
        questions=questions,
        days=days,
        new_per_day=10,
        start=START,
        seed=seed,
    )
    Store.open(db_path).close()  # create (or migrate) the file the way the app does
    db = sqlite3.connect(db_path)
    try:
        db.execute("INSERT INTO pack (id, title) VALUES (?, ?)", (pack_id, pack_id))
        ids = {}
        for index in range(questions):
            cursor = db.execute(
                "INSERT INTO card (pack_id, question_id) VALUES (?, ?)", (pack_id, f"q{index}")
            )
            ids[index] = cursor.lastrowid
        db.executemany(
            "INSERT INTO review (card_id, reviewed_ms, grade, kind) VALUES (?, ?, ?, ?)",
            [(ids[r.card], r.reviewed_ms, int(r.grade), r.kind) for r in log],
        )
        db.commit()
    finally:
        db.close()
    return len(log)


def utc_settings(db_path: Path) -> None:
    """Study days in UTC from 04:00, so the tests do not depend on the machine's zone."""
    db = sqlite3.connect(db_path)
    with db:
        db.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('timezone', '\"UTC\"')")
    db.close()
