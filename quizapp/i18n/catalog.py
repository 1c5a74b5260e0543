"""Message catalogs: read a .po file and compile it to a .mo, stdlib only.

The wheel carries compiled .mo files (hatch_build.py calls `compile_all`); a checkout, where
.mo files are not committed, compiles a catalog the first time it is used and writes the
.mo beside its .po (like __pycache__), or keeps it in memory when that folder is read-only.
Each .mo records a digest of its .po, so an edited .po is compiled again on the next run.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import os
import re
import struct
import tempfile
from pathlib import Path

DOMAIN = "quizapp"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DIGEST_HEADER = "X-Quizapp-Po-Digest"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")


def catalog_dir(lang: str) -> str:
    """'zh-CN' -> 'zh_CN', gettext's folder name."""
    return lang.replace("-", "_")


def po_path(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / catalog_dir(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"expected a quoted string, got {text!r}")
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(text: str) -> dict[str, str]:
    """gettext's .mo keys and values: 'ctxt\\x04msgid', 'one\\0many' for plurals, forms joined
    by NUL. Fuzzy and obsolete entries are left out, as msgfmt does; so are untranslated ones."""
    entries: dict[str, str] = {}
    fields: dict[str, str] = {}
    current: str | None = None
    fuzzy = False

    def finish() -> None:
        nonlocal fuzzy
        if "msgid" in fields:
            forms = [fields[k] for k in sorted(k for k in fields if k.startswith("msgstr"))]
            key = fields["msgid"]
            if "msgid_plural" in fields:
                key += "\0" + fields["msgid_plural"]
            if "msgctxt" in fields:
                key = fields["msgctxt"] + "\x04" + key
            if any(forms) and (not fuzzy or key == ""):
                entries[key] = "\0".join(forms)
        fields.clear()
        fuzzy = False

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            if stripped.startswith("#,") and "fuzzy" in stripped:
                if "msgid" in fields:
                    finish()
                fuzzy = True
            continue
        if not stripped:
            continue
        if stripped.startswith('"'):
            if current is None:
                raise ValueError(f"a continued string outside an entry: {line!r}")
            fields[current] += _unquote(stripped)
            continue
        keyword, _sep, rest = stripped.partition(" ")
        keyword = keyword.replace("[", "_").replace("]", "") if "[" in keyword else keyword
        if keyword in ("msgctxt", "msgid") and (
            "msgstr" in fields or any(k.startswith("msgstr_") for k in fields)
        ):
            finish()
        if keyword == "msgctxt" and "msgid" in fields:
            finish()
        if keyword == "msgstr":
            keyword = "msgstr_0"
        fields[keyword] = _unquote(rest)
        current = keyword
    finish()
    return entries


def mo_bytes(entries: dict[str, str], digest: str) -> bytes:
    """A GNU .mo file of `entries` (as msgfmt writes it), with `digest` in its header."""
    header = entries.get("", "")
    header = "".join(
        line + "\n" for line in header.splitlines() if not line.startswith(DIGEST_HEADER)
    )
    entries = {**entries, "": f"{header}{DIGEST_HEADER}: {digest}\n"}
    keys = sorted(entries)
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets: list[int] = []
    blob = b""
    for data in ids + strs:
        offsets += [len(data), start + len(blob)]
        blob += data + b"\0"
    header_fields = struct.pack(
        "Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0
    )
    return header_fields + struct.pack(f"{len(offsets)}i", *offsets) + blob


def digest_of(po: bytes) -> str:
    # hashlib here, not quizapp.digest: this file is stdlib only (the wheel's build hook
    # loads it by path), and imported lazily: a start compiles no catalog
    import hashlib

    return hashlib.sha256(po).hexdigest()[:16]


def compile_po(po: Path) -> bytes:
    """The .mo bytes for one .po file."""
    data = po.read_bytes()
    return mo_bytes(parse_po(data.decode("utf-8")), digest_of(data))


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def load(lang: str, locale_dir: Path = LOCALE_DIR) -> gettext.NullTranslations:
    """The catalog of `lang`: its .mo when it matches the .po, else compiled now (and saved
    beside the .po when possible). No catalog: the strings stay as written (English).
    A .mo newer than its .po is taken without reading the .po: every start loads the
    English catalog, and hashing its 100 KB .po (and importing hashlib) was ~1% of a start."""
    po = po_path(lang, locale_dir)
    mo = po.with_suffix(".mo")
    try:
        po_changed = po.stat().st_mtime_ns
    except OSError:
        po_changed = None
    compiled: gettext.GNUTranslations | None = None
    try:
        with mo.open("rb") as handle:
            mo_changed = os.fstat(handle.fileno()).st_mtime_ns
            compiled = gettext.GNUTranslations(handle)
    except (OSError, ValueError):
        pass
    else:
        if po_changed is None or mo_changed >= po_changed:
            return compiled  # made after the .po last changed: no need to read and hash it
    try:
        source = po.read_bytes()
    except OSError:
        return compiled if compiled is not None else gettext.NullTranslations()
    digest = digest_of(source)
    if compiled is not None and compiled.info().get(DIGEST_HEADER.lower()) == digest:
        return compiled
    data = mo_bytes(parse_po(source.decode("utf-8")), digest)
    with contextlib.suppress(OSError):  # a read-only install without .mo files: from memory
        _write_atomically(mo, data)
    return gettext.GNUTranslations(io.BytesIO(data))


def compile_all(locale_dir: Path = LOCALE_DIR, out_dir: Path | None = None) -> list[Path]:
    """Compile every catalog under `locale_dir` (into `out_dir`, same layout, if given)."""
    written = []
    for po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        target = (out_dir / po.relative_to(locale_dir) if out_dir else po).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, compile_po(po))
        written.append(target)
    return written
