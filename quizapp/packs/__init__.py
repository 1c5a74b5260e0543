"""Content packs: the on-disk format, its parser and validator, and the loader.

Packs know nothing of the database or the UI.
"""
