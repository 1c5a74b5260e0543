"""A real terminal: run `quizapp study` in tmux, answer with send-keys, read capture-pane."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.ui.conftest import SAMPLE, reviews

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def tmux(*args: str) -> str:
    """Run a tmux command, return its stdout."""
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=True, timeout=10)
    return done.stdout


def wait_for(session: str, text: str, timeout: float = 30.0) -> str:
    """Poll the pane until `text` shows and return the screen; fail showing the last screen."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def test_answer_a_question_in_a_real_terminal(tmp_path: Path) -> None:
    db = tmp_path / "quiz.db"
    session = f"quizapp-test-{uuid.uuid4().hex[:8]}"
    env_prefix = f"QUIZAPP_DATA_DIR={tmp_path / 'data'} TERM=xterm-256color"
    command = (
        f"cd {Path(__file__).resolve().parents[2]} && {env_prefix} {sys.executable} -m quizapp "
        f"study --pack {SAMPLE} --tag typed --db {db}; sleep 30"
    )
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    try:
        wait_for(session, "Which state is a client in")  # `study` opens on the first question
        tmux("send-keys", "-t", session, "-l", "syn_sent")
        tmux("send-keys", "-t", session, "Enter")
        screen = wait_for(session, "4 Easy")  # the rating bar with intervals, drawn last
        assert "✓ Right" in screen
        tmux("send-keys", "-t", session, "4")
        screen = wait_for(session, "Session done")
        assert "Answered     1" in screen
        [row] = reviews(db)
        assert (row["key"], row["grade"], row["score"]) == ("ui-sample/typed", 4, 1.0)
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "quizapp — interview prep")
        tmux("send-keys", "-t", session, "q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
    assert os.path.exists(db)
