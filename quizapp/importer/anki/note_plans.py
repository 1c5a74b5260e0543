"""Whole notes written once per note shape: the Anki importer's fast path.

A deck's notes repeat a few shapes: the same tags, cloze marks and field breaks around
different words. Converting a note field by field (NoteConverter) and writing its draft out
(render.question_text) costs some 60 k instructions a note, mostly in calls the shape alone
decides. Here a note is split once into its structure and its words, and the structure's
plan, a template of the whole question Markdown, takes the words back: escaped
as Markdown where NoteConverter escapes them, as they are where it does not (cloze answers,
the typed answer). A plan is made from NoteConverter's own drafts of the structure with
numbered words in place of the real ones, and checked against render.question_text.

Only notes whose words cannot change their own conversion take this path: printable ASCII,
single spaces, no entity, no `[`, every `<` opening a plain formatting tag, cloze marks without
hints. Everything else, and a structure not seen twice, goes to NoteConverter;
tests/importer/test_note_plans.py holds the two paths equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import repeat
from string import Formatter
from typing import Any, NamedTuple

from quizapp.importer.anki.notes import Draft, NoteConverter, Shape, pack_tags
from quizapp.importer.anki.render import body, head, question_text
from quizapp.importer.anki.skeleton import MAX_SHAPES, is_plain_tag
from quizapp.packs.writer import list_line, yaml_scalar

_TAGS = re.compile(r"(<[^<>]*> ?)")
"""A note's structure: its tags, each with the single space after it. Before the split, ` <`
becomes `<\\x01` and a field break `<\\x1f>`, and in a cloze note `{{c1::` becomes `<\\x031>`
and `}}` `<\\x04>`: one pattern led by a literal `<` cuts every part of the structure (the regex
engine finds a literal several times faster than a class or an alternation)."""
_CLOZE_MARK = re.compile(r"<\x01?\x03(\d+(?:,\d+)*)>")
_TAKEN = bytes(c for c in range(0x1F, 0x7F) if chr(c) not in "&[")
"""What a note on this path holds: printable ASCII and field breaks, but `&` (an entity) and
`[` (a sound, or a section line in a pack body)."""
_MARK = "\x02"
"""Stands for a run of words in a note's structure."""
_EMPTY = {"": ""}
_TOKEN = re.compile(r"QZW(\d+)(?:(\*_)|(\\\*\\_))Z")
"""A probe word (`QZW3*_Z`) as it comes out: `QZW3\\*\\_Z` where it is escaped as Markdown."""
_QID = "qzid"
_ONCE = "seen once"
_NO_PLAN = "no plan"


class Plan(NamedTuple):
    """How a note of one structure is written, and what it needs of a note's own text."""

    write: Fill
    """The question, from (escaped words, raw words, id, header lines)."""
    accept: Fill | None
    """The typed answer, from (escaped words, raw words, "", ""); None: not a typed question."""
    kind: str
    reverse: bool
    tags: int
    """How many `<` a note holds: each opens one of the structure's tags."""
    braces: tuple[int, int, int]
    """How many `{`, `}` and `::` a cloze note holds: each is in one of its marks."""


Fill = Callable[[list[str], list[str], str, str], str]
_FIELD = re.compile(r"([0-3])(?:\[(\d+)\])?")


def _compiled(template: str) -> Fill:
    """The `str.format` template as a function returning an f-string: str.format parses its
    template at every call, ~4x the cost of the whole question. The code holds only names
    and numbers; the literal text is handed in as default arguments, never read as code."""
    literals: list[str] = []
    parts = []
    for literal, field, _spec, _conversion in Formatter().parse(template):
        if literal:
            parts.append(f"{{_{len(literals)}}}")
            literals.append(literal)
        if field is not None:
            match = _FIELD.fullmatch(field)
            assert match is not None, field  # (_template and _plan write only these)
            name = "ewql"[int(match[1])]
            parts.append(f"{{{name}[{match[2]}]}}" if match[2] else f"{{{name}}}")
    defaults = "".join(f", _{n}=_c[{n}]" for n in range(len(literals)))
    source = f'def fill(e, w, q, l{defaults}):\n    return f"{"".join(parts)}"\n'
    scope: dict[str, Any] = {"_c": literals}
    exec(source, scope)  # (see the docstring: no text of the deck is code)
    fill: Fill = scope["fill"]
    return fill


def _template(text: str, used: list[int]) -> str | None:
    """`text` of a probe draft as a template; None if a probe word came out changed."""
    parts = _TOKEN.split(text)  # literal, number, raw, escaped, literal, ...
    literals = parts[0::4]
    if any("QZ" in literal for literal in literals):
        return None
    out = [_literal(literals[0])]
    for number, raw, literal in zip(parts[1::4], parts[2::4], literals[1:], strict=True):
        used.append(int(number))
        out.append(f"{{{1 if raw else 0}[{number}]}}")
        out.append(_literal(literal))
    return "".join(out)


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


class NotePlans:
    """Writes notes of the usual note types as question Markdown, a plan per structure."""

    def __init__(self, notes: NoteConverter) -> None:
        self.notes = notes
        self._plans: dict[int, dict[str, Plan | str]] = {}

    def write(self, note: tuple[Any, ...], shape: Shape, qid: str) -> tuple[str, str, bool] | None:
        """The note's question as `render.question_text` writes NoteConverter's draft of it,
        with its type and whether it is reversible; None for NoteConverter to convert."""
        flds = note[5]
        if (
            type(flds) is not str
            or not flds.isascii()
            or flds.encode().translate(None, _TAKEN)  # (a character left: not taken here)
            or "QZ" in flds
            or "  " in flds
            or flds[:1] == " "
            or flds[-1:] == " "
        ):
            return None
        cloze = shape.kind == "cloze"
        if cloze or "<" in flds:
            text = flds
            if cloze:
                text = text.replace("{{c", "<\x03").replace("::", ">").replace("}}", "<\x04>")
            pieces = _TAGS.split(text.replace("\x1f", "<\x1f>").replace(" <", "<\x01"))
            words = pieces[0::2]
            pieces[0::2] = map(_EMPTY.get, words, repeat(_MARK))  # (no Python frame a run)
            key = "".join(pieces)
        elif " \x1f" in flds or "\x1f " in flds:
            return None
        else:  # fields of plain words: no structure but the breaks
            words = flds.split("\x1f")
            key = "\x1f".join(map(_EMPTY.get, words, repeat(_MARK)))
        plans = self._plans.get(note[2])
        if plans is None:
            plans = self._plans[note[2]] = {}
        plan = plans.get(key)
        if plan is None or plan == _ONCE:
            if len(plans) < MAX_SHAPES:  # (a structure met once is not worth two probes)
                plans[key] = _ONCE if plan is None else self._plan(key, note, shape)
            return None
        if isinstance(plan, str) or flds.count("<") != plan.tags:  # (_NO_PLAN)
            return None
        if cloze and (flds.count("{"), flds.count("}"), flds.count("::")) != plan.braces:
            return None
        if "" in words:
            words = list(filter(None, words))
        escaped = words
        if "*" in flds or "_" in flds:  # (Markdown's escapes, as the plan's probe showed them)
            escaped = "\x02".join(words).replace("*", r"\*").replace("_", r"\_").split("\x02")
        tags = note[4]
        lines = "" if tags == "" else _tags_line(str(tags))
        if plan.accept is not None and lines is not None:
            accepted = list_line("accept", [plan.accept(escaped, words, "", "")[:2000]])
            lines = None if accepted is None else lines + accepted
        # A question id is [a-z0-9._-] (notes.question_ids): a plain scalar when it starts
        # with a letter and is longer than YAML's words (`null`, `false`...).
        scalar = qid if len(qid) > 5 and qid[0].isalpha() else yaml_scalar(qid)
        if lines is None or scalar is None:
            return None
        text = plan.write(escaped, words, scalar, lines)
        if text.count("---") != 2:
            return None  # a line in a text that a pack would end the question at
        return text, plan.kind, plan.reverse

    def _plan(self, key: str, note: tuple[Any, ...], shape: Shape) -> Plan | str:
        """The structure's plan from two probes; _NO_PLAN when its words could change how it
        converts, or it makes no question."""
        parts = [part.rstrip(" ").replace("<\x01", "<") for part in _TAGS.split(key)[1::2]]
        tags = [tag for tag in parts if tag[1] not in "\x1f\x03\x04"]  # (not breaks, marks)
        if not all(map(is_plain_tag, tags)):
            return _NO_PLAN  # (links, code, tables... read their words)
        opened, closed = key.count("\x03"), key.count("\x04")
        runs = key.split(_MARK)

        def probe(word: str) -> Draft | str:
            text = runs[0] + "".join(word.format(n) + run for n, run in enumerate(runs[1:]))
            text = text.replace("<\x01", " <").replace("<\x1f>", "\x1f").replace("<\x04>", "}}")
            text = _CLOZE_MARK.sub(r"{{c\1::", text)
            return self.notes.convert((*note[:4], "", text), shape, "", _QID)

        plain, marked = probe("QZW{}Z"), probe("QZW{}*_Z")
        if isinstance(plain, str) or isinstance(marked, str) or len(marked.texts) != 1:
            return _NO_PLAN
        if (
            set(marked.header) - {"accept", "reverse"}
            or plain.header.keys() != marked.header.keys()
        ):
            return _NO_PLAN
        used: list[int] = []
        (lang, texts), *_ = marked.texts.items()
        prompt, answer, explanation = (_template(text, used) for text in texts)
        accepted = marked.header.get("accept")
        accept = _template(accepted[0], used) if accepted else None
        if prompt is None or answer is None or explanation is None:
            return _NO_PLAN
        if accepted and (accept is None or "{0[" in accept):
            return _NO_PLAN  # (the typed answer is plain text, never Markdown)
        if len(used) != len(set(used)):
            return _NO_PLAN  # a word written twice: not what a plain structure does
        reverse = marked.header.get("reverse") is True
        kind = yaml_scalar(marked.type)
        if kind is None:
            return _NO_PLAN
        lines = "{3}" + ("reverse: true\n" if reverse else "")
        template = head("{2}", _literal(kind), lines)
        template += body(_literal(lang), prompt, answer, explanation)
        plan = Plan(
            _compiled(template),
            _compiled(accept) if accept is not None else None,
            marked.type,
            reverse,
            len(tags),
            (2 * opened, 2 * closed, opened),
        )
        words = [f"QZW{n}Z" for n in range(len(runs) - 1)]
        accepted_line = ""
        if plan.accept is not None:
            accepted_line = list_line("accept", [plan.accept(words, words, "", "")]) or ""
        if plan.write(words, words, _QID, accepted_line) != question_text(plain):
            return _NO_PLAN  # the two probes disagree: words matter to this structure
        return plan


def _tags_line(anki_tags: str) -> str | None:
    """The header line of a note's tags ("" for none), as question_text writes it."""
    tags = pack_tags(anki_tags)
    return list_line("tags", tags) if tags else ""
