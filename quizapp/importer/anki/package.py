"""Open an .apkg safely: a zip of the collection (SQLite, zstd in new packages) and its media.

A deck comes from a stranger, so nothing in it is trusted: member names are never used as
paths, every size claim is checked against a limit before reading, and decompression stops
at the limit whatever the headers say (a zip or zstd bomb costs at most the limit).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from quizapp.errors import QuizappError
from quizapp.i18n import _
from quizapp.importer.anki import wire

MAX_COLLECTION_BYTES = 2 * 1024**3
"""The largest collection database accepted (decompressed)."""
MAX_MEDIA_FILE_BYTES = 64 * 1024**2
"""The largest single media file copied into a pack; bigger ones are left out with a warning."""
MAX_MEDIA_TOTAL_BYTES = 1024**3
"""All media copied from one deck together."""
_CHUNK = 1024 * 1024
_LATEST = 3  # anki.import_export.PackageMetadata.Version.LATEST
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class DeckError(QuizappError):
    """The file is not a usable Anki package."""


@dataclass(frozen=True)
class MediaEntry:
    """One media file of the package: its name in the deck and the zip member holding it."""

    name: str
    member: str
    claimed_size: int
    """Size the package claims (media list, else zip header): checked before reading."""


@dataclass
class Package:
    """An opened .apkg: the collection extracted to a private temp file, media on demand."""

    source: Path
    zip: zipfile.ZipFile
    collection: Path
    version: int
    media: dict[str, MediaEntry] = field(default_factory=dict)
    zstd_media: bool = False

    def read_media(self, entry: MediaEntry, limit: int = MAX_MEDIA_FILE_BYTES) -> bytes:
        """The file's bytes; DeckError if it is (or decompresses to) more than `limit`."""
        if entry.claimed_size > limit:
            raise DeckError(
                _("media file '{name}' claims {size:,} bytes (limit {limit:,})").format(
                    name=entry.name, size=entry.claimed_size, limit=limit
                )
            )
        with self.zip.open(entry.member) as raw:
            if self.zstd_media:
                import zstandard

                with zstandard.ZstdDecompressor().stream_reader(raw) as stream:
                    data = _read_at_most(stream, limit, entry.name)
            else:
                data = _read_at_most(raw, limit, entry.name)
        return data


def _read_at_most(stream: IO[bytes], limit: int, what: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise DeckError(
                _("media file '{name}' is larger than {limit:,} bytes").format(
                    name=what, limit=limit
                )
            )
        chunks.append(chunk)


def _check_members(zf: zipfile.ZipFile, source: Path) -> None:
    """Refuse a package whose member names could escape a folder: Anki never writes them."""
    for info in zf.infolist():
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name or "\0" in name:
            raise DeckError(
                _("{path}: refusing a package with an unsafe path inside: {name!r}").format(
                    path=source, name=name
                )
            )


def _version(zf: zipfile.ZipFile, names: set[str]) -> int:
    if "meta" in names:
        meta = zf.read("meta") if zf.getinfo("meta").file_size < 4096 else b""
        try:
            return wire.integer(meta, 1)
        except wire.WireError:
            return 0
    return 2 if "collection.anki21" in names else 1


def _extract_collection(zf: zipfile.ZipFile, member: str, dest: Path, zstd: bool) -> None:
    info = zf.getinfo(member)
    if not zstd and info.file_size > MAX_COLLECTION_BYTES:
        raise DeckError(
            _("the collection claims {size:,} bytes; too large to import").format(
                size=info.file_size
            )
        )
    with zf.open(member) as raw, dest.open("wb") as out:
        stream: IO[bytes] = raw
        if zstd:
            import zstandard

            stream = zstandard.ZstdDecompressor().stream_reader(raw)
        size = 0
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > MAX_COLLECTION_BYTES:
                raise DeckError(_("the collection is too large to import"))
            out.write(chunk)


def _media_map(zf: zipfile.ZipFile, names: set[str], latest: bool) -> dict[str, MediaEntry]:
    if "media" not in names:
        return {}
    if zf.getinfo("media").file_size > 64 * 1024**2:
        raise DeckError(_("the media list is too large"))
    raw = zf.read("media")
    entries: dict[str, MediaEntry] = {}
    if latest:
        import zstandard

        try:
            data = zstandard.ZstdDecompressor().decompress(raw, max_output_size=256 * 1024**2)
            entry_messages = [v for n, v in wire.fields(data) if n == 1 and isinstance(v, bytes)]
            for index, value in enumerate(entry_messages):
                name = wire.text(value, 1)
                member = str(wire.integer(value, 255) if _has(value, 255) else index)
                if member in names and name:
                    entries[name] = MediaEntry(name, member, wire.integer(value, 2))
        except (zstandard.ZstdError, wire.WireError) as exc:
            raise DeckError(_("the media list is damaged ({error})").format(error=exc)) from exc
        return entries
    try:
        mapping = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DeckError(_("the media list is damaged ({error})").format(error=exc)) from exc
    if not isinstance(mapping, dict):
        raise DeckError(_("the media list is damaged (not a mapping)"))
    for member, name in mapping.items():
        if isinstance(name, str) and isinstance(member, str) and member in names:
            entries[name] = MediaEntry(name, member, zf.getinfo(member).file_size)
    return entries


def _has(message: bytes, number: int) -> bool:
    return any(n == number for n, _ in wire.fields(message))


@contextmanager
def open_package(source: Path) -> Iterator[Package]:
    """Open `source` (DeckError with a one-line reason if it is not a usable .apkg)."""
    if not source.is_file():
        raise DeckError(_("{path}: no such file").format(path=source))
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DeckError(
            _("{path}: not an Anki package (.apkg is a zip file): {error}").format(
                path=source, error=exc
            )
        ) from exc
    scratch = Path(tempfile.mkdtemp(prefix="quizapp-apkg-"))
    try:
        with zf:
            _check_members(zf, source)
            names = set(zf.namelist())
            version = _version(zf, names)
            latest = version >= _LATEST and "collection.anki21b" in names
            if latest:
                member = "collection.anki21b"
            elif "collection.anki21" in names:
                member = "collection.anki21"
            elif "collection.anki2" in names:
                member = "collection.anki2"
            else:
                raise DeckError(
                    _("{path}: no Anki collection inside (is it a .colpkg?)").format(path=source)
                )
            collection = scratch / "collection.sqlite"
            try:
                _extract_collection(zf, member, collection, zstd=latest)
                media = _media_map(zf, names, latest)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise DeckError(
                    _("{path}: damaged package: {error}").format(path=source, error=exc)
                ) from exc
            except DeckError as exc:
                raise DeckError(f"{source}: {exc}") from exc
            zstd_media = latest and _media_is_zstd(zf, media)
            yield Package(source, zf, collection, version, media, zstd_media)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _media_is_zstd(zf: zipfile.ZipFile, media: dict[str, MediaEntry]) -> bool:
    """New packages compress each media file with zstd; peek at one to be sure."""
    for entry in media.values():
        with zf.open(entry.member) as fh:
            return fh.read(4) == _ZSTD_MAGIC
    return True
