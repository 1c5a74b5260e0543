"""`Quiz`: questions on demand, outside the schedule, scored as the exercises report them.

A quiz reads only the packs. It never opens the database, so it cannot change a card's
state or the review log, and it works with no database at all (nothing is created). That
also means it cannot know what is suspended or buried: a quiz draws from every question in
the pack files, those included (docs/scheduling.md, "Quizzes").
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from quizapp.domain import Grade, Outcome
from quizapp.errors import QuizappError
from quizapp.i18n import _

if TYPE_CHECKING:
    from quizapp.domain.pack import Pack
    from quizapp.domain.question import Question

DEFAULT_COUNT = 20
"""Questions in a random quiz when no count is given."""


def points_text(points: float) -> str:
    """`3`, `2.5`, `0.7`: points to one decimal, without a trailing `.0`."""
    return f"{round(points, 1):g}"


@dataclass
class Tally:
    """Right / partly / wrong answers and the points they earned (partial credit)."""

    right: int = 0
    partly: int = 0
    wrong: int = 0
    points: float = 0.0
    """Sum of the exercises' scores (0.0 to 1.0 each)."""

    @property
    def answered(self) -> int:
        """Answers counted."""
        return self.right + self.partly + self.wrong

    @property
    def score(self) -> str:
        """`2.5/3`: points out of answers, to one decimal."""
        return f"{points_text(self.points)}/{self.answered}"

    def add(self, outcome: Outcome) -> None:
        """Count one answer by its score: 1 is right, 0 wrong, anything between partly."""
        if outcome.correct:
            self.right += 1
        elif outcome.score > 0:
            self.partly += 1
        else:
            self.wrong += 1
        self.points += min(max(outcome.score, 0.0), 1.0)


@dataclass(frozen=True)
class QuizSummary:
    """What the quiz summary screen shows."""

    planned: int
    """Questions the quiz held (more than answered when the learner left early)."""
    total: Tally
    by_type: dict[str, Tally]
    """Per question type, in the order the types first came up."""
    missed: tuple[Question, ...]
    """Questions not entirely right, in the order they were asked."""
    elapsed: timedelta
    pack_ids: tuple[str, ...]
    """The packs the questions came from (for the "quiz these again" hint)."""


@dataclass
class Quiz:
    """A fixed list of questions, asked in order; answers are scored, never scheduled."""

    questions: list[Question]
    clock: Callable[[], datetime]
    started: datetime = field(init=False)
    outcomes: list[tuple[Question, Outcome]] = field(default_factory=list, init=False)
    schedules = False
    """Unlike a study session, nothing here reaches the scheduler or the database."""

    def __post_init__(self) -> None:
        self.started = self.clock()

    @classmethod
    def pick(
        cls,
        packs: Sequence[Pack],
        *,
        tag: str | None = None,
        types: Sequence[str] = (),
        count: int | None = None,
        in_order: bool = False,
        rng: random.Random | None = None,
        clock: Callable[[], datetime],
    ) -> Quiz:
        """`count` questions (default 20; all with `in_order`) from `packs`, `tag` and `types`.

        Random order unless `in_order` (pack file order, for authors stepping through a
        pack). QuizappError for an unknown type or a selection that matches nothing.
        """
        pool = select_questions(packs, tag=tag, types=types)
        if count is None:
            count = len(pool) if in_order else DEFAULT_COUNT
        if count < 1:
            raise QuizappError(
                _("a quiz needs at least one question (count {count})").format(count=count)
            )
        count = min(count, len(pool))
        chosen = pool[:count] if in_order else (rng or random.Random()).sample(pool, count)
        return cls(chosen, clock)

    # -- progress --------------------------------------------------------------------------
    @property
    def answered(self) -> int:
        """Answers so far."""
        return len(self.outcomes)

    @property
    def planned(self) -> int:
        """Questions in the quiz."""
        return len(self.questions)

    def next_question(self) -> Question | None:
        """The first unanswered question; None when the quiz is over."""
        if self.answered < self.planned:
            return self.questions[self.answered]
        return None

    def tally(self) -> Tally:
        """The running score."""
        total = Tally()
        for _question, outcome in self.outcomes:
            total.add(outcome)
        return total

    # -- answering -------------------------------------------------------------------------
    def record(self, question: Question, outcome: Outcome) -> None:
        """Count the answer to the current question (in memory only)."""
        if question is not self.next_question():
            raise ValueError(f"{question.key} is not the current question")
        self.outcomes.append((question, outcome))

    @staticmethod
    def self_graded(question: Question, knew: bool, lang: str) -> Outcome:
        """A flashcard's outcome from "did you know it?", checked as study checks it."""
        from quizapp.services.grading import recall_outcome

        return recall_outcome(question, Grade.GOOD if knew else Grade.AGAIN, lang)

    def summary(self) -> QuizSummary:
        """Totals, per-type breakdown and the missed questions."""
        by_type: dict[str, Tally] = {}
        for question, outcome in self.outcomes:
            by_type.setdefault(question.type, Tally()).add(outcome)
        missed = tuple(q for q, outcome in self.outcomes if not outcome.correct)
        pack_ids = tuple(dict.fromkeys(q.pack_id for q in self.questions))
        return QuizSummary(
            planned=self.planned,
            total=self.tally(),
            by_type=by_type,
            missed=missed,
            elapsed=self.clock() - self.started,
            pack_ids=pack_ids,
        )


def select_questions(
    packs: Sequence[Pack], *, tag: str | None = None, types: Sequence[str] = ()
) -> list[Question]:
    """Every question of `packs` with `tag` and one of `types`, in pack file order.

    QuizappError (one line, naming what exists) when a type is unknown or nothing matches,
    so a typo does not open an empty quiz.
    """
    from quizapp.services.catalog import check_tag

    if types:
        from quizapp.domain.question_data import QUESTION_TYPES

        unknown = [t for t in types if t not in QUESTION_TYPES]
        if unknown:
            raise QuizappError(
                _("unknown question type '{type}' (types: {types})").format(
                    type=unknown[0], types=", ".join(QUESTION_TYPES)
                )
            )
    if tag == "leech":
        raise QuizappError(
            _(
                "'leech' is set by the scheduler in your database, which a quiz does not read; "
                "`quizapp suspended --tag leech` lists the leeches"
            )
        )
    check_tag(list(packs), tag, leeches=False)
    tagged = [q for p in packs for q in p.questions if not tag or tag in q.tags]
    chosen = [q for q in tagged if not types or q.type in types]
    if chosen:
        return chosen
    where = ", ".join(p.id for p in packs) or _("the installed packs")
    if not tagged:
        raise QuizappError(_("no questions in {where}").format(where=where))
    counts: dict[str, int] = {}
    for q in tagged:
        counts[q.type] = counts.get(q.type, 0) + 1
    there = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    if tag:
        where = _("{where} with the tag '{tag}'").format(where=where, tag=tag)
    raise QuizappError(
        _("no {types} questions in {where} (types there: {there})").format(
            types=_(" or ").join(types), where=where, there=there
        )
    )
