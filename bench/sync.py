"""Merge speed: `quizapp progress import` of a second device's 1,000,000 reviews into a
database that holds 1,000,000, against the plain way of doing the same.

Data (generated, not timed): 100,000 questions of one pack. This device answered questions
0-59,999 and the other device questions 40,000-99,999, N reviews each side (about 17 per
question), at interleaved times over a year: the 20,000 questions both studied have logs that
must be merged and replayed, the 40,000 only the other studied arrive whole. Each side's states form
a consistent chain (each review's "before" is the previous one's "after").

Timed, each in a fresh child process, from the same database copy and the same file:
- baseline: read the file's lines with `json.loads`, `INSERT OR IGNORE` the reviews with
  sqlite3 (card ids looked up in a dict), then replay every affected question's merged log
  in time order with the `fsrs` package (`Scheduler.review_card`) and write its state;
- ours: `import_progress` (what `quizapp progress import` runs): file checks, the one
  transaction, the sender's state for the questions it alone answered, the replay of the rest.
Times are the child's CPU time (user + system): on a shared machine wall time mostly measures
the other processes. Peak memory is the child's maximum resident set (the data is made in a
child of its own, so no side inherits its peak). Ends with one JSON
line. Target: ratio <= 1.0.

Both sides read and insert the same rows and replay the 20% of the questions both devices
answered (all but the first answer of each scheduled again: the two chains start on the same
day, so after it no recorded state is the merged one). The baseline also replays the 40% only
the other device answered, which a merge takes as the sender left them. So ours schedules half
as many answers, each by Anki's rules (study days, seeded ChaCha fuzz, Hard < Good < Easy) with
its log row rewritten and the leech rule, where fsrs's review_card does one rating with
random fuzz.

`--reviews N` runs with N reviews per device (default 1,000,000) when the full size takes too
long; the JSON line says which N ran. `--data DIR` keeps the generated data in DIR and reuses
it when it is there (made for the same N), so repeated runs skip making it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REVIEWS_PER_QUESTION = 10
"""Questions = reviews per device / 10: 100,000 at the full size; this device answered the
first 60% of them, the other device the last 60% (a fifth overlaps)."""
START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_MS = 365 * 86_400_000
NOW = START + timedelta(days=400)
THEIR_DEVICE = "b" * 32


def _chain(
    cards: range, reviews: int, offset_ms: int, device: str, salt: str
) -> list[tuple[Any, ...]]:
    """`reviews` reviews spread over the cards, each card's states chained, time ordered."""
    per_card, extra = divmod(reviews, len(cards))
    rows: list[tuple[Any, ...]] = []
    for index, card in enumerate(cards):
        count = per_card + (1 if index < extra else 0)
        step = YEAR_MS // max(count, 1)
        before = '{"state":0,"step":null,"stability":null,"difficulty":null,"due_ms":null,'
        before += '"last_review_ms":null,"reps":0,"lapses":0,"suspended":false,"leech":false,'
        before += '"buried_until_ms":null}'
        for n in range(count):
            at = int(START.timestamp() * 1000) + offset_ms + n * step + card
            grade = 1 if (card + n) % 7 == 0 else 3
            stability = 1.0 + n * 2.5
            after = (
                f'{{"state":2,"step":null,"stability":{stability},"difficulty":5.0,'
                f'"due_ms":{at + step},"last_review_ms":{at},"reps":{n + 1},"lapses":0,'
                '"suspended":false,"leech":false,"buried_until_ms":null}'
            )
            uid = f"{salt}{card:07d}{n:06d}".ljust(32, "0")
            rows.append(
                (
                    uid,
                    device,
                    "p",
                    f"q{card:06d}",
                    at,
                    grade,
                    2 if n else 0,
                    0,
                    None,
                    None,
                    None,
                    "",
                    before,
                    after,
                )
            )
            before = after
    rows.sort(key=lambda row: row[4])
    return rows


def _last_states(rows: list[tuple[Any, ...]]) -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for row in rows:
        previous = out.get(row[3], ("", 0))
        out[row[3]] = (row[13], previous[1] + 1)
    return out


def _questions(reviews: int) -> tuple[int, range, range]:
    """(questions, answered here, answered there) for `reviews` reviews per device."""
    total = max(reviews // REVIEWS_PER_QUESTION, 10)
    return total, range(0, total * 6 // 10), range(total * 4 // 10, total)


def make_database(path: Path, reviews: int) -> None:
    """This device's database: the schema from quizapp, the cards, `reviews` reviews."""
    from quizapp.store.repository import Store

    Store.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    device = conn.execute("SELECT id FROM device WHERE local = 1").fetchone()[0]
    questions, mine, _ = _questions(reviews)
    rows = _chain(mine, reviews, 0, device, "a")
    last = _last_states(rows)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO pack (id, title) VALUES ('p', 'P')")
    conn.executemany(
        "INSERT INTO card (id, pack_id, question_id) VALUES (?, 'p', ?)",
        [(n + 1, f"q{n:06d}") for n in range(questions)],
    )
    conn.executemany(
        "INSERT INTO review (uid, device, card_id, reviewed_ms, grade, kind, duration_ms, "
        "answer, score, suggested, content_hash, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(r[0], r[1], int(r[3][1:]) + 1, *r[4:]) for r in rows],
    )
    updates = []
    for key, (after, _) in last.items():
        state = json.loads(after)
        updates.append(
            (
                state["state"],
                state["stability"],
                state["difficulty"],
                state["due_ms"],
                state["last_review_ms"],
                state["reps"],
                int(key[1:]) + 1,
            )
        )
    conn.executemany(
        "UPDATE card SET state = ?, stability = ?, difficulty = ?, due_ms = ?, "
        "last_review_ms = ?, reps = ? WHERE id = ?",
        updates,
    )
    conn.execute("COMMIT")
    conn.close()


def make_file(path: Path, reviews: int) -> None:
    """The other device's progress file (its reviews and the state of each card)."""
    from quizapp.services.progress_file import Header, write_progress

    rows = _chain(_questions(reviews)[2], reviews, 43_200_000, THEIR_DEVICE, "b")
    cards = []
    for key, (after, count) in sorted(_last_states(rows).items()):
        s = json.loads(after)
        cards.append(
            (
                "p",
                key,
                s["state"],
                s["step"],
                s["stability"],
                s["difficulty"],
                s["due_ms"],
                s["last_review_ms"],
                s["reps"],
                s["lapses"],
                False,
                False,
                None,
                0,
                count,
            )
        )
    write_progress(path, Header(THEIR_DEVICE, 1), [("review", rows), ("card", cards)])


def ours(db: Path, file: Path) -> None:
    from quizapp.services.progress import import_progress

    done = import_progress(db, file, NOW)
    print(
        json.dumps(
            {
                "added": done.result.added,
                "replayed": done.result.replayed,
                "adopted": done.result.adopted,
            }
        ),
        file=sys.stderr,
    )


def baseline(db: Path, file: Path) -> None:
    """The plain way: parse, INSERT OR IGNORE, replay the affected cards with fsrs."""
    import fsrs

    conn = sqlite3.connect(db, isolation_level=None)
    ids = {q: i for i, q in conn.execute("SELECT id, question_id FROM card")}
    rows = []
    with file.open("rb") as fh:
        fh.readline()
        for line in fh:
            record = json.loads(line)
            if record["type"] == "review":
                rows.append(
                    (
                        record["uid"],
                        record["device"],
                        ids[record["question_id"]],
                        record["reviewed_ms"],
                        record["grade"],
                        record["kind"],
                        json.dumps(record["before"]),
                        json.dumps(record["after"]),
                    )
                )
    conn.execute("BEGIN")
    before = conn.total_changes
    conn.executemany(
        "INSERT OR IGNORE INTO review (uid, device, card_id, reviewed_ms, grade, kind, before, "
        "after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    added = conn.total_changes - before
    affected = sorted({row[2] for row in rows})
    del rows
    scheduler = fsrs.Scheduler()
    cursor = conn.execute(
        "SELECT card_id, reviewed_ms, grade FROM review WHERE card_id IN "
        "(SELECT value FROM json_each(?)) ORDER BY card_id, reviewed_ms, uid",
        (json.dumps(affected),),
    )
    states = []
    card = fsrs.Card()
    current = None
    for card_id, at_ms, grade in cursor:
        if card_id != current:
            if current is not None:
                states.append((card.stability, card.difficulty, card.due, current))
            current, card = card_id, fsrs.Card(card_id=card_id)
        when = datetime.fromtimestamp(at_ms / 1000, UTC)
        card, _ = scheduler.review_card(card, fsrs.Rating(grade), when)
    if current is not None:
        states.append((card.stability, card.difficulty, card.due, current))
    conn.executemany(
        "UPDATE card SET stability = ?, difficulty = ?, due_ms = ? WHERE id = ?",
        [(s, d, int(due.timestamp() * 1000), i) for s, d, due, i in states],
    )
    conn.execute("COMMIT")
    conn.close()
    print(json.dumps({"added": added, "replayed": len(states)}), file=sys.stderr)


def _child(side: str, db: Path, file: Path) -> dict[str, Any]:
    """Run one side in a fresh process: its CPU seconds, wall seconds and peak RSS."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--side", side, str(db), str(file)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{side} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    result["info"] = done.stderr.strip().splitlines()[-1]
    return result


def _measure(side: str, db: Path, file: Path) -> None:
    """In the child: run one side, print CPU time and peak memory."""
    start = time.process_time()
    (ours if side == "ours" else baseline)(db, file)
    cpu = time.process_time() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"cpu": cpu, "peak_mib": peak_kib / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1_000_000, help="reviews per device")
    parser.add_argument("--side", nargs=3, metavar=("SIDE", "DB", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--make", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--data", metavar="DIR", help="keep the generated data here and reuse it")
    args = parser.parse_args()
    if args.side:
        side, db, file = args.side
        _measure(side if isinstance(side, str) else "", Path(db), Path(file))
        return
    if args.make:
        make_database(Path(args.make) / "mine.db", args.reviews)
        make_file(Path(args.make) / "theirs.jsonl", args.reviews)
        return
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-sync-") as tmp:
        data = Path(args.data) / str(args.reviews) if args.data else Path(tmp)
        folder = Path(tmp)
        started = time.perf_counter()
        if not (data / "theirs.jsonl").is_file():
            # In a child too: Linux keeps a process's peak memory across exec, so a parent
            # grown by the data would pass its peak on to the timed children.
            data.mkdir(parents=True, exist_ok=True)
            made_in = str(data)
            command = [sys.executable, __file__, "--reviews", str(args.reviews), "--make", made_in]
            subprocess.run(command, check=True)
        made = time.perf_counter() - started
        size_mib = (data / "theirs.jsonl").stat().st_size / 2**20
        print(
            f"data: {args.reviews:,} reviews each side in {made:.0f} s (file {size_mib:.0f} MiB)",
            flush=True,
        )
        results = {}
        for side in ("baseline", "ours"):
            db = folder / f"{side}.db"
            shutil.copyfile(data / "mine.db", db)
            results[side] = _child(side, db, data / "theirs.jsonl")
            print(
                f"{side}: {results[side]['cpu']:.1f} s CPU ({results[side]['wall']:.1f} s wall),"
                f" peak {results[side]['peak_mib']:.0f} MiB; {results[side]['info']}",
                flush=True,
            )
            os.unlink(db)
    ratio = results["ours"]["cpu"] / results["baseline"]["cpu"]
    print(
        json.dumps(
            {
                "bench": "sync",
                "reviews": args.reviews,
                "ours": round(results["ours"]["cpu"], 3),
                "baseline": round(results["baseline"]["cpu"], 3),
                "ratio": round(ratio, 3),
                "ours_peak_mib": round(results["ours"]["peak_mib"], 1),
                "baseline_peak_mib": round(results["baseline"]["peak_mib"], 1),
                "ours_wall": round(results["ours"]["wall"], 1),
                "baseline_wall": round(results["baseline"]["wall"], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
