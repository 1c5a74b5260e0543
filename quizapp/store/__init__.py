"""The SQLite store: review progress only (packs stay the source of truth for content).

Importing this package is cheap; queries use the stdlib sqlite3 driver (see db.py), and
`sqlmodel` is only loaded by `models.py`, the schema description a test checks.
"""
