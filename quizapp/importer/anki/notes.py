"""Anki notes to question drafts: which note types become which question types, and ids.

A note type is recognised by the shape of its templates, not its name (names are translated
and users copy and rename the stock types): one template showing one field with another on the
back is Basic, a second template going the other way is "and reversed" (optional when its front
is conditional on a field), `{{type:Field}}` is "type in the answer", and a cloze note type
with `{{cloze:Field}}` is Cloze. Anything else becomes a flashcard from its first two fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.digest import sha256
from quizapp.i18n import _
from quizapp.importer.anki.collection import NoteType
from quizapp.importer.anki.fields import FieldConverter
from quizapp.packs.directions import REVERSE_SUFFIX
from quizapp.packs.text import slug_id

_CLOZE_RE = re.compile(r"{{c(\d+(?:,\d+)*)::(.*?)(?:::((?:(?!}}).)*))?}}", re.DOTALL)
"""An Anki deletion: `{{c2::answer::hint}}`, or on several cards `{{c1,2::answer}}`."""
_VALID_ID = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,78}[a-z0-9])?")
"""A GUID that slug_id leaves as it is (and short enough): the question id itself."""
_NOT_IN_ID_OR_NUL = re.compile(r"[^a-z0-9._\x00-]+")
"""slug_id's pattern, stopping at the NUL that separates GUIDs in `question_ids`."""
_MARK_NOT_IN_ID = {
    code: "\x01"
    for code in range(128)
    if chr(code) not in "abcdefghijklmnopqrstuvwxyz0123456789._-\x00"
}
"""ASCII characters `_NOT_IN_ID_OR_NUL` matches, each as a \\x01 mark."""
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


@dataclass(slots=True)
class Draft:
    """One question to write, with the Anki cards that study it."""

    id: str
    type: str
    deck: str
    tags: list[str]
    texts: dict[str, tuple[str, str, str]]
    """Language -> (prompt, answer, explanation), Markdown."""
    header: dict[str, Any]
    """Type-specific header keys (accept, reverse, options, ...)."""
    note_id: int
    cards: dict[int, str]
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
    digest = sha256(data).hexdigest()[:10]
    base = slug[: MAX_ID - 12].strip("-._")
    return f"{base}-{digest}" if base and base[0].isalnum() else f"n-{digest}"


def question_ids(guids: Sequence[str]) -> list[str]:
    """`question_id` of every GUID, lowercased, slugged and encoded all at once (a regex or
    method call costs more than a 10-byte GUID's work)."""
    joined = "\x00".join(guids)
    if not guids or joined.count("\x00") != len(guids) - 1:  # (a GUID holding a NUL)
        return [question_id(guid) for guid in guids]
    # Lowercasing all at once is lowercasing each: only a final sigma looks at its
    # neighbours, and a NUL (neither cased nor case-ignorable) ends its word.
    lowered = joined.lower()
    if joined.isascii():  # Anki's GUIDs: printable ASCII. A str.translate is ~25x a regex
        # sub here; a run of marks becomes one '-' (a run at the very start or end is
        # dropped instead, as the strip below drops it).
        marked = lowered.translate(_MARK_NOT_IN_ID).split("\x01")
        slugs = "-".join(filter(None, marked)).split("\x00")
        encoded = joined.encode().split(b"\x00")
    else:
        slugs = _NOT_IN_ID_OR_NUL.sub("-", lowered).split("\x00")
        encoded = [guid.encode("utf-8", "surrogatepass") for guid in guids]
    valid = _VALID_ID.fullmatch
    out = []
    for guid, lower, slug, data in zip(guids, lowered.split("\x00"), slugs, encoded, strict=True):
        if lower == guid and valid(guid):
            out.append(guid)
            continue
        digest = sha256(data).digest()[:5].hex()
        # (a slug holds only [a-z0-9._-]: once stripped, it starts with a letter or digit)
        base = slug.strip("-._")[: MAX_ID - 12].strip("-._")
        out.append(f"{base}-{digest}" if base else f"n-{digest}")
    return out


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
        parts = [self.fields.to_markdown(values[i]) for i in shape.extra if i < len(values)]
        return "\n\n".join(p for p in parts if p)

    def convert(self, note: tuple[Any, ...], shape: Shape, deck: str, qid: str) -> Draft | str:
        """A draft for the note whose question id is `qid` (`question_ids`), or the reason
        the note cannot become a question."""
        note_id, _guid, _mid, _mod, tags, flds = note
        values = str(flds).split("\x1f")
        explanation = self._explanation(values, shape) if shape.extra else ""
        tag_list = pack_tags(str(tags)) if tags != "" else []  # (most notes: no call at all)
        kind = shape.kind
        if kind == "cloze":
            return self._cloze(note_id, tag_list, deck, qid, values[shape.front], explanation)
        to_markdown = self.fields.to_markdown
        front = to_markdown(values[shape.front]) if values else ""
        if not front:
            return _("its front is empty")
        back_html = values[shape.back] if shape.back < len(values) else ""
        if kind == "typed":
            accepted = self.fields.to_plain(back_html)
            if not accepted:
                return _("its answer field is empty")
            texts = {self.lang: (front, "", explanation)}
            header: dict[str, Any] = {"accept": [accepted[:2000]]}
            return Draft(
                qid,
                "typed",
                deck,
                tag_list,
                texts,
                header,
                int(note_id),
                {0: qid},
            )
        back = to_markdown(back_html)
        if not back:
            return _("its back is empty")
        texts = {self.lang: (front, back, explanation)}
        if kind == "reversed" and (
            shape.condition is None
            or (shape.condition < len(values) and self.fields.to_plain(values[shape.condition]))
        ):
            cards = {0: qid, 1: qid + REVERSE_SUFFIX}
            header = {"reverse": True}
        else:
            cards, header = {0: qid}, {}
        return Draft(
            qid,
            "flashcard",
            deck,
            tag_list,
            texts,
            header,
            int(note_id),
            cards,
        )

    def _cloze(
        self, note_id: Any, tags: list[str], deck: str, qid: str, html: str, explanation: str
    ) -> Draft | str:
        answers: list[str] = []
        numbers: set[int] = set()
        to_plain = self.fields.to_plain

        def hole(match: re.Match[str]) -> str:
            numbers.update(max(int(n) - 1, 0) for n in match.group(1).split(","))
            answer = to_plain(match.group(2)).replace("{", "").replace("}", "")
            answers.append(answer.strip() or "…")
            return f"QZCLOZE{len(answers) - 1}Z"

        text = self.fields.to_markdown(_CLOZE_RE.sub(hole, html))
        if not answers:
            return _("its cloze text has no {{c1::...}} deletion")
        for n, answer in enumerate(answers):
            text = text.replace(f"QZCLOZE{n}Z", "{{" + answer + "}}")
        if "QZCLOZE" in text:
            return _("a cloze deletion is inside a link or image")
        texts = {self.lang: (text, "", explanation)}
        cards = dict.fromkeys(sorted(numbers), qid)
        return Draft(
            qid,
            "cloze",
            deck,
            tags,
            texts,
            {},
            int(note_id),
            cards,
        )
