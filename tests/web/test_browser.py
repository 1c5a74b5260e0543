"""`quizapp serve` in a real browser: headless Chromium studies one card through the page.

Driven by Playwright with the system's Chromium (Debian's `chromium`; `.ci/run` installs it).
The page's terminal draws on a canvas, so the test reads the screen from the WebSocket
frames the page receives: the same bytes xterm.js draws.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quizapp.packs.discovery import discover
from tests.web.served import served, write_pack

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_SECONDS = 40.0
PROMPT = "Which port does the browser test use?"
ANSWER = "A free one the server picks."
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def _playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install '.[test]')")
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium; .ci/run does it)")
    return sync_playwright


class Screen:
    """What the app has sent to the page so far, as plain text (escape codes removed)."""

    def __init__(self) -> None:
        self.frames: list[bytes | str] = []

    def watch(self, websocket: Any) -> None:
        websocket.on("framereceived", self.received)

    def received(self, frame: bytes | str) -> None:
        self.frames.append(frame)

    def after(self, marker: str) -> str:
        """The text drawn after `marker` first appeared ('' before that)."""
        text = self.text()
        return text[text.index(marker) + len(marker) :] if marker in text else ""

    def text(self) -> str:
        raw = b"".join(f if isinstance(f, bytes) else f.encode() for f in self.frames)
        return ESCAPES.sub("", raw.decode("utf-8", "replace"))


def wait_until(page: Any, done: Callable[[], bool], what: str, shot: Path) -> None:
    """Let the page run until `done()`; after WAIT_SECONDS, save the page to `shot` and fail."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        if time.monotonic() > deadline:
            page.screenshot(path=shot)
            raise AssertionError(f"timed out waiting for {what} (the page: {shot})")
        page.wait_for_timeout(100)


def review_rows(db: Path) -> list[tuple[str, str, int]]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(
            "SELECT c.pack_id, c.question_id, r.grade FROM review r JOIN card c ON c.id = r.card_id"
        ).fetchall()
    finally:
        conn.close()


def test_a_card_studied_in_the_browser_is_saved(tmp_path: Path) -> None:
    sync_playwright = _playwright()
    db = tmp_path / "quiz.db"
    packs = tmp_path / "packs"
    write_pack(packs)
    shipped_before_ours = len(discover())  # the home screen lists them above --packs-dir packs
    screen = Screen()
    stuck = tmp_path / "timed-out.png"
    requested: list[str] = []
    with served(["--db", str(db), "--packs-dir", str(packs)]) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=WAIT_SECONDS * 1000
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.set_default_timeout(WAIT_SECONDS * 1000)
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", screen.watch)
            page.goto(url)
            wait_until(page, lambda: "Serve test pack" in screen.text(), "the home screen", stuck)

            page.click("#terminal")  # keys go to the terminal from here on
            for _ in range(shipped_before_ours):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            wait_until(page, lambda: PROMPT in screen.text(), "the card", stuck)
            page.keyboard.press("Space")
            wait_until(
                page, lambda: "Easy" in screen.after(ANSWER), "the answer and the grades", stuck
            )
            page.screenshot(path=tmp_path / "serve.png")
            page.keyboard.press("3")  # Good
            wait_until(page, lambda: bool(review_rows(db)), "the review in the database", stuck)
        finally:
            browser.close()

    assert review_rows(db) == [("serve-test", "q1", 3)]
    assert (tmp_path / "serve.png").stat().st_size > 10_000
    offsite = [u for u in requested if not u.startswith(url) and not u.startswith("data:")]
    assert requested and offsite == []  # fonts, scripts and styles all came from the server
