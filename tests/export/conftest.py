"""Fixtures for Anki export tests: packs written to tmp dirs, a real Anki collection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from quizapp.domain.pack import Pack
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.packs.scaffold import scaffold

if TYPE_CHECKING:
    from anki.collection import Collection, ImportLogWithChanges

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

HOSTILE_PACK_YAML = """\
id: hostile
version: 1.0.0
title: {en: "Evil <script>alert(1)</script>", zh-CN: "坏 <script>alert(1)</script>"}
description: "x"
languages: [en, zh-CN]
license: CC0-1.0
authors: ["<img src=x onerror=alert(1)>"]
"""

EVIL = "<script>alert(1)</script> <img src=x onerror=alert(1)>"

HOSTILE_QUESTIONS = f"""\
---
id: h-flash
type: flashcard
source: "{EVIL}"
---
[en]
Prompt {EVIL}

[en.answer]
Answer {EVIL}

[en.explanation]
Because {EVIL}

[zh-CN]
问 {EVIL}

[zh-CN.answer]
答 {EVIL}

[zh-CN.explanation]
因为 {EVIL}

---
id: h-choice
type: choice
options:
  - text: "{EVIL}"
    correct: true
    feedback: "{EVIL}"
  - text: "B {EVIL}"
---
[en]
Pick {EVIL}

[en.explanation]
Why {EVIL}

[zh-CN]
选 {EVIL}

[zh-CN.explanation]
为何 {EVIL}

---
id: h-typed
type: typed
accept: ["{EVIL} typed"]  # not the prompt's text: pack check refuses a giveaway
---
[en]
Type {EVIL}

[en.explanation]
Why {EVIL}

[zh-CN]
输入 {EVIL}

[zh-CN.explanation]
为何 {EVIL}

---
id: h-cloze
type: cloze
---
[en]
Fill {{{{<script>alert(1)</script>}}}} and <img src=x onerror=alert(1)>

[en.explanation]
Why {EVIL}

[zh-CN]
填 {{{{<img src=x onerror=alert(1)>}}}} <script>alert(1)</script>

[zh-CN.explanation]
为何 {EVIL}

---
id: h-order
type: order
steps: ["{EVIL} 1", "{EVIL} 2", "{EVIL} 3"]
distractors: ["{EVIL} 4"]
---
[en]
Order {EVIL}

[en.explanation]
Why {EVIL}

[zh-CN]
排序 {EVIL}

[zh-CN.explanation]
为何 {EVIL}

---
id: h-diagram
type: diagram
participants: ["{EVIL}", "<b>server</b>"]
rows:
  - {{dir: "->", flags: "<script>", seq: "<img src=x>", note: "{EVIL}"}}
  - {{dir: "<-", flags: ACK, ack: "<script>x</script>", left: "<img src=x onerror=alert(1)>"}}
blanks: ["1.seq", "2.left"]
---
[en]
Ladder {EVIL}

[en.explanation]
Why {EVIL}

[zh-CN]
图 {EVIL}

[zh-CN.explanation]
为何 {EVIL}
"""


def load(path: Path) -> Pack:
    """Load a pack without the user cache, asserting it is valid."""
    pack = load_pack(path, PackCache(None))
    assert pack.ok, pack.problems
    return pack


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """The scaffolded pack: one example of every question type, in en and zh-CN."""
    return scaffold("demo", tmp_path / "packs")


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    """A pack with live-looking HTML in every text an author controls."""
    root = tmp_path / "packs" / "hostile"
    root.mkdir(parents=True)
    (root / "pack.yaml").write_text(HOSTILE_PACK_YAML, encoding="utf-8")
    (root / "evil.md").write_text(HOSTILE_QUESTIONS, encoding="utf-8")
    return root


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    """A fresh, empty Anki collection (the official `anki` package)."""
    from anki.collection import Collection

    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


def import_apkg(
    col: Collection, path: Path, *, with_scheduling: bool = False
) -> ImportLogWithChanges:
    """Import like Anki's dialog with default options: update notes/note types if newer."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(
        package_path=str(path),
        options=ImportAnkiPackageOptions(with_scheduling=with_scheduling),
    )
    return col.import_anki_package(request)
