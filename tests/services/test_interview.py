"""Mock interviews below the UI: the draw across topics and types, durations, the saved
reports as `quizapp interview --history` lists them."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.domain import Outcome
from quizapp.errors import QuizappError
from quizapp.services.catalog import load_packs
from quizapp.services.interview import Interview, draw, parse_duration, save_report
from tests.cli_helpers import run

REPO = Path(__file__).resolve().parent.parent.parent
TCP = REPO / "content" / "tcp-handshake"
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_durations() -> None:
    assert parse_duration("20m") == timedelta(minutes=20)
    assert parse_duration("90s") == timedelta(seconds=90)
    assert parse_duration("1h30m") == timedelta(minutes=90)
    assert parse_duration("15") == timedelta(minutes=15)
    for bad in ("", "soon", "0m", "20 minutes"):
        with pytest.raises(QuizappError):
            parse_duration(bad)


def test_the_set_spreads_over_topics_and_types() -> None:
    """15 of the TCP pack's questions cover as many (topic, type) groups as 15 can: no group
    twice while another is left out."""
    (pack,) = load_packs([], [str(TCP)])
    groups = {(q.topic, q.type) for q in pack.questions}
    chosen = draw(pack.questions, 15, random.Random(1))
    seen = [(q.topic, q.type) for q in chosen]
    assert len(chosen) == 15 and len(set(q.key for q in chosen)) == 15
    assert len(set(seen)) == min(15, len(groups))
    assert len({q.type for q in chosen}) == len({q.type for q in pack.questions})


def test_history_lists_saved_reports(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (pack,) = load_packs([], [str(TCP)])
    now = [NOW]
    interview = Interview.pick(
        [pack],
        count=3,
        allowed=timedelta(minutes=5),
        rng=random.Random(2),
        clock=lambda: now[0],
    )
    first = interview.next_question()
    assert first is not None
    now[0] += timedelta(seconds=40)
    interview.record(first, Outcome(score=0.5))
    now[0] += timedelta(seconds=60)
    report = interview.report()
    assert report.points == 0.5 and report.items[0].seconds == 40.0
    save_report(db_path, report)
    code, out, _ = run(["interview", "--history", "--json", "--db", str(db_path)], capsys)
    assert code == 0
    (row,) = json.loads(out)
    assert (row["planned"], row["answered"], row["points"], row["percent"]) == (3, 1, 0.5, 17)
    assert row["scope"] == "tcp-handshake" and row["seconds_used"] == 100
    code, out, _ = run(["interview", "--history", "--db", str(db_path), "--lang", "zh-CN"], capsys)
    assert "0.5/3（17%）" in out and "答了 1/3 题" in out


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "quiz.db"
