"""Export time against the number of topics (one Anki deck each): linear, not quadratic.

genanki rewrites the whole deck and note-type lists for every deck it writes, so 3,000 topics
took 64 s (issue 20). Builds packs of 1 question per topic for 500 and 2,000 topics and times,
in the same run, `export_anki` as it is (ours) and with genanki's `Package.write_to_db` put
back (baseline). Growth is the 2,000-topic time over the 500-topic time: 4 is linear, 16
quadratic. CPU time (`time.process_time`), best of 3. Ends with one JSON line.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import genanki  # type: ignore[import-untyped]

from quizapp.domain.pack import Pack
from quizapp.export import anki as anki_export
from quizapp.export import package as apkg
from quizapp.packs.loader import PackCache, load_pack

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SIZES = (500, 2000)


def generate(root: Path, topics: int) -> Pack:
    pack = root / f"topics{topics}"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        f"id: topics{topics}\nversion: 1.0.0\ntitle: Topics\ndescription: Topics\n"
        "languages: [en]\nlicense: CC0-1.0\nauthors: [bench]\n",
        encoding="utf-8",
    )
    text = "".join(
        f"---\nid: q{n}\ntype: flashcard\ntopic: t{n}\n---\n[en]\nQ{n}\n\n[en.answer]\nA\n\n"
        "[en.explanation]\nE\n\n"
        for n in range(topics)
    )
    (pack / "all.md").write_text(text, encoding="utf-8")
    loaded = load_pack(pack, PackCache(None))
    assert loaded.ok, loaded.problems[:3]
    return loaded


def genanki_way(cursor: Any, decks: Any, timestamp: float, id_gen: Any) -> None:
    genanki.Package(decks).write_to_db(cursor, timestamp, id_gen)


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ours: dict[int, float] = {}
    baseline: dict[int, float] = {}
    ours_write = apkg._write_collection
    with tempfile.TemporaryDirectory() as tmp:
        for topics in SIZES:
            pack = generate(Path(tmp), topics)
            out = Path(tmp) / f"t{topics}.apkg"
            ours[topics] = best(lambda p=pack, o=out: anki_export.export_anki([p], o, now=NOW))
            apkg._write_collection = genanki_way
            try:
                baseline[topics] = best(
                    lambda p=pack, o=out: anki_export.export_anki([p], o, now=NOW)
                )
            finally:
                apkg._write_collection = ours_write
    small, large = SIZES
    for topics in SIZES:
        print(f"{topics:>5} topics   ours {ours[topics]:.3f} s   genanki {baseline[topics]:.3f} s")
    growth, base_growth = ours[large] / ours[small], baseline[large] / baseline[small]
    print(f"growth x{large // small} topics: ours x{growth:.1f}, genanki x{base_growth:.1f}")
    print(
        json.dumps(
            {
                "bench": "export_topics",
                "ours": round(ours[large], 4),
                "baseline": round(baseline[large], 4),
                "ratio": round(ours[large] / baseline[large], 3),
                "topics": large,
                "growth_ours": round(growth, 2),
                "growth_baseline": round(base_growth, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
