"""`quizapp settings` and the settings screen: show and change the settings kept in the
database. Both read a value through `parse_value` and validate it with `Settings` itself, so a
value one accepts the other accepts too, with the same message."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.config import Settings, SettingsError
from quizapp.errors import QuizappError
from quizapp.i18n import _

_STEP = re.compile(r"(\d+)\s*([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_OPTIONAL_TEXT = ("timezone", "language", "theme")
"""Settings where an empty value means "not set" (the system's zone, the pack's language,
Textual's theme)."""


def known_keys() -> list[str]:
    """Every setting a user may change, in the order `Settings` declares them."""
    return [f.name for f in dataclasses.fields(Settings) if f.name != "extra"]


def parse_steps(key: str, raw: str) -> list[int]:
    """Learning steps in seconds: `60,600`, `1m 10m` or `1m, 1h` (s, m, h, d units; a bare
    number is seconds, as `quizapp settings` has always read it)."""
    parts = [p for p in re.split(r"[,\s]+", raw.strip().strip("[]")) if p]
    steps: list[int] = []
    for part in parts:
        match = _STEP.fullmatch(part)
        if match is None:
            raise QuizappError(
                _("{key}: give steps such as 1m 10m (or seconds: 60,600)").format(key=key)
            )
        steps.append(int(match[1]) * _UNIT_SECONDS[match[2]])
    return steps


def format_steps(steps: Sequence[int]) -> str:
    """`(60, 600)` -> `1m 10m`: steps as Anki's deck options write them."""
    out = []
    for seconds in steps:
        unit = next(u for u in ("d", "h", "m", "s") if seconds % _UNIT_SECONDS[u] == 0)
        out.append(f"{seconds // _UNIT_SECONDS[unit]}{unit}")
    return " ".join(out)


def parse_value(key: str, raw: str) -> Any:
    """One setting's text (command line or screen field) as the value `Settings` takes."""
    raw = raw.strip()
    if key in ("learning_steps", "relearning_steps"):
        return parse_steps(key, raw)
    if key in _OPTIONAL_TEXT:
        return None if raw.lower() in ("", "none", "null") else raw
    try:
        return json.loads(raw)
    except ValueError:
        return None if raw.lower() in ("none", "null", "") else raw


def parse_assignment(text: str) -> tuple[str, Any]:
    """`key=value` -> (key, value); values are JSON, steps with units, or plain text."""
    key, sep, raw = text.partition("=")
    key = key.strip().replace("-", "_")
    known = known_keys()
    if not sep or key not in known:
        raise QuizappError(
            _("expected KEY=VALUE with KEY one of: {keys}; got {text!r}").format(
                keys=", ".join(known), text=text
            )
        )
    return key, parse_value(key, raw)


def with_value(settings: Settings, key: str, raw: str) -> Settings:
    """`settings` with one field changed from its text; QuizappError says what is wrong with
    that field alone (the settings screen shows it beside the field)."""
    value = parse_value(key, raw)
    try:
        return Settings.from_mapping({**settings.to_mapping(), key: value})
    except SettingsError as exc:
        raise QuizappError("; ".join(exc.problems)) from None


def load_settings(db_path: Path) -> Settings:
    """The settings stored in the database (created if missing, as study would)."""
    from quizapp.store.repository import Store

    with Store.open(db_path) as store:
        return store.load_settings()


def save_settings(db_path: Path, settings: Settings, now: datetime) -> None:
    """Store these settings; study sessions opened afterwards use them. A changed value is
    stamped `now` (the app's clock): the newest change wins when devices are synced."""
    from quizapp.store.repository import Store

    with Store.open(db_path) as store:
        store.save_settings(settings, now)


def update_settings(
    db_path: Path, assignments: list[str], now: datetime, *, reset: bool = False
) -> Settings:
    """Apply `key=value` changes (or reset to defaults), stamped `now`, and return the
    settings now stored."""
    from quizapp.store.repository import Store

    with Store.open(db_path) as store:
        current = Settings() if reset else store.load_settings()
        if not assignments and not reset:
            return current
        data = current.to_mapping()
        data.update(dict(parse_assignment(a) for a in assignments))
        updated = Settings.from_mapping(data)
        store.save_settings(updated, now)
        return updated


def format_settings(settings: Settings) -> str:
    """One `key = value` line per setting (values as JSON)."""
    lines = []
    for key, value in settings.to_mapping().items():
        lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines)
