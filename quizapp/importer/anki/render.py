"""A draft as the Markdown of one question in a pack file, as `packs.writer` writes it.

Nearly every imported question has a one-language body and a header of plain scalars (id,
type, tags, `reverse`): those are written with one format here instead of a header mapping
built for the writer's general emitter (a third of the writing time of an import). Anything
else goes through `question_markdown`; tests/importer/test_render.py holds the two equal.
"""

from __future__ import annotations

from typing import Any

from quizapp.importer.anki.notes import Draft
from quizapp.packs.writer import question_markdown, yaml_scalar

_REVERSE = {"reverse": True}


def question_text(draft: Draft) -> str:
    """The draft's question: `---`, its YAML header, `---`, its language sections."""
    header, texts = draft.header, draft.texts
    if len(texts) == 1 and (not header or header == _REVERSE):
        qid, kind = yaml_scalar(draft.id), yaml_scalar(draft.type)
        tags = ""
        if draft.tags:
            items = [yaml_scalar(tag) for tag in draft.tags]
            tags = "" if None in items else f"tags: [{', '.join(items)}]\n"  # type: ignore[arg-type]
        if qid is not None and kind is not None and (tags or not draft.tags):
            reverse = "reverse: true\n" if header else ""
            for lang, (prompt, answer, explanation) in texts.items():
                text = f"---\nid: {qid}\ntype: {kind}\n{tags}{reverse}---\n[{lang}]\n{prompt}\n\n"
                if answer:
                    text += f"[{lang}.answer]\n{answer}\n\n"
                if explanation:
                    text += f"[{lang}.explanation]\n{explanation}\n\n"
                return text
    full: dict[str, Any] = {"id": draft.id, "type": draft.type}
    if draft.tags:
        full["tags"] = draft.tags
    full.update(header)
    return question_markdown(full, texts)
