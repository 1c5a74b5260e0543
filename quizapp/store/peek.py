"""One setting read without opening the store: the CLI picks its interface language before
any command runs, and a command such as `pack check` must neither create nor migrate the
database (nor pay for the store's imports) to do it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any


def peek_setting(path: Path, key: str) -> Any:
    """The stored JSON value of setting `key`, read-only; None when the file, the table or
    the key is missing or cannot be read (the caller falls back to its default)."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except (sqlite3.Error, ValueError):
        return None
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()
