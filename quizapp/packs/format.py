"""The on-disk pack format: pydantic models for `pack.yaml` and question headers.

The same models validate packs at load time and generate the JSON Schema in `docs/`, so the
schema editors use can never drift from what the loader accepts.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    TypeAdapter,
)
from pydantic import (
    Tag as BranchTag,
)
from pydantic_core import PydanticCustomError

from quizapp import protocols
from quizapp.packs.text import LANG_RE

QuestionType = Literal["flashcard", "choice", "typed", "cloze", "order", "diagram"]

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,79}$"
LANG_PATTERN = LANG_RE.pattern
TAG_PATTERN = r"^[\w][\w./-]{0,59}$"

# A stable id: never derived from the text, so editing the text keeps the review history.
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="Stable id: lowercase letters, digits, '.', '_' or '-' (max 80)."),
]
Lang = Annotated[
    str,
    StringConstraints(pattern=LANG_PATTERN, max_length=35),
    Field(description="A BCP 47 language tag such as 'en' or 'zh-CN'."),
]
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN)]
ShortText = Annotated[str, StringConstraints(max_length=2000)]
LocalText = Annotated[
    ShortText | dict[Lang, ShortText],
    Field(
        description="Text, either one string for every language or a mapping "
        "language -> string, e.g. {en: 'Client', zh-CN: '客户端'}."
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


MAX_LANGUAGES = 10
"""Each language multiplies the checks and the text kept per question; no pack needs more."""


def _each_once(languages: list[str]) -> list[str]:
    """A language listed twice would check and store every question twice over, or worse."""
    seen: set[str] = set()
    for lang in languages:
        if lang.lower() in seen:
            raise PydanticCustomError("duplicate", "'{lang}' is listed twice", {"lang": lang})
        seen.add(lang.lower())
    return languages


class PackMeta(_Strict):
    """`pack.yaml`: what the pack is, which languages it requires, who wrote it."""

    id: Id
    version: Annotated[str, StringConstraints(max_length=40)] = Field(
        description="The pack's own version, e.g. '1.0.0'."
    )
    title: LocalText
    description: LocalText
    languages: Annotated[list[Lang], AfterValidator(_each_once)] = Field(
        min_length=1,
        max_length=MAX_LANGUAGES,
        description="Languages every question must have text in; the first is the default.",
    )
    license: Annotated[str, StringConstraints(max_length=100)]
    authors: list[Annotated[str, StringConstraints(max_length=200)]] = Field(min_length=1)
    synonyms: list[list[ShortText]] = Field(
        default_factory=list,
        description="Groups of answers accepted for one another in typed, cloze and diagram "
        "blanks, e.g. [SYN_RECEIVED, SYN_RECV, SYN-RCVD].",
    )
    explanations: Literal["required", "optional"] = Field(
        default="required",
        description="'optional' lets questions go without an [lang.explanation] section; for "
        "packs imported from decks that have none (quizapp import anki writes it).",
    )


class _QuestionBase(_Strict):
    id: Id
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    source: Annotated[str, StringConstraints(max_length=300)] | None = Field(
        default=None, description="Where the fact comes from, e.g. 'RFC 9293 §3.5'."
    )
    topic: Tag | None = Field(
        default=None,
        description="Topic (Anki sub-deck); defaults to the Markdown file's name.",
    )


class FlashcardQuestion(_QuestionBase):
    """Front in the language section, back in its `answer` section; self-graded."""

    type: Literal["flashcard"]
    reverse: bool = Field(
        default=False,
        description="Also study it back to front (answer shown, prompt recalled), with its own "
        "schedule; Anki's 'Basic (and reversed card)'.",
    )


class ChoiceOption(_Strict):
    """One option of a choice question."""

    text: LocalText
    correct: bool = False
    feedback: LocalText | None = Field(
        default=None, description="Shown beside this option after checking."
    )


class ChoiceQuestion(_QuestionBase):
    """Single or multiple correct options, each with optional feedback."""

    type: Literal["choice"]
    options: list[ChoiceOption] = Field(min_length=2, max_length=12)
    multiple: bool | None = Field(
        default=None,
        description="Let the learner pick several options. Default: true when more than one "
        "option is correct.",
    )
    shuffle: bool = Field(default=True, description="Show the options in random order.")


class TypedQuestion(_QuestionBase):
    """A short typed answer, matched ignoring case, spaces and punctuation."""

    type: Literal["typed"]
    accept: list[ShortText] | dict[Lang, list[ShortText]] = Field(
        description="Accepted answers (the first is shown as the answer); a mapping gives "
        "them per language."
    )
    case_sensitive: bool = False


class ClozeQuestion(_QuestionBase):
    """A sentence with blanks: `{{answer}}` or `{{answer|synonym}}` in the prompt text."""

    type: Literal["cloze"]
    case_sensitive: bool = False


def _two_or_more(group: list[Any]) -> list[Any]:
    if len(group) < 2:
        raise PydanticCustomError(
            "group", "a group needs at least 2 steps; write a single step without brackets"
        )
    return group


StepGroup = Annotated[
    list[LocalText],
    AfterValidator(_two_or_more),
    Field(
        description="Steps whose relative order does not matter (any order within the group is "
        "right), written as a list in the place they take together (at least 2).",
    ),
]
Step = Annotated[
    Annotated[ShortText | dict[Lang, ShortText], BranchTag("one-step")]
    | Annotated[StepGroup, BranchTag("step-group")],
    Discriminator(lambda v: "step-group" if isinstance(v, list) else "one-step"),
]
"""A step, or a group of steps; only the branch the value's shape picks reports errors."""


class OrderQuestion(_QuestionBase):
    """Steps written in the correct order; shown shuffled with any distractors."""

    type: Literal["order"]
    steps: list[Step] = Field(
        max_length=20,
        description="The steps in the correct order. A list in place of one step is a group: "
        "its steps may come in any order among themselves.",
    )
    distractors: list[LocalText] = Field(
        default_factory=list,
        max_length=10,
        description="Steps that do not belong; the learner must discard them.",
    )


class DiagramRow(_Strict):
    """One message on the ladder, and each side's state after it."""

    dir: Literal["->", "<-"] = Field(description="'->' left to right, '<-' right to left.")
    flags: Annotated[str, StringConstraints(max_length=40)] = Field(
        description="Control flags joined by '+', e.g. 'SYN', 'SYN+ACK', 'FIN+ACK'."
    )
    seq: int | Annotated[str, StringConstraints(max_length=20)] | None = None
    ack: int | Annotated[str, StringConstraints(max_length=20)] | None = None
    len: int = Field(default=0, ge=0, le=1_000_000, description="Data bytes carried.")
    left: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        default=None, description="Left participant's state after this row (omit: unchanged)."
    )
    right: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        default=None, description="Right participant's state after this row (omit: unchanged)."
    )
    lost: bool = Field(default=False, description="The segment is lost and never arrives.")
    note: LocalText | None = None


class DiagramQuestion(_QuestionBase):
    """A two-participant ladder diagram; `blanks` names the fields the learner fills in."""

    type: Literal["diagram"]
    participants: list[LocalText] = Field(min_length=2, max_length=2)
    start: list[Annotated[str, StringConstraints(max_length=40)]] | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="Each participant's state before the first row.",
    )
    rows: list[DiagramRow] = Field(min_length=1, max_length=30)
    blanks: list[Annotated[str, StringConstraints(max_length=40)]] = Field(
        min_length=1,
        description="Fields to fill in, as 'ROW.FIELD' with ROW counted from 1 and FIELD one "
        "of flags, seq, ack, left, right; e.g. '2.ack'.",
    )
    protocol: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        default=None,
        description="The protocol whose rules the ladder follows (a folder in "
        "quizapp/protocols/), checked by `pack check`. "
        + "; ".join(p.summary for p in map(protocols.get, protocols.names()) if p)
        + ".",
        json_schema_extra={"enum": [*protocols.names(), None]},
    )


QuestionHeader = Annotated[
    FlashcardQuestion
    | ChoiceQuestion
    | TypedQuestion
    | ClozeQuestion
    | OrderQuestion
    | DiagramQuestion,
    Field(discriminator="type"),
]

MODEL_BY_TYPE: dict[str, type[_QuestionBase]] = {
    "flashcard": FlashcardQuestion,
    "choice": ChoiceQuestion,
    "typed": TypedQuestion,
    "cloze": ClozeQuestion,
    "order": OrderQuestion,
    "diagram": DiagramQuestion,
}

QUESTION_ADAPTER: TypeAdapter[Any] = TypeAdapter(QuestionHeader)


def plain_header(model: Any) -> dict[str, Any]:
    """A validated header as plain data, every field present: what `Question.header` holds.

    The domain builds each type's data from this (`domain.question_data`) and the cache stores
    it, so neither needs pydantic, and values the models coerce (`correct: yes`) arrive coerced.
    """
    plain: dict[str, Any] = QUESTION_ADAPTER.dump_python(model)
    return plain


def json_schema() -> dict[str, Any]:
    """JSON Schema for question headers and pack.yaml, for editors that validate YAML."""
    question = QUESTION_ADAPTER.json_schema()
    question["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    question["title"] = "quizapp question header"
    pack = PackMeta.model_json_schema()
    pack["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    pack["title"] = "quizapp pack.yaml"
    return {"question": question, "pack": pack}
