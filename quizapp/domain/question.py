"""A question as the app reads it: identity, texts per language, and its type's data.

Built by the packs layer (which validates the files) and read by grading, the UI, the store
sync and export, none of which need to know how a pack is written on disk.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from quizapp.domain.keys import CardKey
from quizapp.domain.question_data import QuestionData, question_data

DataT = TypeVar("DataT", bound=QuestionData)


class QuestionText(NamedTuple):
    """A question's Markdown in one language (a tuple: cheap to build from the cache)."""

    prompt: str
    answer: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class Question:
    """One question with its texts per language and its typed data.

    The header is kept as plain validated data and turned into its typed data on first use,
    so a warm start from the cache does not build 10,000 objects up front.
    """

    pack_id: str
    id: str
    type: str
    tags: tuple[str, ...]
    source: str | None
    topic: str
    file: str
    """Path of the Markdown file, relative to the pack folder."""
    line: int
    """Line of the question's opening `---`, for `file:line` pointers."""
    texts: dict[str, QuestionText]
    header: dict[str, Any]
    """The header once validated, as plain data: every field, defaults filled in."""
    content_hash: str
    """Hash of header and body, so the store can tell an edited question from an unchanged one."""

    @cached_property
    def data(self) -> QuestionData:
        """The type's own data: ChoiceData, OrderData, DiagramData, ... (question_data.py)."""
        return question_data(self.header)

    def data_as(self, kind: builtins.type[DataT]) -> DataT:
        """`data` as the type the caller handles; TypeError for a question of another type."""
        data = self.data
        if not isinstance(data, kind):
            raise TypeError(f"{self.key} is a {self.type} question, not {kind.__name__}")
        return data

    @classmethod
    def restore(cls, fields: dict[str, Any]) -> Question:
        """Rebuild from trusted cached fields without the frozen-dataclass __init__ (5x faster)."""
        question = cls.__new__(cls)
        question.__dict__.update(fields)
        return question

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("data", None)  # rebuilt on demand
        return state

    @property
    def key(self) -> str:
        """Globally unique identity: `pack-id/question-id`."""
        return str(CardKey(self.pack_id, self.id))

    def text(self, lang: str, fallbacks: tuple[str, ...] = ()) -> QuestionText:
        """The text in `lang`, else in the first fallback present, else in any language."""
        for candidate in (lang, *fallbacks):
            if candidate in self.texts:
                return self.texts[candidate]
        return next(iter(self.texts.values()))
