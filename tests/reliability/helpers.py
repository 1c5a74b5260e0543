"""Shared by the crash and concurrency tests: a small pack, the answerer process, log checks."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ANSWERER = Path(__file__).with_name("answerer.py")
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def write_flashcards(root: Path, count: int, pack_id: str = "rel") -> Path:
    """A pack of `count` one-language flashcards (rewritten in place when count changes)."""
    folder = root / pack_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(
        f"id: {pack_id}\nversion: 1.0.0\ntitle: Reliability\ndescription: Test pack.\n"
        "languages: [en]\nlicense: CC0-1.0\nauthors: [Tests]\n",
        encoding="utf-8",
    )
    blocks = [
        f"---\nid: q{i:03d}\ntype: flashcard\n---\n[en]\nQuestion {i}?\n\n"
        f"[en.answer]\nAnswer {i}.\n\n[en.explanation]\nBecause {i}.\n"
        for i in range(count)
    ]
    (folder / "cards.md").write_text("\n".join(blocks), encoding="utf-8")
    return folder


def start_answerer(
    db: Path,
    pack: Path,
    name: str,
    start: datetime,
    count: int = 0,
    go: Path | None = None,
    stop: Path | None = None,
) -> subprocess.Popen[str]:
    """Launch answerer.py; its stdout lines are `ready`, `saved NAME SEQ KEY`..., `done`."""
    args = [sys.executable, str(ANSWERER), str(db), str(pack), name, start.isoformat(), str(count)]
    args += [str(go) if go else "", str(stop) if stop else ""]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def saved_lines(stdout: str) -> list[tuple[str, int, str]]:
    """(name, seq, key) of every answer the process reported as saved."""
    out = []
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "saved":
            out.append((parts[1], int(parts[2]), parts[3]))
    return out


def connect(db: Path) -> sqlite3.Connection:
    """A plain SQLite connection (no quizapp code between the test and the file)."""
    return sqlite3.connect(db, timeout=30)


def integrity(db: Path) -> str:
    """`PRAGMA integrity_check` of the file: "ok" when intact."""
    conn = connect(db)
    try:
        return "\n".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def logged_answers(db: Path) -> Counter[tuple[str, int, str]]:
    """(name, seq, key) of every review-log row, counted (so duplicates show)."""
    conn = connect(db)
    try:
        rows = conn.execute(
            "SELECT r.answer, c.pack_id || '/' || c.question_id FROM review r "
            "JOIN card c ON c.id = r.card_id"
        ).fetchall()
    finally:
        conn.close()
    found: Counter[tuple[str, int, str]] = Counter()
    for answer, key in rows:
        data = json.loads(answer)
        found[(data["by"], int(data["seq"]), key)] += 1
    return found


def cards_match_log(db: Path) -> list[tuple[str, int, int]]:
    """Cards whose `reps` differs from their number of logged answers (should be none)."""
    conn = connect(db)
    try:
        return conn.execute(
            "SELECT c.question_id, c.reps, (SELECT count(*) FROM review r WHERE r.card_id = c.id) "
            "AS n FROM card c WHERE c.reps != n"
        ).fetchall()
    finally:
        conn.close()


def after_last_review(db: Path) -> datetime:
    """A day after the latest logged answer: the next run's clock never goes backwards."""
    if not db.exists():
        return START
    conn = connect(db)
    try:
        (last,) = conn.execute("SELECT max(reviewed_ms) FROM review").fetchone()
    finally:
        conn.close()
    if last is None:
        return START
    return datetime.fromtimestamp(last / 1000, UTC) + timedelta(days=1)
