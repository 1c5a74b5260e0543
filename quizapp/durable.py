"""Replacing a file so that a kill or a crash leaves the old file or the new one, never half.

The steps every writer of a whole file shares (the Anki export in `export/atomic.py`, the
database backups in `store/fileset.py`): the bytes go to a temporary name beside the target,
are synced, the temporary file is renamed over the target, and the folder is synced so the
rename itself survives a power loss. A temporary name carries its writer's process id, so a
later writer removes only the leftovers of writers that are gone (`process_alive`).

It sits in the bottom layer (it imports nothing of quizapp) so that both the export, which may
not import the store, and the store can use it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (one of another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sync_folder(folder: Path) -> None:
    """Make the folder's entries (a rename, a new link) durable. A folder that cannot be
    opened or synced (some file systems and systems refuse) is left to the system."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_durably(temp: Path, target: Path, *, synced: bool = False) -> None:
    """Rename the finished `temp` over `target`: its bytes synced first (unless the writer
    already did, `synced`), then the rename, then the folder. Raises OSError."""
    if not synced:
        with temp.open("rb") as fh:
            os.fsync(fh.fileno())
    os.replace(temp, target)
    sync_folder(target.parent)
