"""The SQLite store: review progress only (packs stay the source of truth for content).

Importing this package is cheap; `sqlmodel`/`sqlalchemy` load when a Store is opened.
"""
