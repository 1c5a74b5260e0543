"""`quizapp import anki`: an .apkg becomes a pack folder (and, if asked, review history).

Sub-decks become topics (one Markdown file each, in the order their first note was added),
note GUIDs become question ids, and the pack id comes from the deck name, so importing a
newer version of the same deck rewrites the same pack and the store keeps every question's
history (notes gone from the deck are archived, as for any edited pack).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from quizapp.errors import StoreError
from quizapp.gc_pause import young_collections_only
from quizapp.i18n import _
from quizapp.importer.anki.about import PackAbout, local_text, read_about
from quizapp.importer.anki.collection import deck_descriptions, deck_names, note_types
from quizapp.importer.anki.fields import MEDIA_DIR, FieldConverter, clean_text, safe_media_name
from quizapp.importer.anki.note_plans import NotePlans
from quizapp.importer.anki.notes import Draft, NoteConverter, Shape, question_ids, shape_of
from quizapp.importer.anki.package import (
    MAX_MEDIA_FILE_BYTES,
    MAX_MEDIA_TOTAL_BYTES,
    DeckError,
    Package,
    open_package,
)
from quizapp.importer.anki.render import question_text
from quizapp.packs.text import slug_id
from quizapp.packs.writer import QuestionFile, write_pack
from quizapp.store.anki_collection import AnkiTables, read_anki_collection

_ORDER_PREFIX = re.compile(r"^\d+[-_ ]+")


@dataclass
class ImportResult:
    """What the import wrote, for the command's summary."""

    path: Path
    pack_id: str
    by_type: Counter[str] = field(default_factory=Counter)
    reversible: int = 0
    media: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0
    drafts: list[Draft] = field(default_factory=list)
    """Every question's draft, when the import was asked `with_progress` (to carry it)."""
    tables: AnkiTables | None = None

    @property
    def questions(self) -> int:
        """Questions written."""
        return sum(self.by_type.values())


def _split_deck(name: str, root: str | None) -> str:
    """The sub-deck path below the pack's root deck ('' for the root itself)."""
    parts = [p.strip() for p in name.split("::")]
    if root is not None and parts and parts[0] == root:
        parts = parts[1:]
    return "::".join(p for p in parts if p)


def _file_name(position: int, topic: str, pack_id: str) -> str:
    # A sub-deck numbered for Anki's sort ("02 teardown", as quizapp exports them) is ordered
    # by the file's own number instead.
    slug = slug_id(_ORDER_PREFIX.sub("", topic).replace("::", "."))
    slug = slug.replace("..", ".")[:50].strip("-._")
    return f"{position:02d}-{slug or pack_id}.md"


@young_collections_only
def import_deck(
    source: Path,
    packs_dir: Path,
    *,
    now: datetime,
    output: Path | None = None,
    lang: str = "en",
    with_progress: bool = False,
    progress_sink: Callable[[ImportResult, Package], None] | None = None,
) -> ImportResult:
    """Turn the .apkg at `source` into a pack under `packs_dir` (or at `output`)."""
    with open_package(source) as package:
        try:
            tables = read_anki_collection(package.collection, with_progress=with_progress)
        except StoreError as exc:
            raise DeckError(f"{source}: {exc}") from exc
        result = _build(package, tables, source, packs_dir, output, lang, now, with_progress)
        if progress_sink is not None:
            progress_sink(result, package)
    return result


def _build(
    package: Package,
    tables: AnkiTables,
    source: Path,
    packs_dir: Path,
    output: Path | None,
    lang: str,
    now: datetime,
    with_progress: bool,
) -> ImportResult:
    from quizapp.importer.anki.ours import OurNotes

    types = note_types(tables)
    names = deck_names(tables)
    note_decks = tables.note_decks
    tops = {n.split("::")[0].strip() for did in set(note_decks.values()) if (n := names.get(did))}
    root = next(iter(tops)) if len(tops) == 1 else None
    title = clean_text(root or source.stem).strip() or "anki"
    pack_id = slug_id(title)[:80] or "anki-deck"
    warnings: list[str] = []
    usable_media = set()
    for name, entry in package.media.items():
        if safe_media_name(name) is None:
            warnings.append(
                _("left out media file with an unsafe name: {name!r}").format(name=name[:80])
            )
        elif entry.claimed_size > MAX_MEDIA_FILE_BYTES:
            warnings.append(
                _(
                    "left out media file '{name}': it claims {size:,} bytes (limit {limit:,})"
                ).format(name=name, size=entry.claimed_size, limit=MAX_MEDIA_FILE_BYTES)
            )
        else:
            usable_media.add(name)
    converter = FieldConverter(usable_media, warnings.append)
    notes = NoteConverter(converter, lang)
    plans = None if with_progress else NotePlans(notes)  # (progress needs every draft)
    ours = OurNotes(converter)
    shapes: dict[int, Shape] = {mid: shape_of(nt) for mid, nt in types.items()}
    others: Counter[str] = Counter()
    result = ImportResult(Path(), pack_id)
    drafts: list[Draft] = []
    written: list[tuple[str, str, str, bool]] = []  # (sub-deck, Markdown, type, reversible)
    seen_ids: set[str] = set()
    topics: dict[int, str] = {}  # deck id -> its path below the root
    # note type id -> (the note type, its shape, one of our own): one lookup a note
    routes = {mid: (nt, shapes[mid], ours.recognises(nt)) for mid, nt in types.items()}
    ids = question_ids([str(note[1]) for note in tables.notes])
    # An id only one note has needs no "came before" check (Counter counts in C), unless
    # notes of our own export are here too: their ids come from their Key field.
    repeated = {qid for qid, count in Counter(ids).items() if count > 1}
    mixed = any(our_type for _nt, _shape, our_type in routes.values())
    write = plans.write if plans is not None else None
    for note, qid in zip(tables.notes, ids, strict=True):
        route = routes.get(note[2])
        deck_id = note_decks.get(note[0], 0)  # (0: a note without cards, no deck)
        deck = topics.get(deck_id)
        if deck is None:
            deck = topics[deck_id] = _split_deck(names.get(deck_id, ""), root)
        if route is None:
            warnings.append(
                _("note {note}: unknown note type {type}; skipped").format(
                    note=note[0], type=note[2]
                )
            )
            result.skipped += 1
            continue
        note_type, shape, our_type = route
        if our_type:
            converted = ours.convert(note, note_type, deck)
        else:
            if shape.kind == "other":
                others[note_type.name] += 1
            if write is not None and qid not in repeated and not (mixed and qid in seen_ids):
                fast = write(note, shape, qid)
                if fast is not None:
                    if mixed:
                        seen_ids.add(qid)
                    written.append((deck, *fast))
                    continue
            converted = notes.convert(note, shape, deck, qid)
        if isinstance(converted, str):
            warnings.append(
                _("note {note} ({type}): skipped, {why}").format(
                    note=note[0], type=note_type.name, why=converted
                )
            )
            result.skipped += 1
            continue
        if converted.id in seen_ids:  # two notes claiming one question (a doubled export)
            warnings.append(
                _("note {note}: skipped, question id '{id}' came before").format(
                    note=note[0], id=converted.id
                )
            )
            result.skipped += 1
            continue
        seen_ids.add(converted.id)
        reverse = bool(converted.header.get("reverse"))
        written.append((deck, question_text(converted), converted.type, reverse))
        if with_progress:
            drafts.append(converted)
    for name, count in sorted(others.items()):
        warnings.append(
            _(
                "note type '{name}' is not one quizapp knows: its {count} note(s) became "
                "flashcards from their first two fields"
            ).format(name=clean_text(name), count=count)
        )
    if ours.pack_id and ours.languages:
        pack_id, lang = ours.pack_id, ours.languages[0]
        result.pack_id = pack_id
    if not written:
        raise DeckError(_("{path}: no notes that can become questions").format(path=source))
    files: dict[str, QuestionFile] = {}
    for deck, markdown, _type, _reverse in written:
        qfile = files.get(deck)
        if qfile is None:
            qfile = files[deck] = QuestionFile(_file_name(len(files) + 1, deck, pack_id))
        qfile.questions.append(markdown)
    result.by_type.update(map(itemgetter(2), written))
    result.reversible = sum(map(itemgetter(3), written))
    media = _read_media(package, converter.used_media)
    languages = ours.languages or [lang]
    meta: dict[str, Any] = {
        "id": pack_id,
        "version": now.strftime("%Y.%m.%d"),
        "title": title[:2000],
        "description": f"Imported from the Anki deck {source.name} on {now:%Y-%m-%d}.",
        "languages": languages,
        "license": "unknown (not stated in the Anki deck)",
        "authors": [f"the authors of {source.name}"[:200]],
        "explanations": "optional",
    }
    about = _pack_about(tables, names, root, pack_id) if ours.pack_id else None
    if about is not None:  # our own export: the pack's own words, from the deck description
        for key, texts in (("title", about.title), ("description", about.description)):
            if (text := local_text(texts, languages)) is not None:
                meta[key] = text
        meta["authors"] = about.authors or meta["authors"]
        meta["license"] = about.license or meta["license"]
    dest = output if output is not None else packs_dir / pack_id
    write_pack(dest, meta, list(files.values()), media)
    result.path = dest
    result.media = len(media)
    result.warnings = warnings
    result.drafts = drafts
    result.tables = tables
    return result


def _pack_about(
    tables: AnkiTables, names: dict[int, str], root: str | None, pack_id: str
) -> PackAbout | None:
    """What `export anki` wrote about the pack in its deck's description (the top deck
    first, then its sub-decks, which carry the same), or None."""
    descriptions = deck_descriptions(tables)
    for did, name in sorted(names.items(), key=lambda item: item[1].count("::")):
        if root is None or name.split("::")[0].strip() == root:
            about = read_about(descriptions.get(did, ""), pack_id)
            if about is not None:
                return about
    return None


def _read_media(package: Package, used: set[str]) -> dict[str, bytes]:
    """The media files the questions use, as pack-relative paths; refuses lying sizes."""
    out: dict[str, bytes] = {}
    total = 0
    for name in sorted(used):
        try:
            data = package.read_media(package.media[name])
        except DeckError as exc:  # it lied about its size: refuse the deck, say which file
            raise DeckError(f"{package.source}: {exc}") from exc
        total += len(data)
        if total > MAX_MEDIA_TOTAL_BYTES:
            raise DeckError(
                _("{path}: the media the notes use is over {limit:,} bytes").format(
                    path=package.source, limit=MAX_MEDIA_TOTAL_BYTES
                )
            )
        out[f"{MEDIA_DIR}/{name}"] = data
    return out


__all__ = ["DeckError", "ImportResult", "import_deck"]
