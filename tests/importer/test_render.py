"""The importer writes a question's Markdown itself when its header is plain scalars
(importer/anki/render.py): the text is what the pack writer's `question_markdown` writes."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizapp.importer.anki.notes import Draft
from quizapp.importer.anki.render import question_text
from quizapp.packs.writer import question_markdown

_WORDS = st.one_of(
    st.sampled_from(["n-1a2b", "abc", "1abc", "true", "null", "yes", "on", "x y", "a: b", "é"]),
    st.text(max_size=12),
)
_TEXTS = st.tuples(_WORDS, st.sampled_from(["", "Back", "a\\\nb"]), st.sampled_from(["", "Why"]))
_HEADERS = st.sampled_from(
    [
        {},
        {"reverse": True},
        {"reverse": False},
        {"accept": ["SYN_SENT"]},
        {"accept": ["a: b"]},
        {"accept": ["yes"]},
        {"accept": ["\u2028"]},
        {"accept": ["x", "y"]},
        {"accept": []},
        {"accept": ["x"], "reverse": True},
        {"source": "x"},
    ]
)


def _slow(draft: Draft) -> str:
    full: dict[str, Any] = {"id": draft.id, "type": draft.type}
    if draft.tags:
        full["tags"] = draft.tags
    full.update(draft.header)
    return question_markdown(full, draft.texts)


@settings(max_examples=400, deadline=None)
@given(
    qid=_WORDS,
    kind=st.sampled_from(["flashcard", "cloze", "typed", "y", "1"]),
    tags=st.lists(_WORDS, max_size=3),
    header=_HEADERS,
    texts=st.dictionaries(st.sampled_from(["en", "zh-CN"]), _TEXTS, min_size=1, max_size=2),
)
@example(qid="n-1a2b", kind="flashcard", tags=[], header={}, texts={"en": ("Q", "A", "")})
@example(qid="9x", kind="cloze", tags=["a/b", "c"], header={}, texts={"en": ("Q", "", "W")})
@example(
    qid="abc",
    kind="flashcard",
    tags=["x: y"],
    header={"reverse": True},
    texts={"en": ("Q", "A", "")},
)
def test_question_text_is_what_the_writer_writes(
    qid: str,
    kind: str,
    tags: list[str],
    header: dict[str, Any],
    texts: dict[str, tuple[str, str, str]],
) -> None:
    draft = Draft(qid, kind, "deck", tags, texts, dict(header), 1, {0: qid})
    assert question_text(draft) == _slow(draft)
