"""`quizapp pack copy`: an editable copy of a pack (say, a shipped one) under the same id.

Discovery lets a pack found later replace one with the same id found earlier (shipped, then
the user's packs folder, then `--packs-dir`), so a copy in the packs folder is the one studied,
and its questions keep their review history: cards are keyed by pack id and question id.
Only the pack's regular files are copied (no hidden files, nothing through a link that leaves
the pack), and nothing is overwritten.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from quizapp.domain.pack import Pack
from quizapp.errors import PackError
from quizapp.i18n import _
from quizapp.paths import resolved


def _files(pack_dir: Path) -> list[Path]:
    """The pack's regular files (relative), links followed only when they stay inside."""
    root = resolved(pack_dir) or pack_dir
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(pack_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            target = resolved(path)
            if name.startswith(".") or target is None or not target.is_relative_to(root):
                continue
            try:
                regular = stat.S_ISREG(target.stat().st_mode)
            except OSError:
                continue
            if regular:
                out.append(path.relative_to(pack_dir))
    return out


def copy_pack(pack: Pack, into: Path) -> Path:
    """Copy `pack` to `into/<pack id>/` and return that folder; PackError if it exists."""
    if pack.meta is None:
        raise PackError(
            _("pack at {path} has a broken pack.yaml ({problem}); fix it first").format(
                path=pack.path, problem=pack.problems[0]
            )
        )
    target = into / pack.id
    if target.exists():
        raise PackError(
            _("{path} already exists; edit that copy, or remove it first").format(path=target)
        )
    staging = into / f".{pack.id}.copying"
    shutil.rmtree(staging, ignore_errors=True)  # left by a copy that was killed
    try:
        for rel in _files(pack.path):
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pack.path / rel, staging / rel)
        staging.rename(target)  # the copy appears whole or not at all
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackError(
            _("cannot copy to {path}: {error}").format(path=target, error=exc.strerror or exc)
        ) from exc
    return target
