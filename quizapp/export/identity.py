"""Which Anki note stands for a question: its GUID, kept across exports and type changes.

Anki matches notes by GUID, and a note whose note type differs from the one it already has
is left alone as "conflicting": a question whose type changed (flashcard to typed, or a
flashcard made reversible) would keep its stale note and never get the new one. So the GUID
of a question is the original one (`note_guid(pack, question)`) while it keeps the note type
it was first exported with, and a GUID of its own (`note_guid(pack, question#type)`) for any
other type: a changed question arrives as a new note, and changing it back updates the first.

Which type was first is remembered in a small JSON file beside the quizapp database
(`<db>.anki-types.json`), written only after an export succeeds and only where a database
exists. An export without it (another machine, a deleted file, no database) takes the types
of that export as the first ones.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from quizapp.export.atomic import write_atomically


class NoteTypeMemory:
    """The note type each question was first exported with (key `pack/question`)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.first: dict[str, str] = {}
        self._changed = False
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if isinstance(data, dict):
                self.first = {str(k): str(v) for k, v in data.items() if isinstance(v, str)}

    def guid(self, pack_id: str, question_id: str, note_type: str) -> str:
        """The GUID of the question's note of this type."""
        from quizapp.export.anki import note_guid

        key = f"{pack_id}/{question_id}"
        first = self.first.get(key)
        if first is None:
            self.first[key] = first = note_type
            self._changed = True
        if first == note_type:
            return note_guid(pack_id, question_id)
        return note_guid(pack_id, f"{question_id}#{note_type}")

    def save(self) -> None:
        """Keep what this export learnt (nothing to do without a file or news)."""
        if self.path is None or not self._changed:
            return
        text = json.dumps(self.first, sort_keys=True, indent=0).encode()
        # A read-only data folder only loses the memory: the export itself is written.
        with contextlib.suppress(OSError):
            write_atomically(self.path, lambda fh: fh.write(text))
        self._changed = False


def memory_beside(db_path: Path) -> NoteTypeMemory:
    """The memory kept beside a quizapp database; none without a database (an export of
    packs never studied here leaves no file behind)."""
    if not db_path.is_file():
        return NoteTypeMemory()
    return NoteTypeMemory(db_path.with_name(db_path.name + ".anki-types.json"))


__all__ = ["NoteTypeMemory", "memory_beside"]
