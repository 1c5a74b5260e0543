"""Loaded packs: what the rest of the app sees once a pack has been parsed and validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from quizapp.errors import PackProblem
from quizapp.packs.text import local

if TYPE_CHECKING:
    from quizapp.packs.format import PackMeta

LocalText = str | dict[str, str]


@dataclass(frozen=True)
class PackInfo:
    """`pack.yaml` once validated against `format.PackMeta`, as plain data.

    Plain (not the pydantic model) so it can be rebuilt from the cache without importing
    pydantic: a warm start shows its first question without building the format models.
    """

    id: str
    version: str
    title: LocalText
    description: LocalText
    languages: list[str]
    license: str
    authors: list[str]
    synonyms: list[list[str]] = field(default_factory=list)
    explanations: str = "required"

    @classmethod
    def from_model(cls, meta: PackMeta) -> PackInfo:
        """From the validated model."""
        return cls(**meta.model_dump())

    def to_plain(self) -> dict[str, Any]:
        """Plain dict (for the marshal cache); `PackInfo(**d)` rebuilds it."""
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


class QuestionText(NamedTuple):
    """A question's Markdown in one language (a tuple: cheap to build from the cache)."""

    prompt: str
    answer: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class Question:
    """One question with its texts per language and its typed data (a format model).

    The header is kept as plain validated data and turned into its model on first use,
    so a warm start from the cache does not rebuild 10,000 pydantic models up front.
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
    """The header as written (already validated)."""
    content_hash: str
    """Hash of header and body, so the store can tell an edited question from an unchanged one."""

    @cached_property
    def data(self) -> Any:
        """The typed header: a FlashcardQuestion, ChoiceQuestion, ... from format.py."""
        from quizapp.packs.format import QUESTION_ADAPTER

        return QUESTION_ADAPTER.validate_python(self.header)

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
        return f"{self.pack_id}/{self.id}"

    def text(self, lang: str, fallbacks: tuple[str, ...] = ()) -> QuestionText:
        """The text in `lang`, else in the first fallback present, else in any language."""
        for candidate in (lang, *fallbacks):
            if candidate in self.texts:
                return self.texts[candidate]
        return next(iter(self.texts.values()))


@dataclass(frozen=True, slots=True)
class Pack:
    """A loaded pack. `problems` non-empty means it is broken and has no usable questions."""

    path: Path
    id: str
    meta: PackInfo | None
    questions: tuple[Question, ...] = ()
    problems: tuple[PackProblem, ...] = ()
    files: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when the pack loaded without a problem."""
        return not self.problems

    @property
    def languages(self) -> tuple[str, ...]:
        """Required languages, default first."""
        return tuple(self.meta.languages) if self.meta else ()

    def title(self, lang: str) -> str:
        """The pack title in `lang` (falls back to the pack's default language)."""
        if self.meta is None:
            return self.id
        return local(self.meta.title, lang, self.languages)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if any."""
        for q in self.questions:
            if q.id == question_id:
                return q
        return None
