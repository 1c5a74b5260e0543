"""The largest question file `pack check` accepts: time and peak memory of loading it.

Issue 20 found small files that cost minutes or gigabytes. This builds a pack at the limits
(10 languages, a question file just under 1 MiB of cloze questions with 40 blanks per language
and explanations holding 100-row tables), asserts `load_pack` accepts it, then times in the same
run:
- baseline: `yaml.safe_load` of every header + a markdown-it parse of the file (no checks),
- ours: `load_pack` with no cache (parse, validate, limits, link checks).
Peak memory is tracemalloc's peak of Python allocations, measured in a second pass of each.
Ends with one JSON line.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml
from markdown_it import MarkdownIt

from quizapp.packs.format import MAX_LANGUAGES
from quizapp.packs.limits import MAX_BLANKS, MAX_TABLE_ROWS
from quizapp.packs.loader import PackCache, load_pack
from quizapp.packs.parser import MAX_FILE_BYTES, split_blocks

LANGS = [f"l{chr(97 + i)}" for i in range(MAX_LANGUAGES)]
TABLE = "| state | meaning |\n|---|---|\n" + "| ESTABLISHED | open |\n" * (MAX_TABLE_ROWS - 2)


def question(n: int) -> str:
    body = []
    for lang in LANGS:
        blanks = " ".join(f"{{{{w{n}x{i}|v{i}}}}}" for i in range(MAX_BLANKS))
        body.append(f"[{lang}]\nFill in: {blanks}\n\n[{lang}.explanation]\n{TABLE}\n")
    return f"---\nid: q{n}\ntype: cloze\n---\n" + "\n".join(body)


def generate(root: Path) -> Path:
    pack = root / "limits"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "id: limits\nversion: 1.0.0\ntitle: Limits\ndescription: At the limits\n"
        f"languages: [{', '.join(LANGS)}]\nlicense: CC0-1.0\nauthors: [bench]\n",
        encoding="utf-8",
    )
    chunks: list[str] = []
    size = 0
    while size + len(question(len(chunks)).encode()) < MAX_FILE_BYTES:
        chunks.append(question(len(chunks)))
        size += len(chunks[-1].encode())
    (pack / "big.md").write_text("".join(chunks), encoding="utf-8")
    return pack


def plain_parse(pack: Path) -> int:
    md = MarkdownIt("commonmark")
    text = (pack / "big.md").read_text(encoding="utf-8")
    yaml.safe_load((pack / "pack.yaml").read_text(encoding="utf-8"))
    blocks, _ = split_blocks(text)
    for _, header, _, _ in blocks:
        yaml.safe_load("\n".join(header))
    md.parse(text)
    return len(blocks)


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = generate(Path(tmp))
        loaded = load_pack(pack, PackCache(None))
        assert loaded.ok, loaded.problems[:3]
        count = len(loaded.questions)
        size = (pack / "big.md").stat().st_size
        baseline = timed(lambda: plain_parse(pack))
        ours = timed(lambda: load_pack(pack, PackCache(None)))
        baseline_peak = peak(lambda: plain_parse(pack))
        ours_peak = peak(lambda: load_pack(pack, PackCache(None)))
    mib = 1024 * 1024
    print(f"pack               {count} cloze questions, {len(LANGS)} languages, {size:,} bytes")
    print(f"baseline           {baseline:.3f} s CPU, peak {baseline_peak / mib:.1f} MiB")
    print(f"ours (load_pack)   {ours:.3f} s CPU, peak {ours_peak / mib:.1f} MiB")
    print(
        json.dumps(
            {
                "bench": "pack_limits",
                "ours": round(ours, 4),
                "baseline": round(baseline, 4),
                "ratio": round(ours / baseline, 3),
                "ours_peak_mib": round(ours_peak / mib, 1),
                "baseline_peak_mib": round(baseline_peak / mib, 1),
                "questions": count,
                "file_bytes": size,
            }
        )
    )


if __name__ == "__main__":
    main()
