"""Study directions: a flashcard with `reverse: true` is studied front-to-back and back-to-front.

Each direction is its own card in the store, with its own schedule, as in Anki's "Basic (and
reversed card)". The reverse direction is the same question with prompt and answer swapped and
the id `<question id>~reverse`: `~` is not allowed in pack ids, so it can never clash with a
question an author wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from quizapp.domain.question import Question, QuestionText

REVERSE_SUFFIX = "~reverse"


def is_reversible(question: Question) -> bool:
    """True for a flashcard whose header asks for the reverse direction too."""
    return question.type == "flashcard" and bool(question.header.get("reverse"))


def reverse_of(question: Question) -> Question:
    """The back-to-front direction of a reversible flashcard."""
    texts = {
        lang: QuestionText(text.answer, text.prompt, text.explanation)
        for lang, text in question.texts.items()
    }
    return replace(question, id=question.id + REVERSE_SUFFIX, texts=texts)


def is_reverse(question: Question) -> bool:
    """True for the back-to-front direction of a reversible flashcard."""
    return question.id.endswith(REVERSE_SUFFIX)


def study_questions(questions: Iterable[Question]) -> Iterator[Question]:
    """Every direction to study: each question, followed by its reverse when it has one."""
    for question in questions:
        yield question
        if is_reversible(question):
            yield reverse_of(question)


def forward_id(question_id: str) -> str:
    """The id of the question a direction belongs to."""
    return question_id.removesuffix(REVERSE_SUFFIX)
