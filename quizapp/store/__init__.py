"""The SQLite store: review progress only (packs stay the source of truth for content).

One schema: the SQLModel models in `models.py`. A new file is created from them, and every
migration in `migrations.py` brings an older file to exactly that schema (tests/store checks
the whole schema, for every older version).

Two ways in, chosen by who waits for the answer:
- The answer path (open the file, pick the next card, record or undo a grade, the counts the
  home screen and the study queue show) is plain SQL on the stdlib `sqlite3` driver (`db.py`).
  Importing SQLModel (with SQLAlchemy) costs about seven times what importing the whole CLI
  does (measured below), and an answer takes ~1 ms of SQL that an ORM would only add to; so
  neither is imported before the first question is on screen (tests/test_architecture.py and
  tests/store/test_sessions.py check this).
- Reads that people look at (today `quizapp stats`; browse, history and reports next) go
  through a SQLModel session, `Store.session()`, which imports SQLAlchemy on first use.
  Creating a new file compiles the models' DDL, so the first run ever pays the import once.

Measured 2026-12-01 (the smallest of 5 runs of `import X` in a fresh process after the
store and pack modules, CPU time; a 2-core machine at load average ~20, so wall times were
6-10 times these and idle figures are lower): sqlalchemy 384 ms, sqlmodel with sqlalchemy
708 ms, against 97 ms for `import quizapp.cli`.
"""
