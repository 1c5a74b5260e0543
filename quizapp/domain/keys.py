"""`CardKey`: which card, as one value instead of a `pack/question` string parsed in place."""

from __future__ import annotations

from typing import NamedTuple

from quizapp.errors import QuizappError
from quizapp.i18n import _


class CardKey(NamedTuple):
    """Which card: a pack id and a question id, written `pack/question` wherever a person or a
    file sees it (CLI arguments and output, exported notes). Pack ids never contain "/"."""

    pack_id: str
    question_id: str

    def __str__(self) -> str:
        return f"{self.pack_id}/{self.question_id}"

    @classmethod
    def parse(cls, text: str) -> CardKey:
        """`pack/question` as a CardKey; QuizappError saying what is expected otherwise."""
        pack_id, sep, question_id = text.partition("/")
        if not sep or not pack_id or not question_id:
            raise QuizappError(
                _("not a question key: {text!r} (expected pack-id/question-id)").format(text=text)
            )
        return cls(pack_id, question_id)
