"""FSRS optimisation speed: `quizapp optimize`'s fit against Anki's own, on the same items.

A simulated learner (quizapp.scheduler.learner, FSRS parameters unlike the defaults) studies
until its log holds 100,000 reviews; they are written to a real quizapp database and read
back with the store's query, as the command does. Then, in the same run:
- ours: Anki's training items built from the log rows (study days, per-card histories) and
  fsrs-rs-python's `compute_parameters` on them (card ids given, as Anki's collection fit does),
- baseline: the official `anki` package's backend `compute_fsrs_params_from_items` on the same
  items, already built as its protobuf messages (building those is not timed: Anki builds
  them in Rust from its own revlog).
So ours does strictly more work than the baseline (the items too). Each side runs three
times, interleaved; the best time counts. Peak memory is the rise of the process's peak
resident set (Linux VmHWM, reset before each side), which sees the Rust allocations too.
Ends with one JSON line. Target: ratio <= 1.0.

    python bench/optimize.py [--reviews 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anki import scheduler_pb2
from anki._backend import RustBackend

from quizapp.config import Settings
from quizapp.scheduler import default_parameters, optimizer
from quizapp.scheduler.learner import simulate_learner
from quizapp.store import params
from quizapp.store.repository import Store

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
SETTINGS = Settings(timezone="Europe/Berlin", day_starts_hour=4)


def learner() -> tuple[float, ...]:
    """A learner who forgets faster than the defaults assume."""
    w = list(default_parameters())
    w[0:4] = [0.1, 0.5, 1.2, 4.0]
    w[8], w[11], w[20] = 1.4, 1.2, 0.3
    return tuple(w)


def write_log(db_path: Path, reviews: int) -> None:
    """The learner's first `reviews` answers, in a quizapp database made by Store.open."""
    log = simulate_learner(
        learner(), questions=9000, days=450, new_per_day=25, start=START, seed=7
    )[:reviews]
    if len(log) < reviews:
        raise SystemExit(f"the simulation gave only {len(log)} reviews")
    Store.open(db_path).close()
    db = sqlite3.connect(db_path)
    db.execute("INSERT INTO pack (id) VALUES ('bench')")
    db.executemany(
        "INSERT INTO card (id, pack_id, question_id) VALUES (?, 'bench', ?)",
        [(i + 1, f"q{i}") for i in range(max(r.card for r in log) + 1)],
    )
    db.executemany(
        "INSERT INTO review (card_id, reviewed_ms, grade, kind) VALUES (?, ?, ?, ?)",
        [(r.card + 1, r.reviewed_ms, int(r.grade), r.kind) for r in log],
    )
    db.commit()
    db.close()


def anki_items(rows: list[Any]) -> list[Any]:
    """The same items as ours, as the anki backend's protobuf messages, in the same order."""
    found = []
    for history in optimizer.card_histories(rows, SETTINGS):
        reviews = [
            scheduler_pb2.FsrsReview(rating=grade, delta_t=elapsed)
            for grade, elapsed in history.reviews
        ]
        found += [
            (ms, scheduler_pb2.FsrsItem(reviews=reviews[:end]))
            for end, ms in zip(history.item_ends, history.item_ms, strict=True)
        ]
    found.sort(key=lambda item: item[0])
    return [item for _, item in found]


def _status(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def measured(run: Callable[[], Any]) -> tuple[float, float | None, Any]:
    """(seconds, peak resident-memory rise in MB or None where unsupported, result)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        before = _status("VmRSS")
    except OSError:
        before = None
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    peak = _status("VmHWM")
    rise = (peak - before) / 2**20 if peak is not None and before is not None else None
    return seconds, rise, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        write_log(db_path, args.reviews)
        with Store.open(db_path) as store:
            read_s, _, rows = measured(lambda: params.review_log(store, "bench"))
    baseline_items = anki_items(rows)
    backend = RustBackend()

    def ours() -> tuple[tuple[float, ...], int]:
        training = optimizer.training_items(rows, SETTINGS)
        return optimizer.fit(training, SETTINGS), len(training.items)

    def baseline() -> Any:
        return backend.compute_fsrs_params_from_items(baseline_items)

    ours_times, base_times = [], []
    ours_peak = base_peak = None
    for round_ in range(args.rounds):
        seconds, peak, (ours_params, items) = measured(ours)
        ours_times.append(seconds)
        ours_peak = peak if round_ == 0 else ours_peak
        seconds, peak, response = measured(baseline)
        base_times.append(seconds)
        base_peak = peak if round_ == 0 else base_peak
    assert response.fsrs_items == items, (response.fsrs_items, items)

    training = optimizer.training_items(rows, SETTINGS)
    _, held_out = training.split()
    print(f"reviews {len(rows):,} -> {items:,} training items (read from SQLite in {read_s:.2f} s)")
    for name, times, peak, weights in (
        ("ours (items + fsrs-rs-python fit)", ours_times, ours_peak, ours_params),
        ("anki compute_fsrs_params_from_items", base_times, base_peak, tuple(response.params)),
        ("(FSRS defaults)", None, None, default_parameters()),
        ("(the learner's true parameters)", None, None, learner()),
    ):
        quality = optimizer.evaluate(weights, held_out)
        timing = f"best {min(times):6.2f} s of {len(times)}" if times else " " * 18
        memory = f"peak +{peak:5.0f} MB" if peak is not None else " " * 13
        print(
            f"{name:<38} {timing}  {memory}  log loss {quality.log_loss:.4f}  "
            f"RMSE {quality.rmse_bins:.4f} (latest 20% of items, in-sample for both fits)"
        )
    ours_s, base_s = min(ours_times), min(base_times)
    print(
        json.dumps(
            {
                "bench": "optimize",
                "ours": round(ours_s, 3),
                "baseline": round(base_s, 3),
                "ratio": round(ours_s / base_s, 3),
                "reviews": len(rows),
                "items": items,
                "ours_peak_mb": round(ours_peak, 1) if ours_peak is not None else None,
                "baseline_peak_mb": round(base_peak, 1) if base_peak is not None else None,
            }
        )
    )


if __name__ == "__main__":
    main()
