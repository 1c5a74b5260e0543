"""Machine-readable summaries of packs, shared by `pack check --json` and `pack list`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from quizapp.domain.pack import Pack
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.packs.text import neutralise_controls


def summarise(pack: Pack) -> dict[str, Any]:
    """Counts per type and per language, and every problem with a path a terminal can open."""
    by_language: Counter[str] = Counter()
    for q in pack.questions:
        by_language.update(q.texts.keys())
    path = neutralise_controls(str(pack.path))  # a folder above the pack may hold anything
    return {
        "id": pack.id,
        "path": path,
        "version": pack.meta.version if pack.meta else None,
        "languages": list(pack.languages),
        "questions": len(pack.questions),
        "by_type": dict(sorted(Counter(q.type for q in pack.questions).items())),
        "by_language": dict(sorted(by_language.items())),
        "errors": [
            {
                "file": neutralise_controls(str(Path(path) / p.file) if p.file else path),
                "line": p.line,
                "message": p.message,
            }
            for p in pack.problems
        ],
    }


def pack_report(pack_dir: Path, cache: PackCache | None = None) -> dict[str, Any]:
    """Load one pack folder and summarise it."""
    return summarise(load_pack(pack_dir, cache))
