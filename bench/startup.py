"""Startup speed: process start to the first question on screen, against a bare Textual app.

Both sides run in fresh processes, interleaved, after one warm-up each (so the pack cache,
the database and the .pyc files exist, as for a returning user), and both are timed from
just before their process is started to the first frame that shows their text:
- baseline: a minimal Textual app showing one Static (a question's words);
- ours: the real command line, `quizapp study --pack content/tcp-handshake --db DB` as
  the installed command runs it (pip's entry-point script calling quizapp.cli:main): click,
  the interface language, loading the pack (from its cache), opening and checking the
  database, picking the first card, and the study screen with its prompt.

Two modes, each its own JSON line (target: ratio <= 1.3 in both; headless also gives the
CPU time each process used up to that frame, `cpu_ratio`, steadier than wall time on a busy
machine, where the wall time is mostly waiting for a turn on the CPU):
- headless (default): Textual's headless driver (TEXTUAL_DRIVER for ours, so the CLI's own
  `app.run()` is what runs); each side prints the time after the refresh that follows its
  text being mounted (a probe patched into the study screen for ours), then exits;
- --instructions (with headless): each side once more under valgrind's callgrind, counting
  the instructions it executes up to its first frame: slow (about a minute), but the same
  count on an idle or a busy machine, so a change of a few percent shows;
- --tmux: a real terminal, tmux at 80x24 (its own server, `-L quizapp-bench`); each side
  runs as it would for a user and is timed to when `tmux capture-pane` first shows its
  text (the first words of the first question for ours), polled every 5 ms, then killed.

    python bench/startup.py [--tmux] [--runs 7] [--instructions]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "content" / "tcp-handshake"
BASELINE_TEXT = "What does the first segment of the handshake carry?"
HEADLESS = "textual.drivers.headless_driver:HeadlessDriver"
TMUX_SOCKET = "quizapp-bench"

BASELINE = f"""
import json, os, sys, time
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static({BASELINE_TEXT!r})
    def on_mount(self):
        if "--probe" in sys.argv:
            self.call_after_refresh(self.done)
    def done(self):
        print(json.dumps({{"time": time.time(), "cpu": time.process_time()}}), flush=True)
        if os.environ.get("BENCH_EXIT_AT_FRAME"):
            os._exit(0)
        self.exit()

Minimal().run()
"""

# What the installed `quizapp` command runs (pip's entry-point script for quizapp.cli:main);
# `python -m quizapp` would add runpy's imports, which a user's command does not pay.
CONSOLE_SCRIPT = "import sys; from quizapp.cli import main; sys.exit(main())"

# The real CLI, with a probe put into the study screen as its module is first imported (so
# the probe changes neither what is imported nor when): after the first question is shown,
# print the time and the prompt once the screen has refreshed, and exit.
OURS_PROBED = """
import importlib.machinery, json, os, sys, time

def probe(module):
    show = module.StudyScreen.show
    async def shown(self, question, lang=None):
        await show(self, question, lang)
        def done():
            prompt = question.text(self.lang).prompt
            stamp = {"time": time.time(), "cpu": time.process_time(), "prompt": prompt}
            print(json.dumps(stamp), flush=True)
            if os.environ.get("BENCH_EXIT_AT_FRAME"):
                os._exit(0)
            self.app.exit()
        self.call_after_refresh(done)
    module.StudyScreen.show = shown

class Finder:  # a meta path finder by shape: importlib.abc would load importlib.resources
    def find_spec(self, name, path, target=None):
        if name != "quizapp.ui.screens.study":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            probe(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Finder())
from quizapp.cli import main
main(sys.argv[1:])
"""


def ours_args(db: str) -> list[str]:
    return ["study", "--pack", str(PACK), "--db", db]


def headless_run(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds from just before the process starts to the time it prints, the CPU seconds the
    process had used by then, and the prompt it showed."""
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=dict(env, TEXTUAL_DRIVER=HEADLESS),
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    if not lines:
        raise SystemExit(f"nothing printed; stderr:\n{out.stderr}")
    stamp = json.loads(lines[-1])
    return float(stamp["time"]) - start, float(stamp["cpu"]), str(stamp.get("prompt", ""))


CALLGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]


def instructions(code: str, args: list[str], env: dict[str, str]) -> int:
    """Instructions the process executes up to its first frame (callgrind; the probe exits
    there, so neither side's shutdown counts): the same count on an idle or a busy machine."""
    out = subprocess.run(
        [*CALLGRIND, sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=dict(env, TEXTUAL_DRIVER=HEADLESS, BENCH_EXIT_AT_FRAME="1"),
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count; stderr:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def tmux(*args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["tmux", "-L", TMUX_SOCKET, *args], capture_output=True, text=True, check=True, env=env
    ).stdout


def tmux_run(command: list[str], text: str, env: dict[str, str]) -> float:
    """Seconds from just before `command` is started in a new 80x24 tmux window to the first
    capture of its pane that shows `text`."""
    line = shlex.join(["env", *(f"{k}={v}" for k, v in env.items()), *command])
    start = time.time()
    tmux("new-window", "-d", "-t", "bench:", "-n", "run", line)
    try:
        while time.time() - start < 60:
            if text in " ".join(tmux("capture-pane", "-p", "-t", "bench:run").split()):
                return time.time() - start
            time.sleep(0.005)
        raise SystemExit(f"{text!r} did not appear in 60 s:\n{tmux('capture-pane', '-p')}")
    finally:
        tmux("kill-window", "-t", "bench:run")


def first_words(prompt: str) -> str:
    """The first four plain words of a Markdown prompt, as the terminal shows them."""
    found = re.search(r"[A-Za-z][\w'-]*(?: [A-Za-z][\w'-]*){2,}", prompt)
    if found is None:
        raise SystemExit(f"no plain words to look for in the prompt {prompt!r}")
    return " ".join(found.group(0).split()[:4])


def report(
    mode: str,
    ours: list[float],
    baseline: list[float],
    cpu: tuple[list[float], list[float]],
    counts: tuple[int, int] | None = None,
) -> None:
    o, b = statistics.median(ours), statistics.median(baseline)
    runs = len(ours)
    print(f"[{mode}] baseline (bare Textual, one Static): median {b * 1000:.0f} ms over {runs}")
    print(f"[{mode}] ours (`quizapp study` -> question): median {o * 1000:.0f} ms over {runs}")
    print(
        f"[{mode}] each run, ours/baseline ms: "
        + ", ".join(f"{x * 1000:.0f}/{y * 1000:.0f}" for x, y in zip(ours, baseline, strict=True))
    )
    result = {"bench": "startup", "mode": mode, "ours": round(o, 4), "baseline": round(b, 4)}
    result["ratio"] = round(o / b, 3)
    if cpu[0]:  # on a loaded machine the wall time is partly other processes' turns
        oc, bc = statistics.median(cpu[0]), statistics.median(cpu[1])
        print(
            f"[{mode}] CPU to the first frame, median: "
            f"ours {oc * 1000:.0f} ms, baseline {bc * 1000:.0f} ms"
        )
        result["cpu_ratio"] = round(oc / bc, 3)
    if counts:
        print(
            f"[{mode}] instructions to the first frame: ours {counts[0]:,}, baseline {counts[1]:,}"
        )
        result.update(ours_instructions=counts[0], baseline_instructions=counts[1])
        result["instructions_ratio"] = round(counts[0] / counts[1], 3)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tmux", action="store_true", help="time in a real terminal (tmux)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="headless mode also counts each side's instructions with valgrind (slow, steady)",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"QUIZAPP_DATA_DIR": tmp, "PYTHONPATH": str(ROOT)}
        # A pip install compiles every module: let the warm-up write .pyc files for ours too,
        # as it already has for Textual, so neither side pays for compiling.
        full_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        full_env.pop("QUIZAPP_DB", None)
        full_env.update(env)
        db = str(Path(tmp) / "bench.db")
        headless_run(BASELINE, ["--probe"], full_env)  # warm-up: OS file cache, .pyc files
        prompt = headless_run(OURS_PROBED, ours_args(db), full_env)[2]  # pack cache, database
        ours, baseline = [], []
        cpu: tuple[list[float], list[float]] = ([], [])
        if not options.tmux:
            for _ in range(options.runs):
                wall, used, _ = headless_run(BASELINE, ["--probe"], full_env)
                baseline.append(wall)
                cpu[1].append(used)
                wall, used, _ = headless_run(OURS_PROBED, ours_args(db), full_env)
                ours.append(wall)
                cpu[0].append(used)
            counts = None
            if options.instructions:
                if not shutil.which("valgrind"):
                    raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
                counts = (
                    instructions(OURS_PROBED, ours_args(db), full_env),
                    instructions(BASELINE, ["--probe"], full_env),
                )
            report("headless", ours, baseline, cpu, counts)
            return
        if not shutil.which("tmux"):
            raise SystemExit("--tmux needs tmux")
        python = [sys.executable]
        # The server (and so every window) starts with the same environment as the headless runs.
        tmux("new-session", "-d", "-s", "bench", "-x", "80", "-y", "24", "sleep 3600", env=full_env)
        try:
            words = first_words(prompt)
            for _ in range(options.runs):
                baseline.append(tmux_run([*python, "-c", BASELINE], BASELINE_TEXT, env))
                ours.append(tmux_run([*python, "-c", CONSOLE_SCRIPT, *ours_args(db)], words, env))
        finally:
            tmux("kill-server")
        report("tmux", ours, baseline, cpu)


if __name__ == "__main__":
    main()
