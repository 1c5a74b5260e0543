"""Two devices studying one pack at fake times, and snapshots of what their databases hold."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.config import Settings
from quizapp.domain import Grade
from quizapp.domain.pack import Pack
from quizapp.services.study import StudySession
from quizapp.store.repository import Store
from tests.services.study_helpers import START, Clock

SETTINGS = Settings(timezone="UTC")
"""Fuzz on, so replayed intervals depend on the seed as live ones do."""


def new_device(
    db: Path, pack: Pack, saved: datetime = START, settings: Settings = SETTINGS
) -> None:
    """A database with the pack synced and the settings saved (both devices use the same)."""
    with Store.open(db) as store:
        store.save_settings(settings, now=saved)
    StudySession.open(db, [pack], clock=lambda: saved).close()


def study(db: Path, pack: Pack, at: datetime, answers: list[tuple[str, Grade]]) -> None:
    """Answer these questions (by id) in order, a minute apart from `at`."""
    clock = Clock(at)
    session = StudySession.open(db, [pack], clock=clock)
    try:
        for question_id, grade in answers:
            session.answer(f"{pack.id}/{question_id}", grade)
            clock.advance(minutes=2)
    finally:
        session.close()


def snapshot(db: Path) -> dict[str, Any]:
    """Card states and flags by key, and the review log by global id: what must converge."""
    conn = sqlite3.connect(db)
    try:
        cards = {
            f"{r[0]}/{r[1]}": r[2:]
            for r in conn.execute(
                "SELECT pack_id, question_id, state, step, stability, difficulty, due_ms, "
                "last_review_ms, reps, lapses, suspended, leech, buried_until_ms, flags_ms, "
                "archived FROM card"
            )
        }
        log = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT r.uid, r.device, c.pack_id || '/' || c.question_id, r.reviewed_ms, "
                "r.grade, r.kind, r.duration_ms, r.answer, r.score, r.content_hash, r.before, "
                "r.after FROM review r JOIN card c ON c.id = r.card_id"
            )
        }
        settings = dict(conn.execute("SELECT key, value FROM setting"))
    finally:
        conn.close()
    return {"cards": cards, "log": log, "settings": settings}


def later(days: float = 0, **kwargs: float) -> datetime:
    return START + timedelta(days=days, **kwargs)
