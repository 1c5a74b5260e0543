"""Cards in the database for the commands: `quizapp suspended` / `unsuspend` find the questions
taken out of study and put them back; `export anki --with-progress` reads every state.

A leech is suspended automatically after repeated lapses, as in Anki; without a way back it
would be lost to the learner for good. Unsuspending keeps its history, lapses and "leech" mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.errors import QuizappError
from quizapp.store.records import CardInfo

if TYPE_CHECKING:
    from quizapp.domain.pack import Pack


def list_suspended(
    db_path: Path, *, pack_ids: Sequence[str] = (), tag: str | None = None
) -> list[CardInfo]:
    """Suspended questions in these packs (all when empty) with this tag; none if no database."""
    from quizapp.store.records import Scope
    from quizapp.store.repository import Store

    if not db_path.exists():  # nothing studied yet: do not create a database to say so
        return []
    with Store.open(db_path) as store:
        store.check_pack_ids(pack_ids)
        return store.suspended(Scope(tuple(pack_ids) or None, tag))


def unsuspend(db_path: Path, keys: Sequence[str]) -> list[str]:
    """Put these `pack/question` keys back into study; QuizappError names any that are not
    suspended, and then none is changed."""
    from quizapp.store.repository import Store

    if not db_path.exists():
        raise QuizappError(f"no database at {db_path}: nothing has been suspended yet")
    with Store.open(db_path) as store:
        suspended = {card.key for card in store.suspended()}
        wrong = [key for key in keys if key not in suspended]
        if wrong:
            raise QuizappError(
                f"not suspended: {', '.join(wrong)} "
                "(`quizapp suspended` lists the suspended questions by pack/question id)"
            )
        for key in dict.fromkeys(keys):
            store.set_flags(key, suspended=False)
    return list(dict.fromkeys(keys))


def stored_states(db_path: Path, packs: Sequence[Pack]) -> dict[str, CardInfo]:
    """The stored card of every question in `packs` (`export anki --with-progress`); unknown
    questions are left out. QuizappError when there is no database to read."""
    from quizapp.store.repository import Store

    if not db_path.is_file():
        raise QuizappError(
            f"--with-progress: no quizapp database at {db_path}; study first, or pass --db FILE"
        )
    from quizapp.packs.directions import study_questions

    # Both directions of a reversible flashcard: each carries its own progress to Anki.
    keys = [q.key for pack in packs for q in study_questions(pack.questions)]
    with Store.open(db_path) as store:
        return store.card_states(keys)
