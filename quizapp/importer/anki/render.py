"""A draft as the Markdown of one question in a pack file, as `packs.writer` writes it.

Nearly every imported question has a one-language body and a header of plain scalars (id,
type, tags, `reverse`, a typed question's one answer): those are written with one format here
instead of a header mapping built for the writer's general emitter (a third of the writing
time of an import). Anything else goes through `question_markdown`;
tests/importer/test_render.py holds the two equal.
"""

from __future__ import annotations

from typing import Any

from quizapp.importer.anki.notes import Draft
from quizapp.packs.writer import list_line, question_markdown, yaml_scalar

_REVERSE = {"reverse": True}


def head(qid: str, kind: str, lines: str) -> str:
    """The header of a question whose id and type are written `qid` and `kind`, with
    further `lines` (tags, reverse, accept)."""
    return f"---\nid: {qid}\ntype: {kind}\n{lines}---\n"


def body(lang: str, prompt: str, answer: str, explanation: str) -> str:
    """One language's sections of a question."""
    text = f"[{lang}]\n{prompt}\n\n"
    if answer:
        text += f"[{lang}.answer]\n{answer}\n\n"
    if explanation:
        text += f"[{lang}.explanation]\n{explanation}\n\n"
    return text


def question_text(draft: Draft) -> str:
    """The draft's question: `---`, its YAML header, `---`, its language sections."""
    header, texts = draft.header, draft.texts
    extra: str | None = ""
    if header:
        accepted = header.get("accept")
        if header == _REVERSE:
            extra = "reverse: true\n"
        elif len(header) == 1 and type(accepted) is list and len(accepted) == 1:
            extra = list_line("accept", accepted)  # (a typed question's one answer)
        else:
            extra = None
    if len(texts) == 1 and extra is not None:
        qid, kind = yaml_scalar(draft.id), yaml_scalar(draft.type)
        tags = list_line("tags", draft.tags) if draft.tags else ""
        if qid is not None and kind is not None and tags is not None:
            for lang, (prompt, answer, explanation) in texts.items():
                return head(qid, kind, tags + extra) + body(lang, prompt, answer, explanation)
    full: dict[str, Any] = {"id": draft.id, "type": draft.type}
    if draft.tags:
        full["tags"] = draft.tags
    full.update(header)
    return question_markdown(full, texts)
