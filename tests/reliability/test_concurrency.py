"""Two terminals answering and an export reading, all on one database file at the same time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.helpers import (
    START,
    cards_match_log,
    integrity,
    logged_answers,
    saved_lines,
    start_answerer,
    write_flashcards,
)

EXPORTS = 3


def _export(db: Path, pack: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "quizapp",
            "export",
            "anki",
            "--pack",
            str(pack),
            "--with-progress",
            "--db",
            str(db),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_two_answering_and_one_exporting_at_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"  # does not exist yet: both sessions create it at once
    pack = write_flashcards(tmp_path / "packs", 12)
    go, stop = tmp_path / "go", tmp_path / "stop"
    answerers = [start_answerer(db, pack, name, START, go=go, stop=stop) for name in ("a", "b")]
    try:
        for proc in answerers:
            assert proc.stdout is not None and proc.stderr is not None
            assert proc.stdout.readline() == "ready\n", proc.stderr.read()
        go.touch()
        exports = []
        for n in range(EXPORTS):  # one after another, each while both sessions answer
            exports.append(_export(db, pack, tmp_path / f"out{n}.apkg"))
            assert all(p.poll() is None for p in answerers), "an answering session stopped early"
        stop.touch()
        results = []
        for proc in answerers:
            proc.wait(timeout=60)
            assert proc.stdout is not None and proc.stderr is not None
            results.append((proc.returncode, proc.stdout.read(), proc.stderr.read()))
    finally:
        stop.touch()
        for proc in answerers:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()

    for code, out, err in results:
        assert "locked" not in err.lower(), err
        assert code == 0, err
        assert out.rstrip().endswith("done"), out
    with_state = []
    for result in exports:
        assert "locked" not in result.stderr.lower(), result.stderr
        assert result.returncode == 0, result.stderr
        found = re.search(r"(\d+) card\(s\) with review state", result.stdout)
        assert found, result.stdout
        with_state.append(int(found.group(1)))
    assert with_state[-1] > 0, "the exports never saw an answered card"

    reported = [a for _, out, _ in results for a in saved_lines(out)]
    per_session = {name: sum(1 for a in reported if a[0] == name) for name in ("a", "b")}
    assert min(per_session.values()) >= 20, per_session
    assert integrity(db) == "ok"
    logged = logged_answers(db)
    assert sorted(logged) == sorted(reported), "the log differs from the answers reported saved"
    assert set(logged.values()) == {1}, "an answer was logged twice"
    assert not cards_match_log(db), "a card's state lost an answer another session made"
    print(
        f"\nconcurrency: {len(reported)} answers logged exactly once "
        f"({per_session['a']} + {per_session['b']}), {EXPORTS} exports alongside"
    )


_PREPARE_AT_ONCE = """
import sys, time
from pathlib import Path
from quizapp.store.migrations import prepare
start = float(sys.argv[2])
while time.time() < start:
    pass
prepare(Path(sys.argv[1]))
"""


@pytest.mark.slow
def test_first_runs_creating_one_database_at_once(tmp_path: Path) -> None:
    """Three first runs (no file yet) create the same database at the same instant.

    Before the WAL switch waited for its turn, about one race in ten failed with
    "database is locked": SQLite does not call the busy handler for a journal-mode change.
    """
    import sqlite3
    import time

    for run in range(15):
        db = tmp_path / f"race{run}.db"
        start = time.time() + 0.4  # past every process's start-up, so they collide
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _PREPARE_AT_ONCE, str(db), repr(start)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        errors = [p.communicate(timeout=60)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], errors
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
