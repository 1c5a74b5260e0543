"""`quizapp stats` and the statistics screen: counts, reviews per day, streaks, true retention
(all, and young/mature by pack, tag and type), a 30-day due forecast, the weakest questions."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.domain.pack import Pack
    from quizapp.store.records import Scope
    from quizapp.store.repository import Store


def collect_stats(
    db_path: Path,
    now: datetime,
    *,
    pack_ids: list[str] | None = None,
    days: int = 30,
    types: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The stats of the database at db_path (all zeros, and no file created, if it is missing).
    `types` (question key -> exercise type, from the packs) splits true retention by type."""
    from quizapp.store.records import Scope
    from quizapp.store.repository import Store

    scope = Scope(tuple(pack_ids) if pack_ids else None)
    if not db_path.exists():
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "empty.db") as store:
            return _collect(store, now, scope, days, list(pack_ids or ()), types or {})
    with Store.open(db_path) as store:
        store.check_pack_ids(pack_ids or ())
        return _collect(store, now, scope, days, pack_ids or store.pack_ids(), types or {})


def question_types(packs: Sequence[Pack]) -> dict[str, str]:
    """Question key -> exercise type, for true retention by type (the database has no types)."""
    from quizapp.packs.directions import study_questions

    return {q.key: q.type for pack in packs for q in study_questions(pack.questions)}


def _collect(
    store: Store,
    now: datetime,
    scope: Scope,
    days: int,
    pack_ids: list[str],
    types: Mapping[str, str],
) -> dict[str, Any]:
    """Counts, per-day reviews and forecast (store.counts.stats), then streaks, true retention
    by pack/tag/type over the same days, the weakest questions and the parameters in use."""
    from quizapp.services.optimize import parameters_by_pack
    from quizapp.services.retention import retention_by, streaks, weakest
    from quizapp.store.counts import stats
    from quizapp.store.retention import review_outcomes, studied_cards

    settings = store.load_settings()
    data = stats(store, now, settings, scope, days)
    parameters = parameters_by_pack(store, pack_ids)
    first_day = settings.day_start_on(settings.study_day(now) - timedelta(days=days - 1))
    outcomes = review_outcomes(store, first_day, now, scope)
    cards = [c for c in studied_cards(store, scope) if c.pack_id in parameters]
    weights = {pack: used["parameters"] for pack, used in parameters.items()}
    return {
        **data,
        "streak": streaks(list(data["reviews_by_day"].values())),
        "true_retention": retention_by(outcomes, types),
        "weakest": weakest(cards, weights, now),
        "parameters": parameters,
    }


def format_stats(data: dict[str, Any]) -> str:
    """Plain-text rendering for the terminal."""
    retention = data["retention"]
    lines = [
        f"Questions: {data['new']} new, {data['learning']} learning, {data['review']} review, "
        f"{data['suspended']} suspended ({data['leeches']} leech{'es' * (data['leeches'] != 1)}"
        + ("; `quizapp suspended` lists them)" if data["suspended"] else ")"),
        _due_line(data),
        *_hidden_line(data),
        "True retention (last {} days): {}".format(
            data["days"],
            f"{retention:.1%} of {data['retention_reviews']} reviews"
            if retention is not None
            else "no reviews of mature questions yet",
        ),
        f"Reviews per day (last {data['days']} days, oldest first):",
        "  " + _bars(list(data["reviews_by_day"].values())),
        "Due in the next 30 days (today first):",
        "  " + _bars(data["forecast"]),
        f"  total {sum(data['forecast'])}, busiest day {max(data['forecast'], default=0)}",
        *_parameter_lines(data.get("parameters", {})),
    ]
    return "\n".join(lines)


def _parameter_lines(by_pack: dict[str, dict[str, Any]]) -> list[str]:
    """Which FSRS parameters each pack is scheduled with (`quizapp optimize` changes them)."""
    if not by_pack:
        return []
    lines = ["FSRS parameters in use:"]
    for pack_id, used in by_pack.items():
        if used["source"] == "defaults":
            where = "defaults (`quizapp optimize` fits them to your reviews)"
        else:
            whose = "this pack's" if used["source"] == "pack" else "all packs'"
            where = f"fitted to {whose} {used['reviews']:,} reviews on {used['fitted'][:10]}"
        lines.append(f"  {pack_id}: {where}")
    return lines


def _bars(values: list[int]) -> str:
    """A one-line sparkline (plain block characters; every terminal font has them)."""
    blocks = " ▁▂▃▄▅▆▇█"
    top = max(values, default=0)
    if top == 0:
        return "·" * len(values) + "  (none)"
    return "".join(blocks[min(8, -(-v * 8 // top))] for v in values) + f"  (max {top})"


def _due_line(data: dict[str, Any]) -> str:
    """Due now (what study shows, as the home screen counts it) and due today."""
    now = data.get("due_now") or {"new": 0, "learning": 0, "review": 0}
    return (
        f"Due now: {now['learning']} learning, {now['review']} review, {now['new']} new    "
        f"Due today: {data['due_today']}    Reviews today: {data['reviews_today']}"
    )


def _hidden_line(data: dict[str, Any]) -> list[str]:
    """Say so when the daily new limit holds unseen questions back, and how to get them."""
    hidden = (data.get("due_now") or {}).get("new_hidden", 0)
    if not hidden:
        return []
    return [
        f"{hidden} more new question{'s' * (hidden != 1)} wait beyond today's new limit: "
        f"`quizapp study --extra-new {min(hidden, 20)}` studies more today"
    ]
