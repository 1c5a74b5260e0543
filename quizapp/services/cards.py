"""Cards in the database for the commands: `quizapp suspended` / `unsuspend` find the questions
taken out of study and put them back, `quizapp unbury` shows buried ones again today;
`export anki --with-progress` reads every state.

A leech is suspended automatically after repeated lapses, as in Anki; without a way back it
would be lost to the learner for good. Unsuspending keeps its history, lapses and "leech" mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.domain import CardKey
from quizapp.errors import QuizappError
from quizapp.i18n import _
from quizapp.store.records import StoredCard

if TYPE_CHECKING:
    from quizapp.config import Settings
    from quizapp.domain.pack import Pack
    from quizapp.store.answer_log import LoggedAnswer


def list_suspended(
    db_path: Path, *, pack_ids: Sequence[str] = (), tag: str | None = None
) -> list[StoredCard]:
    """Suspended questions in these packs (all when empty) with this tag; none if no database."""
    from quizapp.store.records import Scope
    from quizapp.store.repository import Store

    if not db_path.exists():  # nothing studied yet: do not create a database to say so
        return []
    with Store.open(db_path) as store:
        store.check_pack_ids(pack_ids)
        return store.suspended(Scope(tuple(pack_ids) or None, tag))


def unsuspend(db_path: Path, keys: Sequence[str], now: datetime) -> list[str]:
    """Put these `pack/question` keys back into study, stamped `now` (the injected clock: the
    newest flag change wins a sync); QuizappError names any that are not suspended, and then
    none is changed."""
    from quizapp.store.repository import Store

    if not db_path.exists():
        raise QuizappError(
            _("no database at {path}: nothing has been suspended yet").format(path=db_path)
        )
    wanted = {key: CardKey.parse(key) for key in keys}  # a malformed key stops here
    with Store.open(db_path) as store:
        suspended = {card.key for card in store.suspended()}
        wrong = [text for text, key in wanted.items() if key not in suspended]
        if wrong:
            raise QuizappError(
                _(
                    "not suspended: {keys} (`quizapp suspended` lists the suspended questions "
                    "by pack/question id)"
                ).format(keys=", ".join(wrong))
            )
        for key in wanted.values():
            store.set_flags(key, suspended=False, now=now)
    return list(wanted)


def unbury(
    db_path: Path,
    now: datetime,
    keys: Sequence[str] = (),
    *,
    pack_ids: Sequence[str] = (),
) -> list[str]:
    """Show buried questions again today: these keys, or (none given) every buried one in
    these packs (all when empty), stamped `now`. Returns the keys unburied; QuizappError names
    a key that is not buried, and then none is changed."""
    from quizapp.store.buried import buried_keys
    from quizapp.store.records import Scope
    from quizapp.store.repository import Store

    if not db_path.exists():
        return []
    with Store.open(db_path) as store:
        store.check_pack_ids(pack_ids)
        buried = buried_keys(store, now, Scope(tuple(pack_ids) or None))
        wrong = [key for key in keys if key not in buried]
        if wrong:
            raise QuizappError(_("not buried: {keys}").format(keys=", ".join(wrong)))
        chosen = list(dict.fromkeys(keys)) if keys else buried
        for key in chosen:
            store.set_flags(CardKey.parse(key), unbury=True, now=now)
    return chosen


@dataclass(frozen=True)
class StoredProgress:
    """What `export anki --with-progress` carries: each question's card, its logged answers
    and the settings that name the learner's study days."""

    cards: dict[str, StoredCard]
    answers: dict[str, list[LoggedAnswer]]
    settings: Settings


def stored_progress(db_path: Path, packs: Sequence[Pack]) -> StoredProgress:
    """The stored card and review log of every question in `packs`; unknown questions are
    left out. QuizappError when there is no database to read."""
    from quizapp.store.answer_log import answers_of
    from quizapp.store.repository import Store

    if not db_path.is_file():
        raise QuizappError(
            _(
                "--with-progress: no quizapp database at {path}; study first, or pass --db FILE"
            ).format(path=db_path)
        )
    from quizapp.packs.directions import study_questions

    # Both directions of a reversible flashcard: each carries its own progress to Anki.
    keys = [CardKey(q.pack_id, q.id) for pack in packs for q in study_questions(pack.questions)]
    with Store.open(db_path) as store:
        cards = {str(key): card for key, card in store.card_states(keys).items()}
        logged = answers_of(store, [card.id for card in cards.values()])
        settings = store.load_settings()
    answers = {key: logged.get(card.id, []) for key, card in cards.items()}
    return StoredProgress(cards, answers, settings)


def suspend(db_path: Path, keys: Sequence[str], now: datetime) -> list[str]:
    """Take these `pack/question` keys out of study until unsuspended (the browse screen),
    stamped `now` (the injected clock: the newest flag change wins a sync)."""
    from quizapp.store.repository import Store

    wanted = [CardKey.parse(key) for key in keys]
    with Store.open(db_path) as store:
        for key in wanted:
            store.set_flags(key, suspended=True, now=now)
    return [str(key) for key in wanted]


def forget(db_path: Path, keys: Sequence[str]) -> int:
    """Put these questions back to new (Anki's Forget): their review log, reps and lapses are
    kept, their memory state and due date go. Returns how many cards changed."""
    from quizapp.store.browse import forget as forget_cards
    from quizapp.store.repository import Store

    wanted = [CardKey.parse(key) for key in keys]
    with Store.open(db_path) as store:
        return forget_cards(store, wanted)
