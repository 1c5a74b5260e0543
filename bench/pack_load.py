"""Pack loading speed: our load+validate (cold and warm cache) against a plain parse.

Generates a pack of 10,000 questions over 100 files, then times in the same run:
- baseline: `yaml.safe_load` of every header + a markdown-it parse of every file (no checks),
- ours cold: `load_pack` with no cache (parse, validate, link checks),
- ours warm: `load_pack` again with the cache filled and no file changed.
Ends with one JSON line. Targets: cold <= 3x baseline, warm < 100 ms.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml
from markdown_it import MarkdownIt

from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.packs.parser import split_blocks

FILES, PER_FILE = 100, 100

TEMPLATES = [
    "id: q{n}\ntype: flashcard\ntags: [bench, t{m}]\nsource: RFC 9293 §3.{m}\n",
    "id: q{n}\ntype: choice\ntags: [bench]\noptions:\n  - text: {{en: Yes, zh-CN: 是}}\n"
    "    correct: true\n    feedback: {{en: Right, zh-CN: 对}}\n  - text: {{en: No, zh-CN: 否}}\n",
    "id: q{n}\ntype: typed\ntags: [bench]\naccept: [SYN_SENT, SYN-SENT]\n",
    "id: q{n}\ntype: order\ntags: [bench]\nsteps:\n  - {{en: one, zh-CN: 一}}\n"
    "  - {{en: two, zh-CN: 二}}\n  - {{en: three, zh-CN: 三}}\n",
    "id: q{n}\ntype: diagram\ntags: [bench]\nparticipants: [A, B]\nrows:\n"
    "  - {{dir: '->', flags: SYN, seq: x, left: SYN_SENT}}\n"
    "  - {{dir: '<-', flags: SYN+ACK, seq: y, ack: x+1, left: ESTABLISHED}}\n"
    "blanks: ['2.ack']\n",
]
BODY = (
    "[en]\nQuestion **{n}**: what does the *first* segment carry? See [RFC](https://rfc-editor.org).\n\n"
    "[en.answer]\nA SYN with the ISN.\n\n[en.explanation]\nBecause each side must send its ISN.\n\n"
    "[zh-CN]\n第 {n} 题:第一个报文段携带什么?\n\n[zh-CN.answer]\n带 ISN 的 SYN。\n\n"
    "[zh-CN.explanation]\n因为双方都要发送自己的初始序号。\n"
)


def generate(root: Path) -> Path:
    pack = root / "bench-pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "id: bench-pack\nversion: 1.0.0\ntitle: Bench\ndescription: Bench\n"
        "languages: [en, zh-CN]\nlicense: CC0-1.0\nauthors: [bench]\n",
        encoding="utf-8",
    )
    n = 0
    for f in range(FILES):
        chunks = []
        for _ in range(PER_FILE):
            header = TEMPLATES[n % len(TEMPLATES)].format(n=n, m=n % 7)
            chunks.append(f"---\n{header}---\n{BODY.format(n=n)}\n")
            n += 1
        (pack / f"topic{f:03}.md").write_text("".join(chunks), encoding="utf-8")
    return pack


def plain_parse(pack: Path, loader: type) -> int:
    md = MarkdownIt("commonmark")
    count = 0
    for path in sorted(pack.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        blocks, _ = split_blocks(text)
        for _, header, _, _ in blocks:
            yaml.load("\n".join(header), Loader=loader)
            count += 1
        md.parse(text)
    return count


def best(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = generate(Path(tmp))
        loaded = load_pack(pack, PackCache(None))
        assert loaded.ok and len(loaded.questions) == FILES * PER_FILE, loaded.problems[:3]
        baseline = best(lambda: plain_parse(pack, yaml.SafeLoader), 3)
        baseline_c = best(lambda: plain_parse(pack, yaml.CSafeLoader), 3)
        cold = best(lambda: load_pack(pack, PackCache(None)), 3)
        cache = PackCache(Path(tmp) / "cache")
        load_pack(pack, cache)
        warm = best(lambda: load_pack(pack, cache), 5)
    print(f"questions          {FILES * PER_FILE} in {FILES} files")
    print(f"baseline safe_load {baseline:.3f} s  (yaml.safe_load + markdown-it parse)")
    print(f"baseline CSafeLoad {baseline_c:.3f} s  (libyaml + markdown-it parse)")
    ratio, ratio_c = cold / baseline, cold / baseline_c
    print(f"ours cold          {cold:.3f} s  ratio {ratio:.2f} (vs libyaml {ratio_c:.2f})")
    print(f"ours warm          {warm * 1000:.1f} ms (target < 100 ms)")
    print(
        json.dumps(
            {
                "bench": "pack_load",
                "ours": round(cold, 4),
                "baseline": round(baseline, 4),
                "ratio": round(cold / baseline, 3),
                "baseline_libyaml": round(baseline_c, 4),
                "ratio_libyaml": round(cold / baseline_c, 3),
                "warm": round(warm, 4),
                "questions": FILES * PER_FILE,
            }
        )
    )


if __name__ == "__main__":
    main()
