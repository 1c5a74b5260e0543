"""Where packs are: the folders searched, the packs in them, and which pack wins an id.

Shipped content, the user's packs folder, then `--packs-dir` folders, in that order; a pack
found later replaces one with the same id found earlier, so a user's edited copy of a shipped
pack is the one studied.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from quizapp.domain.pack import Pack
from quizapp.errors import PackError
from quizapp.i18n import _
from quizapp.packs.cache import PackCache, default_cache
from quizapp.packs.loader import PACK_FILE, load_pack
from quizapp.paths import expand_user


def pack_dirs_in(root: Path) -> list[Path]:
    """`root` itself when it is a pack, else the packs directly inside it (sorted)."""
    if (root / PACK_FILE).is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / PACK_FILE).is_file())


def search_roots(extra: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    """Where packs live: shipped content, the user's packs folder, then `--packs-dir` folders
    (PackError for one that is not a folder: a typo there was silently ignored)."""
    from quizapp.paths import shipped_content_dir, user_packs_dir

    roots: list[Path] = []
    shipped = shipped_content_dir()
    if shipped is not None:
        roots.append(shipped)
    roots.append(user_packs_dir())
    for given in extra:
        root = expand_user(given)
        if not root.is_dir():
            if root.exists():
                why = _("--packs-dir {path}: is not a folder")
            else:
                why = _("--packs-dir {path}: does not exist")
            raise PackError(why.format(path=given))
        roots.append(root)
    return roots


def discover(extra_dirs: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    """Every pack folder in the search roots, first occurrence of a folder name wins."""
    seen: set[Path] = set()
    found: list[Path] = []
    for root in search_roots(extra_dirs):
        for pack_dir in pack_dirs_in(root):
            key = pack_dir.resolve()
            if key not in seen:
                seen.add(key)
                found.append(pack_dir)
    return found


def load_packs(
    paths: Iterable[str | os.PathLike[str]], cache: PackCache | None = None
) -> list[Pack]:
    """Load every pack in `paths` (each a pack folder or a folder of packs)."""
    cache = default_cache() if cache is None else cache
    packs: list[Pack] = []
    for path in paths:
        for pack_dir in pack_dirs_in(Path(path)):
            packs.append(load_pack(pack_dir, cache))
    return packs


def load_all(
    extra_dirs: Sequence[str | os.PathLike[str]] = (), cache: PackCache | None = None
) -> list[Pack]:
    """Every installed pack (shipped, user, `--packs-dir`), one per id.

    A pack found later overrides one with the same id found earlier: a user's copy of a
    shipped pack (say, edited) replaces it, and a `--packs-dir` pack replaces both. Two
    copies would otherwise be studied as one pack and fight over its questions.
    """
    cache = default_cache() if cache is None else cache
    by_id: dict[str, Pack] = {}
    for pack_dir in discover(extra_dirs):
        pack = load_pack(pack_dir, cache)
        by_id[pack.id] = pack  # a later root wins; dict order keeps the first one's place
    return list(by_id.values())


def resolve_pack(
    ref: str, extra_dirs: Sequence[str | os.PathLike[str]] = (), cache: PackCache | None = None
) -> Pack:
    """A pack by id or folder path; PackError when nothing matches."""
    cache = default_cache() if cache is None else cache
    path = expand_user(ref)
    if (path / PACK_FILE).is_file():
        return load_pack(path, cache)
    candidates = discover(extra_dirs)
    by_folder_name: Pack | None = None
    for pack_dir in reversed(candidates):  # the same precedence as load_all: later roots win
        pack = load_pack(pack_dir, cache)
        if pack.id == ref:
            return pack
        if by_folder_name is None and pack_dir.name == ref:
            by_folder_name = pack  # a folder named apart from its id, or a broken pack
    if by_folder_name is not None:
        return by_folder_name
    known = ", ".join(sorted(d.name for d in candidates)) or _("none installed")
    raise PackError(
        _("unknown pack '{pack}' (installed: {known}); give a pack id or a folder path").format(
            pack=ref, known=known
        )
    )


def pack_ids_of(refs: Sequence[str]) -> list[str]:
    """Pack ids for `--pack` values that name packs in the database: a folder holding a
    pack.yaml gives the id written there; anything else is already an id (the pack may be
    studied but no longer installed, so ids are not checked against the installed packs)."""
    ids = []
    for ref in refs:
        path = expand_user(ref)
        ids.append(load_pack(path, default_cache()).id if (path / PACK_FILE).is_file() else ref)
    return list(dict.fromkeys(ids))
