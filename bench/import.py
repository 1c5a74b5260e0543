"""Anki import speed: `quizapp import anki` against Anki's own importer, same .apkg, same run.

Builds a 10,000-note deck with the `anki` package (Basic, Basic (and reversed card), Basic
(type in the answer) and Cloze in five sub-decks; two thirds of the fields hold HTML: bold,
italics, line breaks, lists), exports it as an .apkg (the current zstd format), then times:
- baseline: `Collection.import_anki_package` of that file into an empty collection,
- ours: `import_deck` of that file into an empty folder (read, convert HTML, write the pack).
Each is run five times, interleaved; the best time of each counts (this machine's
speed swings by up to 2x between runs, for both sides alike: five runs give each side a fair
chance at a quiet one). `ratio` compares CPU time
(process time, all threads: wall time swings by half under the load of other jobs on a shared
machine), `ratio_wall` wall time (Anki's includes its fsyncs). Ends with one JSON line.
Target: ratio <= 1.0.

Like for like, each side's timed region holds the same four steps and nothing else:
- open the .apkg: both open the zip and decompress the zstd collection to a temporary file;
- read: both read the notes, note types and decks with SQLite (Anki also its cards; we read
  each note's deck, and the card rows only for `--with-progress`);
- convert or merge: Anki checks each note's GUID against the collection, stores the fields as
  they are (no HTML conversion) and generates the cards; we convert every field from HTML to
  Markdown and build each question;
- write: Anki inserts notes and cards into its SQLite collection with their indexes and
  records the import for undo; we write `pack.yaml` and one Markdown file per sub-deck beside
  the destination, then swap the folder in.
Outside both regions: importing the modules (`anki.collection` with its Rust backend,
~0.4 s; our importer with markdownify, BeautifulSoup and PyYAML, ~0.3 s, by
`python -X importtime`) and opening the empty destination (Anki's collection; our folder). Not timed
either: the `pack check`-level load of the result that `quizapp import anki` runs afterwards
to report problems (loading the written 10,000-question pack, several times the import
itself), which Anki has no counterpart of; nor `--with-progress` (no reviews here). Neither
side copies media (the deck has none) or waits for fsync in CPU time.
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import ExportLimit

from quizapp.importer.anki.deck import import_deck

NOTES = 10_000
RUNS = 5
NOW = datetime(2026, 1, 1, tzinfo=UTC)
FIELDS = [
    ("Basic", lambda n: [f"What does segment <b>{n}</b> carry?", f"A SYN<br>with ISN {n}"]),
    ("Basic (and reversed card)", lambda n: [f"term {n}", f"<i>meaning</i> of term {n}"]),
    ("Basic (type in the answer)", lambda n: [f"State after SYN on link {n}?", "SYN_SENT"]),
    (
        "Cloze",
        lambda n: [
            f"Connection {n} waits in {{{{c1::TIME_WAIT}}}} for {{{{c2::2MSL}}}}",
            f"<ul><li>RFC 9293</li><li>case {n}</li></ul>",
        ],
    ),
    ("Basic", lambda n: [f"Plain question {n}", f"Plain answer {n}"]),
    ("Basic", lambda n: [f"<div>Line one {n}</div><div>line two</div>", f"Answer {n}"]),
]


def build_deck(root: Path) -> Path:
    """The deck, made and exported by Anki itself."""
    col = Collection(str(root / "source" / "collection.anki2"))
    try:
        models = {name: col.models.by_name(name) for name, _ in FIELDS}
        decks = [col.decks.id(f"Bench::Topic {t}") for t in range(5)]
        for n in range(NOTES):
            name, make = FIELDS[n % len(FIELDS)]
            note = col.new_note(models[name])  # type: ignore[arg-type]
            for i, value in enumerate(make(n)):
                note.fields[i] = value
            col.add_note(note, decks[n % len(decks)])  # type: ignore[arg-type]
        out = root / "bench.apkg"
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(with_media=True),
            limit=ExportLimit(),
        )
    finally:
        col.close()
    return out


def time_anki(apkg: Path, root: Path, run: int) -> tuple[float, float]:
    folder = root / f"anki-{run}"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        gc.collect()
        start, wall = time.process_time(), time.perf_counter()
        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions())
        )
        elapsed = (time.process_time() - start, time.perf_counter() - wall)
        assert col.note_count() == NOTES
    finally:
        col.close()
    return elapsed


def time_ours(apkg: Path, root: Path, run: int) -> tuple[float, float]:
    gc.collect()
    start, wall = time.process_time(), time.perf_counter()
    result = import_deck(apkg, root / "packs", now=NOW, output=root / f"pack-{run}")
    elapsed = (time.process_time() - start, time.perf_counter() - wall)
    assert result.questions == NOTES, result.questions
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "source").mkdir()
        apkg = build_deck(root)
        ours: list[tuple[float, float]] = []
        baseline: list[tuple[float, float]] = []
        for run in range(RUNS):
            baseline.append(time_anki(apkg, root, run))
            ours.append(time_ours(apkg, root, run))
        best_ours, best_base = min(t[0] for t in ours), min(t[0] for t in baseline)
        wall_ours, wall_base = min(t[1] for t in ours), min(t[1] for t in baseline)
        for name, times in (("anki importer", baseline), ("quizapp import", ours)):
            shown = ", ".join(f"{cpu:.3f} ({wall:.3f})" for cpu, wall in times)
            print(f"{name}: CPU (wall) {shown} s")
        print(
            json.dumps(
                {
                    "bench": "import_anki_10k",
                    "ours": round(best_ours, 3),
                    "baseline": round(best_base, 3),
                    "ratio": round(best_ours / best_base, 3),
                    "ours_wall": round(wall_ours, 3),
                    "baseline_wall": round(wall_base, 3),
                    "ratio_wall": round(wall_ours / wall_base, 3),
                }
            )
        )


if __name__ == "__main__":
    main()
