"""A study session in its own process, for the crash and concurrency tests.

Run as a script:
    python answerer.py DB PACK_DIR NAME START_ISO [COUNT] [GO_FILE] [STOP_FILE]
It opens a `StudySession` on DB (syncing the pack), prints `ready`, waits for GO_FILE if given,
then answers question after question and prints `saved NAME SEQ KEY` (flushed) only after
`answer()` has returned, i.e. only for answers the session reported as committed. Each answer
carries {"by": NAME, "seq": SEQ} in the review log, so the test can find every printed answer
there. COUNT = 0 answers until killed or until STOP_FILE exists. The clock is simulated (one
minute per answer, a day when nothing is due) so the session never runs dry.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path


class Clock:
    """A simulated UTC clock the loop moves forward."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def main(argv: list[str]) -> int:
    """Answer until COUNT answers are saved or the process is killed."""
    from quizapp.config import Settings
    from quizapp.domain import Grade
    from quizapp.errors import QuizappError
    from quizapp.packs.cache import PackCache
    from quizapp.packs.loader import load_pack
    from quizapp.services.study import StudySession

    db, pack_dir, name, start = Path(argv[0]), Path(argv[1]), argv[2], argv[3]
    count = int(argv[4]) if len(argv) > 4 else 0
    go = Path(argv[5]) if len(argv) > 5 and argv[5] else None
    stop = Path(argv[6]) if len(argv) > 6 and argv[6] else None
    settings = Settings(
        timezone="UTC",
        enable_fuzzing=False,
        new_per_day=10_000,
        reviews_per_day=100_000,
        leech_threshold=0,
    )
    clock = Clock(datetime.fromisoformat(start))
    pack = load_pack(pack_dir, PackCache(None))
    if not pack.ok:
        print(f"error: {pack.problems}", file=sys.stderr, flush=True)
        return 2
    rng = random.Random(name)
    try:
        session = StudySession.open(db, [pack], clock=clock, settings=settings)
    except QuizappError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    print("ready", flush=True)
    if go is not None:
        while not go.exists():
            time.sleep(0.005)
    seq = 0
    while (count == 0 or seq < count) and not (stop is not None and stop.exists()):
        card = session.next_card()
        if card is None:
            clock.now += timedelta(days=1)
            continue
        grade = rng.choice(list(Grade))
        try:
            session.answer(
                card.key,
                grade,
                answer={"by": name, "seq": seq},
                duration=timedelta(seconds=rng.randint(1, 30)),
            )
        except QuizappError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            return 1
        print(f"saved {name} {seq} {card.key}", flush=True)
        seq += 1
        clock.now += timedelta(minutes=1)
    session.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
