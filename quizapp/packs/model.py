"""Loaded packs: what the rest of the app sees once a pack has been parsed and validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.errors import PackProblem

if TYPE_CHECKING:
    from quizapp.packs.format import PackMeta


@dataclass(frozen=True, slots=True)
class QuestionText:
    """A question's Markdown in one language."""

    prompt: str
    answer: str = ""
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    """One question with its texts per language and its typed data (a format model)."""

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
    data: Any
    """The validated header: a FlashcardQuestion, ChoiceQuestion, ... from format.py."""
    content_hash: str
    """Hash of header and body, so the store can tell an edited question from an unchanged one."""

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
    meta: PackMeta | None
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
        from quizapp.packs.format import local

        if self.meta is None:
            return self.id
        return local(self.meta.title, lang, self.languages)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if any."""
        for q in self.questions:
            if q.id == question_id:
                return q
        return None
