"""Each question type's own data (options, steps, ladder rows), as the app reads it.

Plain records (NamedTuples) built from the header once validated (`packs/format.py` checks it and
hands over its dump: every field present, defaults filled in, values coerced). Plain, not the
pydantic models, so grading, the UI and export never import the validation layer, and a
question rebuilt from the cache gets its data without pydantic. NamedTuples, not frozen
dataclasses: this module loads before the first question is shown, and a dataclass compiles
its generated methods at import (~4 M instructions each, eight here; ~0.5 M for a NamedTuple).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

from quizapp.domain.text import LocalText, local

QUESTION_TYPES = ("flashcard", "choice", "typed", "cloze", "order", "diagram")
"""Every question type, in the order help and the schema list them."""

COMMON_FIELDS = frozenset({"id", "type", "tags", "source", "topic"})
"""Header keys every type has; the Question itself carries them."""


class FlashcardData(NamedTuple):
    """The front and back are the question's texts (its prompt and `answer` sections)."""

    reverse: bool
    """Also studied back to front, as its own card (`packs.directions`)."""


class ChoiceOption(NamedTuple):
    """One option of a choice question."""

    text: LocalText
    correct: bool
    feedback: LocalText | None


class ChoiceData(NamedTuple):
    """Options, which are right, and whether several may be picked."""

    options: tuple[ChoiceOption, ...]
    multiple: bool | None
    """As written; None means 'decide from the options' (see `is_multiple`)."""
    shuffle: bool

    @property
    def is_multiple(self) -> bool:
        """Whether the learner may pick several options (default: more than one is correct)."""
        if self.multiple is not None:
            return self.multiple
        return sum(o.correct for o in self.options) > 1


class TypedData(NamedTuple):
    """Accepted answers, for every language or per language; the first is the one shown."""

    accept: tuple[str, ...] | dict[str, tuple[str, ...]]
    case_sensitive: bool

    def accepted(self, lang: str, fallbacks: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The accepted answers in `lang`, else in the first fallback present, else any."""
        if isinstance(self.accept, tuple):
            return self.accept
        for candidate in (lang, *fallbacks):
            if candidate in self.accept:
                return self.accept[candidate]
        return next(iter(self.accept.values()), ())


class ClozeData(NamedTuple):
    """The blanks are in the prompt text (`{{answer|synonym}}`); only matching is set here."""

    case_sensitive: bool


class OrderData(NamedTuple):
    """Steps in their correct order, and steps that do not belong.

    `ranks` gives each step its place in the order; the steps of a group (written as a list
    in `steps:`) share one, so any order among them is right.
    """

    steps: tuple[LocalText, ...]
    distractors: tuple[LocalText, ...]
    ranks: tuple[int, ...]

    @classmethod
    def from_written(
        cls, written: Sequence[LocalText | Sequence[LocalText]], distractors: Sequence[LocalText]
    ) -> OrderData:
        """From the header's `steps`, where a list stands for a group of steps."""
        steps: list[LocalText] = []
        ranks: list[int] = []
        for rank, entry in enumerate(written):
            group: list[LocalText] = [entry] if isinstance(entry, str | dict) else list(entry)
            steps += group
            ranks += [rank] * len(group)
        return cls(tuple(steps), tuple(distractors), tuple(ranks))

    def places(self, index: int) -> tuple[int, int]:
        """The positions (from 1) that step `index` may take: its group's first and last."""
        rank = self.ranks[index]
        return sum(r < rank for r in self.ranks) + 1, sum(r <= rank for r in self.ranks)

    def place(self, index: int) -> str:
        """Step `index`'s position as shown: `4`, or `4–5` for a step of a group."""
        first, last = self.places(index)
        return str(first) if first == last else f"{first}–{last}"

    def groups(self) -> list[list[int]]:
        """Step indexes by place: `[[0], [1, 2], [3]]` when steps 1 and 2 form a group."""
        out: dict[int, list[int]] = {}
        for index, rank in enumerate(self.ranks):
            out.setdefault(rank, []).append(index)
        return list(out.values())


class DiagramRow(NamedTuple):
    """One message on a ladder, and each side's state after it (None: unchanged)."""

    dir: Literal["->", "<-"]
    flags: str
    seq: int | str | None
    ack: int | str | None
    len: int
    left: str | None
    right: str | None
    lost: bool
    note: LocalText | None


DIAGRAM_FIELDS = ("flags", "seq", "ack", "left", "right")
"""Row fields a blank may name (`ROW.FIELD`)."""


class DiagramData(NamedTuple):
    """A two-participant ladder; `blanks` name the `ROW.FIELD`s the learner fills in."""

    participants: tuple[LocalText, ...]
    start: tuple[str, ...] | None
    """Each participant's state before the first row."""
    rows: tuple[DiagramRow, ...]
    blanks: tuple[str, ...]
    protocol: str | None
    """Which protocol's rules the ladder follows (`quizapp.protocols`), if any."""

    def names(self, lang: str = "en") -> list[str]:
        """The participants' names in `lang`."""
        return [local(p, lang) for p in self.participants]


QuestionData = FlashcardData | ChoiceData | TypedData | ClozeData | OrderData | DiagramData


def _choice(f: Mapping[str, Any]) -> ChoiceData:
    options = tuple(ChoiceOption(**o) for o in f["options"])
    return ChoiceData(options=options, multiple=f["multiple"], shuffle=f["shuffle"])


def _typed(f: Mapping[str, Any]) -> TypedData:
    accept = f["accept"]
    if isinstance(accept, dict):
        return TypedData({k: tuple(v) for k, v in accept.items()}, f["case_sensitive"])
    return TypedData(tuple(accept), f["case_sensitive"])


def _diagram(f: Mapping[str, Any]) -> DiagramData:
    start = f["start"]
    return DiagramData(
        participants=tuple(f["participants"]),
        start=None if start is None else tuple(start),
        rows=tuple(DiagramRow(**r) for r in f["rows"]),
        blanks=tuple(f["blanks"]),
        protocol=f["protocol"],
    )


_BUILDERS: dict[str, Callable[[Mapping[str, Any]], QuestionData]] = {
    "flashcard": lambda f: FlashcardData(f["reverse"]),
    "choice": _choice,
    "typed": _typed,
    "cloze": lambda f: ClozeData(f["case_sensitive"]),
    "order": lambda f: OrderData.from_written(f["steps"], f["distractors"]),
    "diagram": _diagram,
}


def question_data(header: Mapping[str, Any]) -> QuestionData:
    """The typed data of a validated header (all fields present); KeyError on an unknown type."""
    return _BUILDERS[header["type"]](header)
