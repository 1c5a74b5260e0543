"""`quizapp stats` and the statistics screen: counts, reviews per day, streaks, true retention
(all, and young/mature by pack, tag and type), a 30-day due forecast, the weakest questions.
services.stats_text puts them in words."""

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


def prompts_of(packs: Sequence[Pack], keys: Sequence[str], lang: str) -> dict[str, str]:
    """The prompts of these question keys in `lang` (else each pack's first language), for
    the weakest questions on the screen and in plain `stats`."""
    wanted = set(keys)
    return {
        q.key: q.text(lang, p.languages).prompt
        for p in packs
        for q in p.questions
        if q.key in wanted
    }
