"""Browse and search: every question of the loaded packs with its state in the database,
filters (pack, tag, type, state, due) and full-text search over every language's prompt,
answer and explanation.

Search is a substring match on case-folded text, term by term (all terms must match), so
Chinese, written without spaces between words, matches by characters: `握手` finds `三次握手`.
The texts of all questions are joined into one string once; a term is found with `str.find`
over it (C speed, no Python loop per question) and each hit is mapped back to its question by
bisecting the start offsets. bench/search.py times it on 10,000 questions.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.domain import CardKey
from quizapp.domain.text import prompt_line

if TYPE_CHECKING:
    from quizapp.domain.pack import Pack
    from quizapp.domain.question import Question

STATE_FILTERS = ("new", "learning", "review", "suspended", "buried", "leech")
"""The states a learner filters by (learning includes relearning, as in Anki's browser)."""
STATE_NAMES = ("new", "learning", "review", "relearning")
_SEPARATOR = "\x00"
"""Between questions in the joined text: no search term can contain it, so no hit spans two."""


@dataclass(frozen=True)
class BrowseRow:
    """One line of the browse table."""

    key: str
    pack_id: str
    question_id: str
    type: str
    tags: tuple[str, ...]
    prompt: str
    """The prompt on one line, in the language shown."""
    state: str = "new"
    suspended: bool = False
    buried: bool = False
    leech: bool = False
    due: datetime | None = None
    due_today: bool = False
    lapses: int = 0
    last_answer: datetime | None = None
    last_grade: int | None = None

    def state_label(self) -> str:
        """What the State column says: the state, or why the question is out of study."""
        if self.suspended:
            return "leech" if self.leech else "suspended"
        return "buried" if self.buried else self.state

    def matches_state(self, wanted: str) -> bool:
        """The state filter: learning covers relearning; flags are their own states."""
        if wanted in ("suspended", "buried", "leech"):
            return bool(getattr(self, wanted))
        if wanted == "learning":
            return self.state in ("learning", "relearning")
        return self.state == wanted


@dataclass(frozen=True)
class Filters:
    """What the browse screen narrows the table to (None / empty: no filter)."""

    pack: str | None = None
    tag: str | None = None
    type: str | None = None
    state: str | None = None
    due: bool = False
    """Only questions due today (records.DUE_TODAY)."""
    text: str = ""


class SearchIndex:
    """Every question's searchable text in one case-folded string."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for text in texts:
            self.starts.append(offset)
            folded = text.casefold().replace(_SEPARATOR, " ")
            parts.append(folded)
            offset += len(folded) + 1
        self.joined = _SEPARATOR.join(parts)
        self.size = len(texts)
        self.ends = [*self.starts[1:], len(self.joined)]
        """Where the next question starts: the search goes on from there after a hit."""

    def find(self, query: str) -> set[int]:
        """Indexes of the texts containing every whitespace-separated term of `query`."""
        found: set[int] | None = None
        # the longest term first: usually the rarest, so the others are looked for only
        # inside its few hits
        for term in sorted(query.casefold().split(), key=len, reverse=True):
            hits = self._find_term(term, found)
            found = hits if found is None else found & hits
            if not found:
                return set()
        return found if found is not None else set(range(self.size))

    def _find_term(self, term: str, within: set[int] | None) -> set[int]:
        if within is not None and len(within) * 8 < self.size:
            # few candidates left: look inside each one's own stretch of the joined text
            find, starts, ends = self.joined.find, self.starts, self.ends
            return {i for i in within if find(term, starts[i], ends[i]) != -1}
        hits: list[int] = []
        starts, find, right = self.starts, self.joined.find, bisect.bisect_right
        ends = self.ends
        index = 0
        at = find(term)
        while at != -1:
            index = right(starts, at, index) - 1
            hits.append(index)
            at = find(term, ends[index])  # one match per question is enough
        return set(hits) if within is None else within.intersection(hits)


def searchable_text(question: Question) -> str:
    """Prompt, answer and explanation in every language the question has."""
    return "\n".join(
        part
        for text in question.texts.values()
        for part in (text.prompt, text.answer, text.explanation)
        if part
    )


class Browser:
    """The questions of the loaded packs, their stored states and a search index."""

    def __init__(self, packs: Sequence[Pack], lang_for: dict[str, str]) -> None:
        from quizapp.packs.directions import study_questions

        self.rows: list[BrowseRow] = []
        texts: list[str] = []
        for pack in packs:
            lang = lang_for.get(pack.id, "en")
            for question in study_questions(pack.questions):
                text = question.text(lang, pack.languages)
                self.rows.append(
                    BrowseRow(
                        key=question.key,
                        pack_id=question.pack_id,
                        question_id=question.id,
                        type=question.type,
                        tags=question.tags,
                        prompt=prompt_line(text.prompt, 200),
                    )
                )
                texts.append(searchable_text(question))
        self.index = SearchIndex(texts)

    def load_states(self, db_path: Path, now: datetime) -> None:
        """Read every question's state, due date, lapses and last answer from the database."""
        from quizapp.store.browse import browse_cards
        from quizapp.store.records import STATES, from_ms
        from quizapp.store.repository import Store

        if not db_path.exists():
            return
        with Store.open(db_path) as store:
            cards = browse_cards(store, now, store.load_settings())
        for i, row in enumerate(self.rows):
            card = cards.get(CardKey(row.pack_id, row.question_id))
            if card is None:
                continue
            self.rows[i] = replace(
                row,
                state=STATES[card.state],
                suspended=card.suspended,
                buried=card.buried,
                leech=card.leech,
                due=from_ms(card.due_ms),
                due_today=card.due_today,
                lapses=card.lapses,
                last_answer=from_ms(card.last_review_ms),
                last_grade=card.last_grade,
            )

    def filter(self, filters: Filters) -> list[BrowseRow]:
        """The rows that pass every filter, in pack file order."""
        chosen: Iterable[int] = range(len(self.rows))
        if filters.text.strip():
            chosen = sorted(self.index.find(filters.text))
        out = []
        for i in chosen:
            row = self.rows[i]
            if filters.pack and row.pack_id != filters.pack:
                continue
            if filters.tag and filters.tag not in row.tags:
                continue
            if filters.type and row.type != filters.type:
                continue
            if filters.state and not row.matches_state(filters.state):
                continue
            if filters.due and not row.due_today:
                continue
            out.append(row)
        return out

    def choices(self) -> tuple[list[str], list[str], list[str]]:
        """The packs, tags and types present, for the filter pick-lists."""
        packs = sorted({r.pack_id for r in self.rows})
        tags = sorted({t for r in self.rows for t in r.tags})
        types = sorted({r.type for r in self.rows})
        return packs, tags, types


@dataclass(frozen=True)
class MemoryState:
    """What FSRS knows about a question now."""

    state: str
    stability: float | None
    """Days until recall falls to 90 %."""
    difficulty: float | None
    """1 (easy) to 10 (hard)."""
    retrievability: float | None
    """Predicted chance of recall now (None for a new question)."""
    reps: int
    lapses: int
    due: datetime | None


@dataclass(frozen=True)
class QuestionDetail:
    """A question's review history and memory state, for the browse screen's detail view."""

    history: list[HistoryLine]
    memory: MemoryState | None
    """None when the database has no card for it yet."""


@dataclass(frozen=True)
class HistoryLine:
    """One answer: when, the grade, the interval it set and the time taken."""

    when: datetime
    grade: int
    interval_days: float | None
    seconds: float


def question_detail(db_path: Path, key: str, now: datetime) -> QuestionDetail:
    """The review history and memory state of one question (`pack/question`)."""
    from quizapp import scheduler
    from quizapp.services.optimize import in_use
    from quizapp.store.browse import card_history
    from quizapp.store.params import parameters_in_use
    from quizapp.store.records import from_ms
    from quizapp.store.repository import Store

    card_key = CardKey.parse(key)
    if not db_path.exists():
        return QuestionDetail([], None)
    with Store.open(db_path) as store:
        settings = store.load_settings()
        stored = store.card_states([card_key]).get(card_key)
        entries = card_history(store, card_key)
        parameters = in_use(parameters_in_use(store), card_key.pack_id).parameters
    history = [
        HistoryLine(
            when=from_ms(e.reviewed_ms) or now,
            grade=e.grade,
            interval_days=e.interval_ms / 86_400_000 if e.interval_ms is not None else None,
            seconds=e.duration_ms / 1000,
        )
        for e in entries
    ]
    if stored is None:
        return QuestionDetail(history, None)
    state = stored.state
    recall = (
        scheduler.retrievability(settings, state, now, parameters)
        if state.state != "new" and state.stability
        else None
    )
    memory = MemoryState(
        state.state,
        state.stability,
        state.difficulty,
        recall,
        state.reps,
        state.lapses,
        state.due,
    )
    return QuestionDetail(history, memory)
