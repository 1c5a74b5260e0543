"""Scheduler speed: the whole per-question path the study screen runs, ours against Anki's.

Builds, in a temp dir, a quizapp database and an Anki collection of the same size and shape
(default 100,000 questions: 20% new, 2% learning, 78% review with due dates from 30 days
overdue to a year ahead; 1,000,000 review-log rows over two years), then times in separate
processes:
- ours: what the study screen does per question: `next_card()`, `counts()` (new / learning /
  review for the header), `preview(key)` (the interval on each grade key) and
  `answer(key, Good)` (scheduled and committed),
- Anki: `col.sched.get_queued_cards(fetch_limit=1)` (the card, the three counts and the four
  button states) + `build_answer` + `answer_card` with FSRS on (the official `anki` package,
  Rust backend).
Both use the same daily limits (20 new, REVIEW_LIMIT reviews, high enough that every timed
answer finds a card) and the real clock. The first WARMUP
answers on each side are not timed (Anki builds its queue then; we open the session). The
sides alternate over `--rounds` fresh copies of the data and the times are pooled, so load
from other processes on the machine falls on both alike. Peak RSS is each timing process's
own `ru_maxrss` (ours includes the 100k in-memory questions a session holds; building the
data is done in other processes).
Each answer's CPU time is kept too: on a busy machine the wall-clock p95 is mostly other
processes' turns on the CPU, while CPU time shows what each side itself spent (cpu_ratio).
Durability is not the same on both sides by default: Anki commits with synchronous=FULL (an
fsync of the WAL on every commit), we with NORMAL (the WAL is synced at checkpoints only; a
committed answer survives kill -9 but the last few may be lost to power loss, see
docs/reliability.md). Each side's setting is read back from its own connection and printed;
`--ours-synchronous full` runs ours with FULL too, for a like-for-like comparison.
Ends with one JSON line. Targets: ratio (our p95 / Anki's p95) <= 1.0, our peak RSS < 150 MB.

    python bench/scheduler.py [--questions 100000] [--reviews 1000000] [--answers 700] [--rounds 3]
                              [--ours-synchronous normal|full]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PACKS = 10
WARMUP = 10
REVIEW_LIMIT = 9999
DAY_MS = 86_400_000


def plan(questions: int, seed: int = 42) -> list[tuple[int, float, float, int]]:
    """Per question: (state 0/1/2, stability, difficulty, due offset in ms from now)."""
    rng = random.Random(seed)
    out = []
    for i in range(questions):
        r = (i * 7919) % 100  # spread states evenly over packs and positions
        if r < 20:
            out.append((0, 0.0, 0.0, 0))
        elif r < 22:
            out.append((1, 1.0, 5.0, rng.randint(-3_600_000, DAY_MS)))
        else:
            due = rng.randint(-30 * DAY_MS, 365 * DAY_MS)
            out.append((2, rng.uniform(2.0, 400.0), rng.uniform(2.0, 9.0), due))
    return out


def rss_mb() -> float:
    """Peak resident set size of this process, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- ours ----------------------------------------------------------------------------------
def build_ours(path: Path, questions: int, reviews: int) -> None:
    """A quizapp database with the planned states and `reviews` log rows."""
    from quizapp.store.repository import Store

    now = datetime.now(UTC)
    now_ms = int(now.timestamp() * 1000)
    per_pack = questions // PACKS
    with Store.open(path) as store:
        for p in range(PACKS):
            items = [(f"q{i:06d}", f"h{i}", ("bench",)) for i in range(per_pack)]
            store.sync_pack(f"pack{p}", f"Pack {p}", items, now)
        states = plan(questions)
        rows = []
        for card_id, (state, s, d, due) in enumerate(states, start=1):
            if state:
                rows.append((state, s, d, now_ms + due, now_ms - 5 * DAY_MS, card_id))
        with store.writing() as conn:
            conn.executemany(
                "UPDATE card SET state = ?, stability = ?, difficulty = ?, due_ms = ?, "
                "last_review_ms = ?, reps = 5, step = NULL WHERE id = ?",
                rows,
            )
        reviewed = [r[-1] for r in rows]
        rng = random.Random(7)
        before = json.dumps({"state": 2, "stability": 12.3, "difficulty": 5.1, "reps": 4})
        batch: list[tuple[Any, ...]] = []
        for n in range(reviews):
            t = now_ms - 2 * 365 * DAY_MS + n * (2 * 365 * DAY_MS // reviews)
            grade = 1 if rng.random() < 0.1 else 3
            batch.append((reviewed[n % len(reviewed)], t, grade, 2, 8000, before, before))
            if len(batch) == 50_000 or n == reviews - 1:
                with store.writing() as conn:
                    conn.executemany(
                        "INSERT INTO review (card_id, reviewed_ms, grade, kind, duration_ms, "
                        "before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        batch,
                    )
                batch = []
        with store.writing() as conn:
            conn.execute("ANALYZE")


SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}


def time_ours(path: Path, questions: int, answers: int, synchronous: str) -> dict[str, Any]:
    """Open a session over every pack and answer `answers` questions Good."""
    from quizapp.store import db

    if synchronous != "normal":  # for the like-for-like run: every connection as Anki's
        connect = db.connect

        def connect_with(path: Path, *, rows_by_name: bool = True) -> Any:
            conn = connect(path, rows_by_name=rows_by_name)
            conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
            return conn

        db.connect = connect_with
    from quizapp.config import Settings
    from quizapp.domain import Grade
    from quizapp.domain.pack import Pack
    from quizapp.domain.question import Question, QuestionText
    from quizapp.services.study import StudySession, utc_now
    from quizapp.store.records import Scope
    from quizapp.store.repository import Store

    per_pack = questions // PACKS
    packs = []
    for p in range(PACKS):
        qs = tuple(
            Question(
                f"pack{p}",
                f"q{i:06d}",
                "flashcard",
                ("bench",),
                None,
                "bench",
                "bench.md",
                1,
                {"en": QuestionText(f"Question {i}?", f"Answer {i}.")},
                {},
                f"h{i}",
            )
            for i in range(per_pack)
        )
        packs.append(Pack(path / f"pack{p}", f"pack{p}", None, questions=qs))
    store = Store.open(path)
    settings = Settings(reviews_per_day=REVIEW_LIMIT)
    session = StudySession(store, packs, Scope(tuple(p.id for p in packs)), settings, utc_now)
    times, cpu = [], []
    for n in range(answers + WARMUP):
        t0, c0 = time.perf_counter(), time.process_time()
        card = session.next_card()
        if card is None:
            break
        session.counts()
        session.preview(card.key)
        session.answer(card.key, Grade.GOOD, duration=timedelta(seconds=8))
        if n >= WARMUP:
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    with store.reading() as conn:
        mode = SYNCHRONOUS[conn.execute("PRAGMA synchronous").fetchone()[0]]
    session.close()
    return {"times": times, "cpu": cpu, "rss_mb": rss_mb(), "synchronous": mode}


# -- Anki ----------------------------------------------------------------------------------
def build_anki(path: Path, questions: int, reviews: int) -> None:
    """An Anki collection (FSRS on) with the same states and `reviews` revlog rows."""
    from anki.collection import Collection

    col = Collection(str(path))
    col.set_config("fsrs", True)
    conf = col.decks.config_dict_for_deck_id(1)
    conf["rev"]["perDay"] = REVIEW_LIMIT
    col.decks.update_config(conf)
    mid = col.models.by_name("Basic")["id"]
    did = 1
    today = col.sched.today
    now_s = int(time.time())
    now_ms = now_s * 1000
    notes, cards = [], []
    for i, (state, s, d, due) in enumerate(plan(questions)):
        nid = cid = 1_000_000_000 + i
        notes.append(
            (
                nid,
                f"g{i}",
                mid,
                now_s,
                -1,
                " bench ",
                f"Question {i}?\x1fAnswer {i}.",
                f"Question {i}?",
                0,
                0,
                "",
            )
        )
        if state == 0:
            cards.append((cid, nid, did, 0, now_s, -1, 0, 0, i, 0, 0, 0, 0, 0, 0, 0, 0, "{}"))
        elif state == 1:
            data = json.dumps({"s": round(s, 4), "d": round(d, 4)})
            due_s = (now_ms + due) // 1000
            cards.append(
                (cid, nid, did, 0, now_s, -1, 1, 1, due_s, 0, 0, 5, 0, 1001, 0, 0, 0, data)
            )
        else:
            data = json.dumps({"s": round(s, 4), "d": round(d, 4)})
            due_day = today + due // DAY_MS
            ivl = max(1, int(s))
            cards.append(
                (cid, nid, did, 0, now_s, -1, 2, 2, due_day, ivl, 2500, 5, 0, 0, 0, 0, 0, data)
            )
    reviewed = [c[0] for c in cards if c[6] != 0]
    rng = random.Random(7)
    revlog = []
    for n in range(reviews):
        t = now_ms - 2 * 365 * DAY_MS + n * (2 * 365 * DAY_MS // reviews)
        ease = 1 if rng.random() < 0.1 else 3
        revlog.append((t, reviewed[n % len(reviewed)], -1, ease, 10, 5, 2500, 8000, 1))

    def insert() -> None:
        assert col.db is not None
        col.db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
        col.db.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
        for start in range(0, len(revlog), 100_000):
            col.db.executemany(
                "INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog[start : start + 100_000]
            )

    assert col.db is not None
    col.db.transact(insert)
    col.db.execute("ANALYZE")
    col.close()


def time_anki(path: Path, answers: int) -> dict[str, Any]:
    """Answer `answers` queued cards Good through the v3 scheduler."""
    import anki.collection  # before anki.cards: importing that first is circular
    from anki.cards import Card
    from anki.scheduler.v3 import CardAnswer

    col = anki.collection.Collection(str(path))
    times, cpu = [], []
    for n in range(answers + WARMUP):
        t0, c0 = time.perf_counter(), time.process_time()
        queued = col.sched.get_queued_cards(fetch_limit=1)
        if not queued.cards:
            break
        top = queued.cards[0]
        card = Card(col)
        card._load_from_backend_card(top.card)
        card.start_timer()
        answer = col.sched.build_answer(card=card, states=top.states, rating=CardAnswer.GOOD)
        col.sched.answer_card(answer)
        if n >= WARMUP:
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    assert col.db is not None
    mode = SYNCHRONOUS[col.db.scalar("PRAGMA synchronous")]
    col.close()
    return {"times": times, "cpu": cpu, "rss_mb": rss_mb(), "synchronous": mode}


# -- driver --------------------------------------------------------------------------------
def child(argv: list[str]) -> None:
    """Run one phase in this process and print its result as JSON."""
    phase, path, questions, reviews, answers = argv[0], Path(argv[1]), *map(int, argv[2:5])
    synchronous = argv[5] if len(argv) > 5 else "normal"
    t0 = time.perf_counter()
    result: dict[str, Any] = {}
    if phase == "build-ours":
        build_ours(path, questions, reviews)
    elif phase == "build-anki":
        build_anki(path, questions, reviews)
    elif phase == "time-ours":
        result = time_ours(path, questions, answers, synchronous)
    elif phase == "time-anki":
        result = time_anki(path, answers)
    result["seconds"] = time.perf_counter() - t0
    print(json.dumps(result))


def run(phase: str, path: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run a phase in a fresh process (so its peak RSS is its own)."""
    cmd = [
        sys.executable,
        __file__,
        "--child",
        phase,
        str(path),
        str(args.questions),
        str(args.reviews),
        str(args.answers),
        args.ours_synchronous,
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    """Build both data sets, time both sides, print a summary and the JSON line."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=700, help="timed answers per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--ours-synchronous",
        choices=["normal", "full"],
        default="normal",
        help="ours with the app's setting (normal) or with Anki's (full)",
    )
    args = parser.parse_args()
    ours: dict[str, Any] = {"times": [], "cpu": [], "rss_mb": 0.0, "synchronous": ""}
    anki: dict[str, Any] = {"times": [], "cpu": [], "rss_mb": 0.0, "synchronous": ""}
    with tempfile.TemporaryDirectory() as tmp:
        ours_db, anki_db = Path(tmp) / "quizapp.db", Path(tmp) / "collection.anki2"
        built_ours = run("build-ours", ours_db, args)
        built_anki = run("build-anki", anki_db, args)
        print(f"built: ours {built_ours['seconds']:.1f} s, anki {built_anki['seconds']:.1f} s")
        # Alternate the sides over fresh copies, so load from other processes hits both alike.
        for n in range(args.rounds):
            for name, src, pooled in (("ours", ours_db, ours), ("anki", anki_db, anki)):
                copy = Path(tmp) / f"round{n}-{src.name}"
                shutil.copyfile(src, copy)
                got = run(f"time-{name}", copy, args)
                pooled["times"].extend(got["times"])
                pooled["cpu"].extend(got["cpu"])
                pooled["rss_mb"] = max(pooled["rss_mb"], got["rss_mb"])
                pooled["synchronous"] = got["synchronous"]
                copy.unlink()
    result: dict[str, Any] = {"bench": "scheduler"}
    for name, data in (("ours", ours), ("anki", anki)):
        t = data["times"]
        result[f"{name}_n"] = len(t)
        result[f"{name}_p50"] = round(statistics.median(t), 6)
        result[f"{name}_p95"] = round(pct(t, 0.95), 6)
        result[f"{name}_rss_mb"] = round(data["rss_mb"], 1)
        # CPU time of the timing process: what a busy machine's other processes do not add
        result[f"{name}_cpu_p50"] = round(statistics.median(data["cpu"]), 6)
        result[f"{name}_cpu_p95"] = round(pct(data["cpu"], 0.95), 6)
        result[f"{name}_synchronous"] = data["synchronous"]
        print(
            f"{name:>5}: {len(t)} answers, p50 {statistics.median(t) * 1000:.2f} ms, "
            f"p95 {pct(t, 0.95) * 1000:.2f} ms (CPU p50 {result[f'{name}_cpu_p50'] * 1000:.2f},"
            f" p95 {result[f'{name}_cpu_p95'] * 1000:.2f}), peak RSS {data['rss_mb']:.0f} MB,"
            f" synchronous={data['synchronous']} (WAL)"
        )
    result.update(
        p50=result["ours_p50"],
        p95=result["ours_p95"],
        ours=result["ours_p95"],
        baseline=result["anki_p95"],
        ratio=round(result["ours_p95"] / result["anki_p95"], 3),
        cpu_ratio=round(result["ours_cpu_p95"] / result["anki_cpu_p95"], 3),
        rss_mb=result["ours_rss_mb"],
        questions=args.questions,
        reviews=args.reviews,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
