"""Choice questions: one or several correct options, each judged on its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quizapp.domain import Outcome, PartResult
from quizapp.domain.question import Question
from quizapp.domain.question_data import ChoiceData
from quizapp.domain.text import local
from quizapp.exercises.base import Synonyms


class Choice:
    """`answer = {"selected": [option indexes as written in the pack]}`."""

    auto = True

    def check(
        self,
        question: Question,
        answer: Mapping[str, Any],
        *,
        lang: str,
        synonyms: Synonyms = (),
    ) -> Outcome:
        """Single choice: all or nothing. Multiple: the share of options judged right."""
        data = question.data_as(ChoiceData)
        selected = {int(i) for i in answer.get("selected", ())}
        parts = []
        for i, option in enumerate(data.options):
            picked = i in selected
            parts.append(
                PartResult(
                    local(option.text, lang),
                    "selected" if picked else "",
                    "selected" if option.correct else "",
                    picked == option.correct,
                )
            )
        right = sum(p.correct for p in parts)
        if data.is_multiple:
            score = right / len(parts) if selected else 0.0
        else:
            score = 1.0 if right == len(parts) else 0.0
        return Outcome(score, tuple(parts))
