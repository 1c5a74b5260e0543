"""SQLModel sessions: the reads people look at go through them; the answer path never does."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import func, select

from quizapp.domain import CardKey, CardState, Grade
from quizapp.errors import StoreError
from quizapp.store.models import CardRow, ReviewRow
from quizapp.store.repository import Store

ROOT = Path(__file__).resolve().parents[2]


def test_a_session_reads_one_snapshot(store: Store, now: datetime) -> None:
    store.sync_pack("p", "P", [("q1", "h", [])], now)
    with store.session() as session:
        count = select(func.count()).select_from(CardRow)
        assert session.exec(count).one() == 1
        store.sync_pack("p", "P", [("q1", "h", []), ("q2", "h", [])], now)  # commits meanwhile
        assert session.exec(count).one() == 1
    with store.session() as session:
        assert session.exec(count).one() == 2


def test_a_database_error_in_a_session_is_a_store_error(store: Store, db_path: Path) -> None:
    with sqlite3.connect(db_path) as db:
        db.execute("DROP TABLE review")
    db.close()
    message = r"quizapp\.db: database error: .*no such table: review"
    with pytest.raises(StoreError, match=message), store.session() as session:
        session.exec(select(func.count()).select_from(ReviewRow)).one()


_ANSWER_PATH = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from quizapp.config import Settings
from quizapp.domain import CardState, Grade
from quizapp.store.repository import Store
now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
with Store.open(Path(sys.argv[1])) as store:
    store.sync_pack("p", "P", [("q1", "h", []), ("q2", "h", [])], now)
    card = store.pick(now, store.load_settings())
    assert card is not None
    review = store.record_review(card.key, Grade.GOOD, now, lambda before, _id: CardState(
        state="review", due=now, last_review=now, reps=1))
    store.undo(review.review_id)
print(json.dumps(sorted(sys.modules)))
"""


def test_the_answer_path_never_imports_sqlalchemy(db_path: Path) -> None:
    Store.open(db_path).close()  # an existing file: the usual start
    out = subprocess.run(
        [sys.executable, "-c", _ANSWER_PATH, str(db_path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    loaded = {name.split(".")[0] for name in json.loads(out)}
    assert "quizapp" in loaded and not loaded & {"sqlalchemy", "sqlmodel"}


def test_stats_open_a_session(store: Store, now: datetime) -> None:
    from quizapp.config import Settings
    from quizapp.store.counts import stats
    from quizapp.store.records import Scope

    store.sync_pack("p", "P", [("q1", "h", ["t"])], now)
    store.record_review(
        CardKey("p", "q1"), Grade.AGAIN, now, lambda before, _id: CardState("learning")
    )
    assert store._engine is None  # nothing has asked for a session yet
    data = stats(store, now, Settings(), Scope(("p",), "t"))
    assert store._engine is not None
    assert (data["new"], data["learning"], data["reviews_today"]) == (0, 1, 1)
