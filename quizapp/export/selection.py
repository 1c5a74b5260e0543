"""Which packs an export covers: the ones named, or every installed pack that loads cleanly."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from quizapp.domain.pack import Pack
from quizapp.errors import PackError, QuizappError
from quizapp.i18n import _


def _broken(pack: Pack) -> str:
    first = pack.problems[0]
    return (
        f"pack '{pack.id}' has {len(pack.problems)} problem(s), first {first.file}:{first.line}: "
        f"{first.message}; run `quizapp pack check {pack.path}`"
    )


def select_packs(
    refs: Sequence[str], extra_dirs: Sequence[str | os.PathLike[str]] = ()
) -> tuple[list[Pack], list[str]]:
    """The packs to export and warnings about skipped ones.

    Named packs must exist and load without problems (else QuizappError); with no names,
    every installed pack is taken and broken ones are skipped with a warning.
    """
    from quizapp.packs.discovery import load_all, resolve_pack

    if refs:
        packs: list[Pack] = []
        for ref in dict.fromkeys(refs):
            try:
                pack = resolve_pack(ref, extra_dirs)
            except PackError as exc:
                raise QuizappError(str(exc)) from exc
            if not pack.ok:
                raise QuizappError(_broken(pack))
            twin = next((p for p in packs if p.id == pack.id), None)
            if twin is None:
                packs.append(pack)
            elif twin.path.resolve() != pack.path.resolve():
                # One id, two folders: both would write the same note GUIDs and deck ids.
                raise QuizappError(
                    _(
                        "pack '{pack}' is named twice, from {first} and {second}: Anki would "
                        "see one set of notes; export one of them"
                    ).format(pack=pack.id, first=twin.path, second=pack.path)
                )
        return packs, []
    everything = load_all(extra_dirs)
    if not everything:
        raise QuizappError(_("no packs installed; pass --pack PATH or --packs-dir DIR"))
    warnings = [_("skipped: {problem}").format(problem=_broken(p)) for p in everything if not p.ok]
    good = [p for p in everything if p.ok]
    if not good:
        raise QuizappError(_("every installed pack has problems:") + "\n" + "\n".join(warnings))
    return good, warnings


def check_output(path: Path) -> Path:
    """Refuse an output the user surely did not mean, before any work is done."""
    if path.suffix.lower() != ".apkg":
        raise QuizappError(
            _("output {path} must end in .apkg (Anki imports only that name)").format(path=path)
        )
    if path.is_dir():
        raise QuizappError(_("output {path} is a folder").format(path=path))
    parent = path.parent if str(path.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise QuizappError(
            _("cannot write {path}: {parent} is a file, not a folder").format(
                path=path, parent=parent
            )
        )
    if not parent.is_dir():
        raise QuizappError(
            _("cannot write {path}: folder {parent} does not exist").format(
                path=path, parent=parent
            )
        )
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise QuizappError(_("cannot write {path}: permission denied").format(path=path))
    return path
