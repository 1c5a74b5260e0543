"""Build questions straight from header mappings, so grading tests need no pack on disk."""

from __future__ import annotations

from typing import Any

from quizapp.domain.question import Question, QuestionText
from quizapp.packs.format import QUESTION_ADAPTER, plain_header


def make_question(header: dict[str, Any], prompt: str = "Question?", **texts: str) -> Question:
    """A Question of `header['type']` with an English prompt."""
    header = {"id": "q", **header}
    data = QUESTION_ADAPTER.validate_python(header)
    return Question(
        pack_id="t",
        id="q",
        type=data.type,
        tags=(),
        source=None,
        topic="t",
        file="t.md",
        line=1,
        texts={"en": QuestionText(prompt, texts.get("answer", ""), ""), **{}},
        header=plain_header(data),
        content_hash="h",
    )
