"""Where quizapp keeps its files: platformdirs locations, overridable by flag or environment."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quizapp"
DB_ENV = "QUIZAPP_DB"
DATA_ENV = "QUIZAPP_DATA_DIR"


def data_dir() -> Path:
    """The user data dir (QUIZAPP_DATA_DIR wins, which tests use to stay hermetic)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Parsed-pack cache; safe to delete at any time."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--db` first, then $QUIZAPP_DB, then `<data dir>/quizapp.db`."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / "quizapp.db"


def user_packs_dir() -> Path:
    """Packs a user installed or wrote: `<data dir>/packs/<pack-id>/`."""
    return data_dir() / "packs"


def shipped_content_dir() -> Path | None:
    """The packs shipped with the app: inside the wheel, or `content/` of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_content", here.parent / "content"):
        if candidate.is_dir():
            return candidate
    return None
