"""Anki notes to question drafts: which note types become which question types, and ids.

A note type is recognised by the shape of its templates, not its name (names are translated
and users copy and rename the stock types): one template showing one field with another on the
back is Basic, a second template going the other way is "and reversed" (optional when its front
is conditional on a field), `{{type:Field}}` is "type in the answer", and a cloze note type
with `{{cloze:Field}}` is Cloze. Anything else becomes a flashcard from its first two fields.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from quizapp.i18n import _
from quizapp.importer.anki.collection import NoteType
from quizapp.importer.anki.fields import FieldConverter
from quizapp.packs.directions import REVERSE_SUFFIX
from quizapp.packs.text import slug_id

_CLOZE_RE = re.compile(r"{{c(\d+(?:,\d+)*)::(.*?)(?:::((?:(?!}}).)*))?}}", re.DOTALL)
"""An Anki deletion: `{{c2::answer::hint}}`, or on several cards `{{c1,2::answer}}`."""
_VALID_ID = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?")
"""A GUID that slug_id leaves as it is (and short enough): the question id itself."""
_TAG_BAD = re.compile(r"[^\w./-]+")
_DROPPED_TAGS = {"leech", "marked"}
MAX_ID = 80


@dataclass(frozen=True)
class Shape:
    """How a note type's fields map onto a question."""

    kind: str
    """'basic', 'reversed', 'typed', 'cloze' or 'other'."""
    front: int = 0
    back: int = 1
    condition: int | None = None
    """Field that switches the reverse card on ('Basic (optional reversed card)')."""
    extra: tuple[int, ...] = ()
    """Further fields shown on the back: they become the explanation."""


@dataclass
class Draft:
    """One question to write, with the Anki cards that study it."""

    id: str
    type: str
    deck: str
    tags: list[str]
    texts: dict[str, tuple[str, str, str]]
    """Language -> (prompt, answer, explanation), Markdown."""
    header: dict[str, Any] = field(default_factory=dict)
    """Type-specific header keys (accept, reverse, options, ...)."""
    note_id: int = 0
    cards: dict[int, str] = field(default_factory=dict)
    """Anki card template ordinal -> the quizapp question id that studies it."""


def question_id(guid: str) -> str:
    """A pack question id from a note GUID: the GUID itself when it already is a valid id,
    else its slug plus a hash of the exact GUID (GUIDs are case-sensitive; ids are not)."""
    if guid.lower() == guid and _VALID_ID.fullmatch(guid):
        return guid  # (most of Anki's own GUIDs hold a capital: no regex call for those)
    slug = slug_id(guid)[:MAX_ID]
    try:
        data = guid.encode()  # (half the cost of naming an error handler)
    except UnicodeEncodeError:
        data = guid.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(data).hexdigest()[:10]
    base = slug[: MAX_ID - 12].strip("-._")
    return f"{base}-{digest}" if base and base[0].isalnum() else f"n-{digest}"


def pack_tags(anki_tags: str) -> list[str]:
    """Anki tags as pack tags: `a::b` becomes `a/b`; leech and marked are Anki's own flags."""
    out: list[str] = []
    if not anki_tags or anki_tags.isspace():
        return out
    for tag in anki_tags.split():
        if tag.lower() in _DROPPED_TAGS:
            continue
        clean = _TAG_BAD.sub("-", tag.replace("::", "/")).strip("-./")[:60]
        if clean and clean not in out:
            out.append(clean)
    return out[:50]


def shape_of(note_type: NoteType) -> Shape:
    """Recognise the note type by its templates (see the module docstring)."""
    names = list(note_type.fields)

    def index(name: str) -> int | None:
        return names.index(name) if name in names else None

    templates = note_type.templates
    if note_type.cloze:
        for template in templates[:1]:
            if "image-occlusion" in template.qfmt or "cloze:" not in template.qfmt:
                break
            text = index(template.refs("q")[0]) if template.refs("q") else None
            if text is None:
                break
            extra = tuple(
                i for f in template.refs("a") if (i := index(f)) is not None and i != text
            )
            return Shape("cloze", front=text, extra=extra)
        return Shape("other")
    if not templates or len(templates) > 2:
        return Shape("other")
    first = templates[0]
    front_refs, back_refs = first.refs("q"), first.refs("a")
    typed = first.typed_field()
    if typed is not None and len(templates) == 1:
        fronts = [f for f in front_refs if f != typed]
        front, answer = index(fronts[0]) if fronts else None, index(typed)
        if front is None or answer is None:
            return Shape("other")
        extra = tuple(
            i for f in back_refs if (i := index(f)) is not None and i not in (front, answer)
        )
        return Shape("typed", front=front, back=answer, extra=extra)
    if len(front_refs) != 1:
        return Shape("other")
    front = index(front_refs[0])
    backs = [f for f in back_refs if f != front_refs[0]]
    back = index(backs[0]) if backs else None
    if front is None or back is None:
        return Shape("other")
    extra = tuple(i for f in backs[1:] if (i := index(f)) is not None)
    if len(templates) == 1:
        return Shape("basic", front, back, extra=extra)
    second = templates[1]
    if second.refs("q") != [names[back]] or names[front] not in second.refs("a"):
        return Shape("other")
    conditions = [index(c) for c in second.conditions() if c != names[back]]
    condition = next((c for c in conditions if c is not None), None)
    return Shape("reversed", front, back, condition=condition, extra=extra)


class NoteConverter:
    """Turns the notes of one deck into drafts, in one language."""

    def __init__(self, fields: FieldConverter, lang: str) -> None:
        self.fields = fields
        self.lang = lang

    def _explanation(self, values: list[str], shape: Shape) -> str:
        if not shape.extra:
            return ""
        parts = [self.fields.to_markdown(values[i]) for i in shape.extra if i < len(values)]
        return "\n\n".join(p for p in parts if p)

    def convert(
        self, note: tuple[Any, ...], note_type: NoteType, shape: Shape, deck: str
    ) -> Draft | str:
        """A draft, or the reason the note cannot become a question."""
        note_id, guid, _mid, _mod, tags, flds = note
        values = str(flds).split("\x1f")
        qid = question_id(str(guid))
        draft = Draft(qid, "flashcard", deck, pack_tags(str(tags)), {}, note_id=int(note_id))
        explanation = self._explanation(values, shape)
        if shape.kind == "cloze":
            return self._cloze(draft, values[shape.front], explanation)
        front = self.fields.to_markdown(values[shape.front]) if values else ""
        back_html = values[shape.back] if shape.back < len(values) else ""
        if not front:
            return _("its front is empty")
        if shape.kind == "typed":
            accepted = self.fields.to_plain(back_html)
            if not accepted:
                return _("its answer field is empty")
            draft.type = "typed"
            draft.header["accept"] = [accepted[:2000]]
            draft.texts[self.lang] = (front, "", explanation)
            draft.cards[0] = qid
            return draft
        back = self.fields.to_markdown(back_html)
        if not back:
            return _("its back is empty")
        draft.texts[self.lang] = (front, back, explanation)
        draft.cards[0] = qid
        if shape.kind == "reversed":
            wanted = shape.condition is None or (
                shape.condition < len(values) and self.fields.to_plain(values[shape.condition])
            )
            if wanted:
                draft.header["reverse"] = True
                draft.cards[1] = qid + REVERSE_SUFFIX
        return draft

    def _cloze(self, draft: Draft, html: str, explanation: str) -> Draft | str:
        answers: list[str] = []
        numbers: set[int] = set()

        def hole(match: re.Match[str]) -> str:
            numbers.update(max(int(n) - 1, 0) for n in match.group(1).split(","))
            answer = self.fields.to_plain(match.group(2)).replace("{", "").replace("}", "")
            answers.append(answer.strip() or "…")
            return f"QZCLOZE{len(answers) - 1}Z"

        text = self.fields.to_markdown(_CLOZE_RE.sub(hole, html))
        if not answers:
            return _("its cloze text has no {{c1::...}} deletion")
        for n, answer in enumerate(answers):
            text = text.replace(f"QZCLOZE{n}Z", "{{" + answer + "}}")
        if "QZCLOZE" in text:
            return _("a cloze deletion is inside a link or image")
        draft.type = "cloze"
        draft.texts[self.lang] = (text, "", explanation)
        draft.cards = dict.fromkeys(sorted(numbers), draft.id)
        return draft
