"""Anki packages (.apkg) read into packs: package, collection, note types, fields, progress."""
