"""A loaded pack as the app reads it: what it is, its questions, or why it is broken.

NamedTuples, not frozen dataclasses: both load before the first question is shown, and a
dataclass compiles its generated methods at import (~4 M instructions, against ~0.5 M)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from quizapp.domain.question import Question
from quizapp.domain.text import LocalText, local
from quizapp.errors import PackProblem


class PackInfo(NamedTuple):
    """`pack.yaml` once validated (against `packs.format.PackMeta`), as plain data.

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
    synonyms: list[list[str]]
    explanations: str = "required"

    def to_plain(self) -> dict[str, Any]:
        """Plain dict (for the marshal cache); `PackInfo(**d)` rebuilds it."""
        return self._asdict()


class Pack(NamedTuple):
    """A loaded pack. `problems` non-empty means it is broken and has no usable questions."""

    path: Path
    id: str
    meta: PackInfo | None
    questions: tuple[Question, ...] = ()
    problems: tuple[PackProblem, ...] = ()
    files: tuple[str, ...] = ()

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
