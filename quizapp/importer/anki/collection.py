"""An Anki collection's note types and decks in one shape, whatever the schema (11 or 18)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from quizapp.importer.anki import wire
from quizapp.store.anki_collection import AnkiTables

_FIELD_REF = re.compile(r"{{\s*([#^/]?)\s*([^{}]+?)\s*}}")
_SPECIAL = {"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag"}


@dataclass(frozen=True)
class Template:
    """One card template: the front (question) and back (answer) formats."""

    name: str
    qfmt: str
    afmt: str

    def refs(self, side: str) -> list[str]:
        """Fields a side shows, in order (`type:`, `cloze:` and other filters reduced to the
        field; conditionals and Anki's special fields left out)."""
        out = []
        for mark, body in _FIELD_REF.findall(self.qfmt if side == "q" else self.afmt):
            name = body.split(":")[-1].strip()
            if not mark and name not in _SPECIAL and name not in out:
                out.append(name)
        return out

    def conditions(self) -> list[str]:
        """Fields the front is conditional on (`{{#Field}}...{{/Field}}`)."""
        return [body.strip() for mark, body in _FIELD_REF.findall(self.qfmt) if mark == "#"]

    def typed_field(self) -> str | None:
        """The field of `{{type:Field}}` on the front, if any."""
        for mark, body in _FIELD_REF.findall(self.qfmt):
            if not mark and body.startswith("type:"):
                return str(body.split(":")[-1].strip())
        return None


@dataclass(frozen=True)
class NoteType:
    """A note type: name, fields in order, cloze or not, and its card templates."""

    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]
    templates: tuple[Template, ...]


def note_types(tables: AnkiTables) -> dict[int, NoteType]:
    """Every note type by id."""
    if tables.schema < 15:
        models: dict[str, Any] = json.loads(tables.models_json or "{}")
        out = {}
        for model in models.values():
            templates = tuple(
                Template(str(t.get("name", "")), str(t.get("qfmt", "")), str(t.get("afmt", "")))
                for t in model.get("tmpls", [])
            )
            fields = tuple(str(f.get("name", "")) for f in model.get("flds", []))
            out[int(model["id"])] = NoteType(
                int(model["id"]),
                str(model.get("name", "")),
                model.get("type") == 1,
                fields,
                templates,
            )
        return out
    field_names: dict[int, list[str]] = {}
    for ntid, _ord, name in tables.fields:
        field_names.setdefault(ntid, []).append(name)
    cards: dict[int, list[Template]] = {}
    for ntid, _ord, name, config in tables.templates:
        cards.setdefault(ntid, []).append(
            Template(name, wire.text(config, 1), wire.text(config, 2))
        )
    return {
        ntid: NoteType(
            ntid,
            name,
            wire.integer(config, 1) == 1,
            tuple(field_names.get(ntid, [])),
            tuple(cards.get(ntid, [])),
        )
        for ntid, name, config in tables.notetypes
    }


def deck_names(tables: AnkiTables) -> dict[int, str]:
    """Full deck names with Anki's `::` between levels."""
    if tables.schema < 15:
        decks: dict[str, Any] = json.loads(tables.decks_json or "{}")
        return {int(d["id"]): str(d.get("name", "")) for d in decks.values()}
    return {did: name.replace("\x1f", "::") for did, name, _kind in tables.decks}


def deck_descriptions(tables: AnkiTables) -> dict[int, str]:
    """Each deck's description (HTML, as Anki shows it in the deck overview)."""
    if tables.schema < 15:
        decks: dict[str, Any] = json.loads(tables.decks_json or "{}")
        return {int(d["id"]): str(d.get("desc") or "") for d in decks.values()}
    out = {}
    for did, _name, kind in tables.decks:
        try:  # Deck.KindContainer: normal (1) -> description (4); a filtered deck has none
            normal = wire.first(kind or b"", 1, b"")
            out[did] = wire.text(normal, 4) if isinstance(normal, bytes) else ""
        except wire.WireError:
            out[did] = ""
    return out
