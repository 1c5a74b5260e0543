"""`quizapp pack preview`: one pack folder, question by question, reloaded as its files change.

No database is opened or created: a preview answers questions only to show how they grade.
The pack is loaded through the pack cache, so after an edit only the changed file is checked
again, and the question on screen is found again by its id (or, while it is broken, its
file's problems are what there is to show, at file:line). Watching the folder uses watchfiles,
imported only when a preview starts.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.domain.pack import Pack
from quizapp.domain.question import Question
from quizapp.errors import PackError, PackProblem
from quizapp.i18n import _

if TYPE_CHECKING:
    import asyncio

WATCHED_SUFFIXES = (".md", ".yaml", ".yml")
"""Files whose change can change a question or its problems (images are only checked)."""


@dataclass(frozen=True)
class Spot:
    """Where the preview is: the question's id and file, kept across reloads."""

    file: str
    id: str


class PackPreview:
    """A pack folder loaded for preview; `current` is the question on screen."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        from quizapp.packs.discovery import pack_dirs_in
        from quizapp.paths import expand_user

        self.path = expand_user(path)
        self.root = self.path.resolve()  # watchfiles reports resolved paths
        if pack_dirs_in(self.path) != [self.path]:
            raise PackError(
                _("{path} is not a pack folder (no pack.yaml in it)").format(path=self.path)
            )
        self.pack = self._load()
        self.index = 0
        self.spot: Spot | None = None
        self._remember()
        self.reloads = 0
        """How many times the files were read again (the screen shows it, tests wait on it)."""

    def _load(self) -> Pack:
        from quizapp.packs.cache import default_cache
        from quizapp.packs.loader import load_pack

        return load_pack(self.path, default_cache())

    def _remember(self) -> None:
        question = self.current
        if question is not None:
            self.spot = Spot(question.file, question.id)

    @property
    def current(self) -> Question | None:
        """The question on screen, or None while it (or the whole pack) is broken."""
        questions = self.pack.questions
        if self.spot is not None and self.pack.question(self.spot.id) is None:
            return None  # the question that was on screen no longer loads: show why
        return questions[self.index] if questions else None

    @property
    def total(self) -> int:
        """Sound questions in the pack."""
        return len(self.pack.questions)

    def move(self, step: int) -> Question | None:
        """The next (`step` 1) or previous (-1) question, wrapping round; stays put when the
        question on screen is broken, so its errors stay in view until fixed."""
        if self.current is None and self.spot is not None and self.total:
            self.spot = None  # leaving a broken question: go on from where it was
        if self.total:
            self.index = (self.index + step) % self.total
        self._remember()
        return self.current

    def reload(self) -> None:
        """Read the pack again and find the question on screen by its id."""
        self.pack = self._load()
        self.reloads += 1
        if self.spot is None:
            self.index = min(self.index, max(0, self.total - 1))
            self._remember()
            return
        for i, question in enumerate(self.pack.questions):
            if question.id == self.spot.id:
                self.index = i
                self.spot = Spot(question.file, question.id)
                return
        self.index = min(self.index, max(0, self.total - 1))  # broken or gone: spot stays

    def problems_here(self) -> list[PackProblem]:
        """The problems of the file the preview is in (every problem when it has none)."""
        if self.spot is not None:
            here = [p for p in self.pack.problems if p.file == self.spot.file]
            if here:
                return here
        return list(self.pack.problems) if self.current is None else []

    async def changes(self, stop: asyncio.Event) -> AsyncIterator[set[str]]:
        """Each batch of changed pack files (relative paths), until `stop` is set."""
        from watchfiles import awatch

        async for batch in awatch(self.root, stop_event=stop, debounce=300, step=50):
            changed = {
                Path(path).relative_to(self.root).as_posix()
                for _, path in batch
                if path.endswith(WATCHED_SUFFIXES) and Path(path).is_relative_to(self.root)
            }
            if changed:
                yield changed
