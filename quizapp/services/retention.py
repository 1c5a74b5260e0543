"""The parts of `quizapp stats` (and the statistics screen) beyond counts: true retention by
pack, tag and exercise type, split young/mature as Anki's "true retention" table is; study
streaks; and the weakest questions (most lapses, then lowest chance of recall now)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.store.retention import CardMemory, ReviewOutcome

WEAKEST = 10
"""How many weakest questions the stats list."""


def retention_by(
    outcomes: Sequence[ReviewOutcome], types: Mapping[str, str]
) -> dict[str, dict[str, dict[str, int]]]:
    """{"pack"|"tag"|"type": {name: {young_passed, young_reviews, mature_passed,
    mature_reviews}}}; a question's type comes from `types` (key -> type; "?" if unknown)."""
    table: dict[str, dict[str, dict[str, int]]] = {"pack": {}, "tag": {}, "type": {}}
    for outcome in outcomes:
        key = f"{outcome.pack_id}/{outcome.question_id}"
        age = "mature" if outcome.mature else "young"
        groups = [
            ("pack", outcome.pack_id),
            ("type", types.get(key, "?")),
            *(("tag", tag) for tag in outcome.tags),
        ]
        for kind, name in groups:
            row = table[kind].setdefault(
                name,
                {"young_passed": 0, "young_reviews": 0, "mature_passed": 0, "mature_reviews": 0},
            )
            row[f"{age}_reviews"] += 1
            row[f"{age}_passed"] += outcome.passed
    return {kind: dict(sorted(rows.items())) for kind, rows in table.items()}


def streaks(per_day: Sequence[int]) -> dict[str, int]:
    """Current and longest run of days with at least one review, oldest day first. Today
    without reviews yet does not break the current streak (the day is not over)."""
    longest = run = 0
    for count in per_day:
        run = run + 1 if count else 0
        longest = max(longest, run)
    current = 0
    days = list(per_day)
    if days and days[-1] == 0:
        days.pop()
    for count in reversed(days):
        if not count:
            break
        current += 1
    return {"current": current, "longest": longest}


def weakest(
    cards: Sequence[CardMemory],
    parameters: Mapping[str, Sequence[float]],
    now: datetime,
    count: int = WEAKEST,
) -> list[dict[str, Any]]:
    """The `count` studied questions with the most lapses, then the lowest chance of recall
    now (FSRS's forgetting curve with each pack's parameters in use)."""
    from quizapp.scheduler.learner import retrievability
    from quizapp.store.records import to_ms

    now_ms = to_ms(now)
    rows: list[dict[str, Any]] = []
    for card in cards:
        recall = None
        if card.stability and card.last_review_ms is not None:
            days = max(0.0, (now_ms - card.last_review_ms) / 86_400_000)
            recall = retrievability(parameters[card.pack_id], card.stability, days)
        rows.append(
            {
                "key": f"{card.pack_id}/{card.question_id}",
                "lapses": card.lapses,
                "retrievability": round(recall, 4) if recall is not None else None,
            }
        )

    def order(row: dict[str, Any]) -> tuple[int, float, str]:
        recall = row["retrievability"]
        return (-row["lapses"], 2.0 if recall is None else recall, row["key"])

    rows.sort(key=order)
    return rows[:count]
