"""Loaded questions by key, the study session's lookup from a stored card to its question."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from quizapp.domain import CardKey
from quizapp.errors import QuizappError
from quizapp.packs.directions import study_questions

if TYPE_CHECKING:
    from quizapp.domain.pack import Pack
    from quizapp.domain.question import Question


class QuestionIndex(Mapping[str, "Question"]):
    """Loaded questions by key, stored per pack by id so no key strings are built.

    (A flat dict of 100k `pack/id` keys costs ~11 MB; this costs about half.)
    """

    def __init__(self, packs: list[Pack]) -> None:
        self._by_pack: dict[str, dict[str, Question]] = {
            p.id: {q.id: q for q in study_questions(p.questions)} for p in packs
        }

    def find(self, pack_id: str, question_id: str) -> Question | None:
        """The question, or None if its pack is not loaded or it is not in it."""
        return self._by_pack.get(pack_id, {}).get(question_id)

    def __getitem__(self, key: str) -> Question:
        try:
            question = self.find(*CardKey.parse(key))
        except QuizappError:
            question = None
        if question is None:
            raise KeyError(key)
        return question

    def __iter__(self) -> Iterator[str]:
        for pack_id, questions in self._by_pack.items():
            for question_id in questions:
                yield str(CardKey(pack_id, question_id))

    def __len__(self) -> int:
        return sum(len(q) for q in self._by_pack.values())
