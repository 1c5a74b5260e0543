"""Decks made by the real Anki (the `anki` package) in tmp_path, for the importer tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

AnkiBuilder = Callable[..., Path]


def build_deck(
    tmp_path: Path,
    notes: list[tuple[str, list[str]]],
    *,
    deck: str = "Spanish::Verbs",
    media: dict[str, bytes] | None = None,
    legacy: bool = False,
    with_scheduling: bool = False,
    study: Callable[[Any], None] | None = None,
    name: str = "deck.apkg",
) -> Path:
    """A collection with these (note type name, fields) notes, exported as an .apkg."""
    from anki.collection import Collection, ExportAnkiPackageOptions
    from anki.import_export_pb2 import ExportLimit

    folder = tmp_path / f"anki-{name}"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        for file_name, data in (media or {}).items():
            src = folder / file_name
            src.write_bytes(data)
            col.media.add_file(str(src))
        deck_id = col.decks.id(deck)
        assert deck_id is not None
        for type_name, values in notes:
            model = col.models.by_name(type_name)
            assert model is not None, type_name
            note = col.new_note(model)
            for i, value in enumerate(values):
                note.fields[i] = value
            col.add_note(note, deck_id)
        if study is not None:
            study(col)
        out = tmp_path / name
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=with_scheduling,
                with_deck_configs=False,
                with_media=True,
                legacy=legacy,
            ),
            limit=ExportLimit(),
        )
    finally:
        col.close()
    return out


@pytest.fixture
def anki_deck(tmp_path: Path) -> AnkiBuilder:
    """Build a real Anki deck: `anki_deck(notes, **options)`."""

    def build(notes: list[tuple[str, list[str]]], **options: Any) -> Path:
        return build_deck(tmp_path, notes, **options)

    return build
