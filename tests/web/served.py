"""A real `quizapp serve` process for the web tests: started on a free port, always stopped."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import quizapp

PACKAGE_ROOT = Path(quizapp.__file__).resolve().parent.parent
START_SECONDS = 30.0
STOP_SECONDS = 15.0


def write_pack(root: Path) -> Path:
    """A one-flashcard pack with a prompt no shipped pack uses."""
    folder = root / "serve-test"
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(
        "id: serve-test\nversion: 1.0.0\ntitle: Serve test pack\n"
        "description: One flashcard for the browser test.\nlanguages: [en]\n"
        "license: CC0-1.0\nauthors: [Tests]\n",
        encoding="utf-8",
    )
    (folder / "cards.md").write_text(
        "---\nid: q1\ntype: flashcard\n---\n[en]\nWhich port does the browser test use?\n\n"
        "[en.answer]\nA free one the server picks.\n\n[en.explanation]\n"
        "Port 0 asks the system for any free port, so parallel tests never collide.\n",
        encoding="utf-8",
    )
    return folder


@contextmanager
def served(args: list[str], env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `quizapp ARGS serve --port 0` and yield its URL; stop it (Ctrl+C) on the way out."""
    environment = dict(os.environ if env is None else env)
    environment["PYTHONPATH"] = str(PACKAGE_ROOT)  # the quizapp under test, in every process
    process = subprocess.Popen(
        [sys.executable, "-m", "quizapp", *args, "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    reader = threading.Thread(target=_copy_lines, args=(process.stdout, lines), daemon=True)
    reader.start()
    try:
        yield _wait_for_url(lines, process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_SECONDS)
        reader.join(timeout=STOP_SECONDS)  # it stops at the end of the output
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _copy_lines(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def _wait_for_url(lines: queue.Queue[str], process: subprocess.Popen[str]) -> str:
    """The first URL the server prints; its output so far if none comes in time."""
    seen: list[str] = []
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        seen.append(line)
        if "http://" in line:
            return "http://" + line.split("http://", 1)[1].split()[0]
    process.kill()
    process.wait(timeout=STOP_SECONDS)
    err = process.stderr.read() if process.stderr else ""
    raise AssertionError(f"the server printed no URL: {''.join(seen)}{err}")
