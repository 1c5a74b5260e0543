"""`quizapp settings`: show and change the scheduling settings kept in the database."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from quizapp.config import Settings
from quizapp.errors import QuizappError


def parse_assignment(text: str) -> tuple[str, Any]:
    """`key=value` -> (key, value); values are JSON, a comma list of numbers, or plain text."""
    key, sep, raw = text.partition("=")
    key = key.strip().replace("-", "_")
    known = [f.name for f in dataclasses.fields(Settings) if f.name != "extra"]
    if not sep or key not in known:
        raise QuizappError(f"expected KEY=VALUE with KEY one of: {', '.join(known)}; got {text!r}")
    raw = raw.strip()
    if key in ("learning_steps", "relearning_steps"):
        try:
            return key, [int(part) for part in raw.strip("[]").split(",") if part.strip()]
        except ValueError:
            raise QuizappError(f"{key}: give seconds separated by commas, e.g. 60,600") from None
    try:
        return key, json.loads(raw)
    except ValueError:
        return key, None if raw.lower() in ("none", "null", "") else raw


def update_settings(db_path: Path, assignments: list[str], *, reset: bool = False) -> Settings:
    """Apply `key=value` changes (or reset to defaults) and return the settings now stored."""
    from quizapp.store.repository import Store

    with Store.open(db_path) as store:
        current = Settings() if reset else store.load_settings()
        if not assignments and not reset:
            return current
        data = current.to_mapping()
        data.update(dict(parse_assignment(a) for a in assignments))
        updated = Settings.from_mapping(data)
        store.save_settings(updated)
        return updated


def format_settings(settings: Settings) -> str:
    """One `key = value` line per setting (values as JSON)."""
    lines = []
    for key, value in settings.to_mapping().items():
        lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines)
