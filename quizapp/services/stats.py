"""`quizapp stats`: counts, reviews per day, true retention and a 30-day due forecast."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any


def collect_stats(
    db_path: Path, now: datetime, *, pack_ids: list[str] | None = None, days: int = 30
) -> dict[str, Any]:
    """The stats of the database at db_path (all zeros, and no file created, if it is missing)."""
    from quizapp.services.optimize import parameters_by_pack
    from quizapp.store.counts import stats
    from quizapp.store.records import Scope
    from quizapp.store.repository import Store

    scope = Scope(tuple(pack_ids) if pack_ids else None)
    if not db_path.exists():
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "empty.db") as store:
            data = stats(store, now, store.load_settings(), scope, days)
            return {**data, "parameters": parameters_by_pack(store, list(pack_ids or ()))}
    with Store.open(db_path) as store:
        store.check_pack_ids(pack_ids or ())
        data = stats(store, now, store.load_settings(), scope, days)
        return {**data, "parameters": parameters_by_pack(store, pack_ids or store.pack_ids())}


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
