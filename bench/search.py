"""Browse search on 10,000 questions: under 50 ms per search (issue 21).

The texts are the shipped TCP pack's questions (prompt, answer, explanation in English and
Chinese, as `services.browse.searchable_text` joins them), repeated with a numbered suffix
up to 10,000. Each query (English words, a Chinese phrase, a rare term, two terms together)
is timed through `SearchIndex.find` (ours: one joined string scanned by `str.find`) and
through a plain Python scan of the same case-folded texts (`all(term in text ...)` per
question, the baseline), best of 5 in CPU time (the machine is shared; wall time under
load moved by 2x between runs), in the same run. Both must return the same questions.
Ends with one JSON line: per-search seconds (the slowest query's best), and the ratio.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp.packs.directions import study_questions
from quizapp.packs.discovery import load_all
from quizapp.services.browse import SearchIndex, searchable_text

SIZE = 10_000
QUERIES = ("time_wait", "三次握手", "retransmission timeout", "syn cookies", "zzz-no-match", "ack")
ROUNDS = 5


def texts() -> list[str]:
    packs = [p for p in load_all([]) if p.id == "tcp-handshake"]
    base = [searchable_text(q) for p in packs for q in study_questions(p.questions)]
    assert base, "the shipped tcp-handshake pack was not found"
    return [f"{base[i % len(base)]} #{i}" for i in range(SIZE)]


def baseline(folded: list[str], query: str) -> set[int]:
    terms = query.casefold().split()
    return {i for i, text in enumerate(folded) if all(term in text for term in terms)}


def best(run: object, *args: object) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.process_time()
        run(*args)  # type: ignore[operator]
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    corpus = texts()
    start = time.process_time()
    index = SearchIndex(corpus)
    build = time.process_time() - start
    folded = [t.casefold() for t in corpus]
    ours: dict[str, float] = {}
    theirs: dict[str, float] = {}
    for query in QUERIES:
        assert index.find(query) == baseline(folded, query), query
        ours[query] = best(index.find, query)
        theirs[query] = best(baseline, folded, query)
        hits = len(index.find(query))
        print(
            f"{query!r:28} {hits:6} hits  ours {ours[query] * 1000:7.2f} ms  "
            f"baseline {theirs[query] * 1000:7.2f} ms"
        )
    print(f"index built in {build * 1000:.1f} ms for {SIZE:,} questions")
    slowest = max(ours.values())
    assert slowest < 0.05, f"a search took {slowest * 1000:.1f} ms (target < 50 ms)"
    total_ours, total_base = sum(ours.values()), sum(theirs.values())
    print(
        json.dumps(
            {
                "bench": "search",
                "ours": round(slowest, 6),
                "baseline": round(max(theirs.values()), 6),
                "ratio": round(total_ours / total_base, 3),
                "questions": SIZE,
                "build_s": round(build, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
