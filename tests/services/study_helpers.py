"""Helpers for service tests: packs written to temp dirs and a clock the test moves."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.config import Settings
from quizapp.domain.pack import Pack
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday, noon UTC
SETTINGS = Settings(timezone="UTC", enable_fuzzing=False)


class Clock:
    """A settable UTC clock for StudySession(clock=...)."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        """Move forward by a timedelta(**kwargs) and return the new time."""
        self.now += timedelta(**kwargs)
        return self.now


def write_pack(
    root: Path,
    pack_id: str,
    questions: Sequence[tuple[str, Sequence[str]]] | int,
    *,
    prompt: str = "Question",
) -> Pack:
    """Write a pack of flashcards (id, tags) under root and load it."""
    if isinstance(questions, int):
        questions = [(f"q{i:03d}", ()) for i in range(questions)]
    folder = root / pack_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(
        f"id: {pack_id}\nversion: 1.0.0\ntitle: Pack {pack_id}\ndescription: Test pack.\n"
        "languages: [en]\nlicense: CC0-1.0\nauthors: [Tests]\n",
        encoding="utf-8",
    )
    blocks = []
    for qid, tags in questions:
        tag_list = ", ".join(tags)
        blocks.append(
            f"---\nid: {qid}\ntype: flashcard\ntags: [{tag_list}]\n---\n"
            f"[en]\n{prompt} {qid}?\n\n[en.answer]\nAnswer {qid}.\n\n"
            f"[en.explanation]\nBecause {qid}.\n"
        )
    (folder / "cards.md").write_text("\n".join(blocks), encoding="utf-8")
    pack = load_pack(folder, PackCache(None))
    assert pack.ok, pack.problems
    return pack
