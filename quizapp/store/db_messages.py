"""What a user reads when a database file is refused or an SQLite call fails: the file, the
problem and the likely cause, in the interface language."""

from __future__ import annotations

from pathlib import Path

from quizapp.errors import StoreError
from quizapp.i18n import N_, _

# SQLite's extended error names (prefix) -> the likely cause, in the user's words.
_CAUSES = {
    "SQLITE_READONLY": N_("the database file or its folder is read-only"),
    "SQLITE_CANTOPEN": N_("the file cannot be opened; is its folder read-only?"),
    "SQLITE_FULL": N_("the disk is full"),
    "SQLITE_IOERR_WRITE": N_("writing to the disk failed; is it full?"),
    "SQLITE_IOERR_FSYNC": N_("writing to the disk failed; is it full?"),
    "SQLITE_IOERR_TRUNCATE": N_("writing to the disk failed; is it full?"),
}
_DAMAGED = N_(
    "the file is damaged: restore the copy you keep, or a backup made before an upgrade "
    "(<name>.v<N>.bak beside it); `sqlite3 FILE .recover` may save the rest"
)


def refuse(path: Path, why: str) -> StoreError:
    """The error for a file quizapp will not open or change: it says the file is untouched."""
    return StoreError(_("{path}: {why}; the file was left untouched").format(path=path, why=why))


def cause(exc: BaseException) -> str | None:
    """Why an SQLite call failed, when the error code says (read-only, disk full)."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    return next((_(why) for code, why in _CAUSES.items() if name.startswith(code)), None)


def explain(path: Path | str, exc: BaseException) -> str:
    """The message for a failed database call: the file, SQLite's words and the likely cause."""
    why = cause(exc)
    if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        why = _(_DAMAGED)
    message = _("{path}: database error: {error}").format(path=path, error=exc)
    return message + (f" ({why})" if why else "")
