"""Where quizapp keeps its files: platformdirs locations, overridable by flag or environment."""

from __future__ import annotations

import os
from pathlib import Path

from quizapp.errors import QuizappError
from quizapp.i18n import _

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
    """`--db` first, then $QUIZAPP_DB, then `<data dir>/quizapp.db`; QuizappError for a path
    that can never be a database file (`~nosuchuser/...`, a file used as a folder, a folder)."""
    if explicit is not None and not str(explicit).strip():
        raise QuizappError(_("--db: the path is empty; give a file name or leave --db out"))
    chosen = explicit or os.environ.get(DB_ENV)
    if not chosen:
        return data_dir() / "quizapp.db"
    path = expand_user(chosen)
    if path.is_dir():
        raise QuizappError(
            _("{path}: is a folder; --db takes a database file inside it").format(path=path)
        )
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise QuizappError(
                    _("{path}: {parent} is a file, not a folder").format(path=path, parent=parent)
                )
            break
    return path


def expand_user(path: str | os.PathLike[str]) -> Path:
    """`~` and `~user` expanded; QuizappError (not RuntimeError) when no such user exists."""
    try:
        return Path(path).expanduser()
    except RuntimeError:  # pathlib's "Could not determine home directory."
        user = str(path).split(os.sep, 1)[0]
        raise QuizappError(
            _("{path}: no home folder is known for {user!r}").format(path=path, user=user)
        ) from None


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


def resolved(path: Path) -> Path | None:
    """`path` with its symlinks followed, or None for a symlink loop (a file linked to itself
    made `pack list`, export and the home screen print a traceback: RuntimeError on 3.11)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def undecodable(name: str) -> bool:
    """True when `name` came from bytes that are not UTF-8 (the OS hands them over as lone
    surrogates, which no terminal, database or deck can take)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def shown_name(name: str) -> str:
    """`name` printable: bytes that are not UTF-8 become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def backups_of(db_path: Path) -> list[Path]:
    """The copies a migration left beside the database (`<name>.v<N>.bak`), oldest version
    first."""
    found = db_path.parent.glob(f"{db_path.name}.v*.bak") if db_path.parent.is_dir() else []
    return sorted(found, key=lambda p: (len(p.name), p.name))


def locations(db_path: Path) -> dict[str, Path | list[Path] | None]:
    """Where a learner's data lives, for `quizapp paths` and the settings screen: the
    database (settings and progress are inside it), the migration backups beside it, the
    user packs folder, the shipped packs and the pack cache (safe to delete)."""
    return {
        "database": db_path,
        "backups": backups_of(db_path),
        "user_packs": user_packs_dir(),
        "shipped_packs": shipped_content_dir(),
        "cache": cache_dir(),
    }
