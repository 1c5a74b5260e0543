"""What `quizapp quiz` and `quizapp interview` ask `create_app` for.

Apart from the factory so a plain `quizapp study` never builds them: each frozen dataclass
compiles its generated methods at import (~4 M instructions), before the first question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class QuizPlan:
    """What `quizapp quiz` asked for (the packs and tag are create_app's own arguments)."""

    types: tuple[str, ...] = ()
    count: int | None = None
    """None: 20 at random, or every question with `in_order`."""
    in_order: bool = False


@dataclass(frozen=True)
class InterviewPlan:
    """What `quizapp interview` asked for: how many questions, how long."""

    count: int
    allowed: timedelta
