"""What every exercise type offers: check an answer against a question, purely."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from quizapp.domain import Outcome
from quizapp.domain.question import Question

Synonyms = Sequence[Sequence[str]]
"""Groups of answers accepted for one another (a pack's `synonyms`)."""


class Exercise(Protocol):
    """One question type's grading rules; no UI, no database, no clock."""

    auto: bool
    """True when the app grades the answer; False when the learner grades themselves."""

    def check(
        self,
        question: Question,
        answer: Mapping[str, Any],
        *,
        lang: str,
        synonyms: Synonyms = (),
    ) -> Outcome:
        """Compare `answer` with what the question expects, part by part."""
        ...
