"""Startup speed: process start to the first question on screen, against a bare Textual app.

Both run in fresh processes (headless, so the terminal does not matter), interleaved, after
one warm-up each (so the pack cache and the database exist, as for a returning user):
- baseline: a minimal Textual app showing one Static, timed to its first paint;
- ours: `quizapp`'s app from the same factory the CLI uses, over the shipped TCP pack, timed
  from process start to the first question painted, as `quizapp study --pack` opens. That
  includes opening SQLite, syncing the pack and picking the card.
Ends with one JSON line. Target: ratio <= 1.3.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7

BASELINE = """
import sys, time
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("What does the first segment of the handshake carry?")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print(time.time(), flush=True)
        self.exit()

Minimal().run(headless=True)
"""

OURS = """
import sys, time
from quizapp.ui.factory import create_app
from quizapp.ui.screens.study import StudyScreen

show = StudyScreen.show
async def shown(self, question, lang=None):
    await show(self, question, lang)
    def done():
        print(time.time(), flush=True)
        self.app.exit()
    self.call_after_refresh(done)
StudyScreen.show = shown

create_app(sys.argv[1], [], [sys.argv[2]], study_now=True).run(headless=True)
"""


def timed(code: str, *args: str, env: dict[str, str]) -> float:
    """Seconds from just before the process starts to the time it prints."""
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    stamps = [line for line in out.stdout.splitlines() if line.strip()]
    if not stamps:
        raise SystemExit(f"no timestamp printed; stderr:\n{out.stderr}")
    return float(stamps[-1]) - start


def main() -> None:
    pack = ROOT / "content" / "tcp-handshake"
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QUIZAPP_DATA_DIR=tmp, PYTHONPATH=str(ROOT))
        env.pop("QUIZAPP_DB", None)
        # A pip install compiles every module; let the warm-up write .pyc files for ours too,
        # as it already has for Textual, so neither side pays for compiling.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        db = str(Path(tmp) / "bench.db")
        timed(BASELINE, env=env)  # warm-up: OS file cache, .pyc files
        timed(OURS, db, str(pack), env=env)  # warm-up: pack cache, database created
        ours, baseline = [], []
        for _ in range(RUNS):
            baseline.append(timed(BASELINE, env=env))
            ours.append(timed(OURS, db, str(pack), env=env))
    o, b = statistics.median(ours), statistics.median(baseline)
    print(f"baseline (bare Textual, one Static): median {b * 1000:.0f} ms over {RUNS} runs")
    print(f"ours (`study` -> first question):    median {o * 1000:.0f} ms over {RUNS} runs")
    print(
        json.dumps(
            {
                "bench": "startup",
                "ours": round(o, 4),
                "baseline": round(b, 4),
                "ratio": round(o / b, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
