"""`--with-progress`: Anki's cards and review log as quizapp card states and review rows.

The schedule is carried: each card keeps Anki's state, due date, reps and lapses, and its
FSRS memory state (`s`, `d`, `lrt` in the card's data) when Anki has one. A deck studied with
SM-2 has none; then stability and difficulty are recomputed by replaying the card's graded
review log through quizapp's FSRS scheduler, as Anki does when FSRS is switched on. Every
graded review row comes along, so the statistics and a later optimiser see the history.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from quizapp import scheduler
from quizapp.config import Settings
from quizapp.domain import CardState, CardStateName, Grade
from quizapp.i18n import _
from quizapp.importer.anki.notes import Draft
from quizapp.store.anki_collection import AnkiTables
from quizapp.store.history import ImportedCard, ImportedReview

_DAY = 86_400
_STATE: dict[int, CardStateName] = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
# revlog type (0 learn, 1 review, 2 relearn, 3 filtered) -> quizapp review kind (state before)
_KIND = {0: 1, 1: 2, 2: 3, 3: 2}
_QUEUE_SUSPENDED, _QUEUE_LEARN = -1, 1


@dataclass(frozen=True)
class _Card:
    id: int
    type: int
    queue: int
    due: int
    ivl: int
    reps: int
    lapses: int
    data: dict[str, Any]


def _card(row: tuple[Any, ...]) -> _Card:
    cid, _nid, _did, _ord, ctype, queue, due, ivl, _f, reps, lapses, _left, odue, odid, data = row
    try:
        parsed = json.loads(data) if data else {}
    except (TypeError, ValueError):
        parsed = {}
    return _Card(
        int(cid),
        int(ctype),
        int(queue),
        int(odue if odid else due),  # in a filtered deck: the home deck's due
        int(ivl),
        int(reps),
        int(lapses),
        parsed if isinstance(parsed, dict) else {},
    )


def _reviews(rows: Sequence[tuple[Any, ...]]) -> list[ImportedReview]:
    """Graded rows that affect scheduling (no manual/rescheduled rows, no cram previews)."""
    out = []
    first = True
    for rid, _cid, ease, _ivl, _last, factor, taken, rtype in rows:
        if not 1 <= ease <= 4 or (rtype == 3 and factor == 0) or rtype > 3:
            continue
        kind = 0 if first and rtype == 0 else _KIND[int(rtype)]
        first = False
        out.append(ImportedReview(int(rid), int(ease), kind, max(0, int(taken))))
    return out


class ProgressMapper:
    """Maps one collection's cards to quizapp states at `now`."""

    def __init__(self, tables: AnkiTables, settings: Settings, now: datetime) -> None:
        self.settings = settings
        self.now = now.astimezone(UTC)
        self.today = max(0, (int(self.now.timestamp()) - tables.crt) // _DAY)
        self.day_start = settings.day_start(self.now)
        self.cards: dict[tuple[int, int], _Card] = {
            (int(row[1]), int(row[3])): _card(row) for row in tables.cards
        }
        self.leeches = {int(n[0]) for n in tables.notes if "leech" in str(n[4]).lower().split()}
        self.revlog: dict[int, list[tuple[Any, ...]]] = {}
        for row in tables.revlog:
            self.revlog.setdefault(int(row[1]), []).append(row)

    def _due(self, card: _Card) -> datetime:
        if card.queue == _QUEUE_LEARN or card.due > 1_000_000_000:
            return datetime.fromtimestamp(card.due, UTC)
        return self.day_start + timedelta(days=card.due - self.today)

    def _memory(
        self, card: _Card, reviews: list[ImportedReview]
    ) -> tuple[float | None, float | None]:
        s, d = card.data.get("s"), card.data.get("d")
        if isinstance(s, int | float) and isinstance(d, int | float) and s > 0 and 1 <= d <= 10:
            return float(s), float(d)
        state = CardState()
        for review in reviews:
            when = datetime.fromtimestamp(review.reviewed_ms / 1000, UTC)
            state = scheduler.review(self.settings, state, Grade(review.grade), when)
        if state.stability is not None:
            return state.stability, state.difficulty
        # No usable history: Anki's own fallback takes the interval as the stability.
        return (float(card.ivl), 5.0) if card.ivl > 0 else (None, None)

    def state_of(self, card: _Card, reviews: list[ImportedReview]) -> CardState:
        """The quizapp state of one Anki card."""
        name = _STATE.get(card.type, "new")
        if name == "new":
            return CardState()
        due = self._due(card)
        lrt = card.data.get("lrt")
        if isinstance(lrt, int) and lrt > 0:
            last = datetime.fromtimestamp(lrt, UTC)
        elif reviews:
            last = datetime.fromtimestamp(reviews[-1].reviewed_ms / 1000, UTC)
        else:
            last = due - timedelta(days=max(card.ivl, 0))
        stability, difficulty = self._memory(card, reviews)
        return CardState(
            state=name,
            step=None if name == "review" else 0,
            stability=stability,
            difficulty=difficulty,
            due=due,
            last_review=last,
            reps=card.reps,
            lapses=card.lapses,
        )

    def imported(self, draft: Draft) -> list[ImportedCard]:
        """One ImportedCard per quizapp card of the draft (a cloze note's cards merge)."""
        by_question: dict[str, list[_Card]] = {}
        for ordinal, question_id in draft.cards.items():
            card = self.cards.get((draft.note_id, ordinal))
            if card is not None:
                by_question.setdefault(question_id, []).append(card)
        out = []
        for question_id, cards in by_question.items():
            rows = sorted(row for c in cards for row in self.revlog.get(c.id, []))
            reviews = _reviews(rows)
            studied = [c for c in cards if c.type != 0]
            if not studied and not reviews:
                continue  # never studied in Anki: it starts new here too
            # Several Anki cards for one question (cloze c1, c2...): the one due first leads.
            lead = min(studied, key=self._due) if studied else cards[0]
            out.append(
                ImportedCard(
                    question_id,
                    self.state_of(lead, _reviews(self.revlog.get(lead.id, []))),
                    tuple(reviews),
                    suspended=lead.queue == _QUEUE_SUSPENDED,
                    leech=draft.note_id in self.leeches,
                )
            )
        return out


def carry_progress(
    drafts: Sequence[Draft], tables: AnkiTables, pack_dir: Any, db_path: Any, now: datetime
) -> tuple[int, int, int]:
    """Sync the written pack into the database at `db_path` and bring the history in.

    Returns (reviews logged, cards given Anki's state, cards kept as studied in quizapp).
    """
    from quizapp.errors import QuizappError
    from quizapp.packs.directions import study_questions
    from quizapp.packs.loader import load_pack
    from quizapp.store.history import import_history
    from quizapp.store.repository import Store

    pack = load_pack(pack_dir)
    if pack.meta is None or not pack.questions:
        raise QuizappError(
            _("{path}: the imported pack did not load; no progress carried").format(path=pack_dir)
        )
    lang = pack.languages[0]
    items = [(q.id, q.content_hash, q.tags) for q in study_questions(pack.questions)]
    with Store.open(db_path) as store:
        store.sync_pack(pack.id, pack.title(lang), items, now)
        mapper = ProgressMapper(tables, store.load_settings(), now)
        cards = [card for draft in drafts for card in mapper.imported(draft)]
        result = import_history(store, pack.id, cards)
    return result.reviews, result.cards, result.kept
