"""Write a pack folder from data: `pack.yaml`, question files and other files (media).

Used by importers. The folder is built beside the destination and swapped in whole, so an
interrupted write never leaves half a pack, and a re-import replaces the earlier import.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizapp.errors import QuizappError
from quizapp.i18n import _

Texts = Mapping[str, tuple[str, str, str]]
"""Language -> (prompt, answer, explanation) Markdown."""


@dataclass
class QuestionFile:
    """One Markdown file of questions, each as `question_markdown` writes it, in order."""

    name: str
    questions: list[str] = field(default_factory=list)


# libyaml's emitter when PyYAML has it: ~3x faster per header than the pure-Python one.
_Dumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# A plain scalar YAML reads back as the same string: starts with a letter (no number, date or
# indicator), no ': ' or ' #', and not one of YAML 1.1's booleans or null.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._/+-]*(?: [A-Za-z0-9._/+()-]+)*")
_RESERVED = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])
# A JSON string is a YAML double-quoted scalar with the same value, unless it holds a
# character YAML reads as a line break or refuses (json escapes every other control).
_NOT_IN_QUOTES = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def yaml_scalar(value: object) -> str | None:
    """`value` as one YAML scalar, or None when only the YAML emitter should write it."""
    if type(value) is str:
        text = _STRINGS.get(value, _UNSEEN)
        if text is not _UNSEEN:
            return text
        if _PLAIN.fullmatch(value) and (len(value) > 5 or value.lower() not in _RESERVED):
            text = value
        else:
            quoted = json.dumps(value, ensure_ascii=False)
            text = None if _NOT_IN_QUOTES.search(quoted) else quoted
        if len(_STRINGS) < 1024:
            _STRINGS[value] = text
        return text
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    return None


_STRINGS: dict[str, str | None] = {}
"""Strings headers repeat (keys, types, tags) as scalars, the first ones met."""
_UNSEEN = "\x00unseen"
"""Not a scalar `yaml_scalar` writes (plain ones hold no control character, quoted ones start
with a quote)."""


def list_line(key: str, items: Sequence[object]) -> str | None:
    """`key: [a, b]` and a line break, for a key already written as a scalar; None when an
    item needs the YAML emitter."""
    scalars = [yaml_scalar(item) for item in items]
    if None in scalars:
        return None
    return f"{key}: [{', '.join(scalars)}]\n"  # type: ignore[arg-type]


def _fast_dump(data: Mapping[str, Any]) -> str | None:
    """A question header of scalars and lists of scalars, written ~20x faster than
    yaml.dump (it was ~40% of an import); None for anything else."""
    lines = []
    strings = _STRINGS
    for key, value in data.items():
        # (a memoised string is looked up here: a call per key and value was a third of this)
        name = strings.get(key) if type(key) is str else None
        if name is None and (type(key) is not str or (name := yaml_scalar(key)) is None):
            return None
        if type(value) is list:
            line = list_line(name, value) if value else None
            if line is None:
                return None
            lines.append(line)
            continue
        text = strings.get(value) if type(value) is str else None
        if text is None and (text := yaml_scalar(value)) is None:
            return None
        lines.append(f"{name}: {text}\n")
    return "".join(lines) or None


def _dump(data: Mapping[str, Any]) -> str:
    fast = _fast_dump(data)
    if fast is not None:
        return fast
    return str(
        yaml.dump(dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    )


def question_markdown(header: Mapping[str, Any], texts: Texts) -> str:
    """One question as it appears in a file: `---`, YAML header, `---`, language sections."""
    parts = ["---\n", _dump(header), "---\n"]
    for lang, (prompt, answer, explanation) in texts.items():
        parts.append(f"[{lang}]\n{prompt}\n\n")
        if answer:
            parts.append(f"[{lang}.answer]\n{answer}\n\n")
        if explanation:
            parts.append(f"[{lang}.explanation]\n{explanation}\n\n")
    return "".join(parts)


def _is_replaceable(dest: Path, pack_id: str) -> bool:
    """An empty folder, or an earlier version of the same pack, may be replaced."""
    if not dest.exists():
        return True
    if not dest.is_dir() or dest.is_symlink():
        return False
    if not any(dest.iterdir()):
        return True
    meta = dest / "pack.yaml"
    try:
        data = yaml.safe_load(meta.read_text(encoding="utf-8")) if meta.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and data.get("id") == pack_id


def write_pack(
    dest: Path,
    meta: Mapping[str, Any],
    files: Sequence[QuestionFile],
    extra_files: Mapping[str, bytes] | None = None,
) -> None:
    """Write the pack to `dest`, replacing an earlier version of the same pack id there."""
    pack_id = str(meta["id"])
    if not _is_replaceable(dest, pack_id):
        raise QuizappError(
            _("{path} exists and is not pack '{pack}': choose another folder with -o").format(
                path=dest, pack=pack_id
            )
        )
    parent = dest.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=parent))
    except OSError as exc:
        raise _cannot_write(dest, exc) from exc
    old: Path | None = None
    try:
        (scratch / "pack.yaml").write_text(_dump(meta), encoding="utf-8")
        for qfile in files:
            (scratch / qfile.name).write_text("".join(qfile.questions), encoding="utf-8")
        for relative, data in (extra_files or {}).items():
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(scratch, 0o755)
        if dest.exists():
            old = parent / f".{dest.name}.old-{os.getpid()}"
            os.replace(dest, old)
        os.replace(scratch, dest)
    except OSError as exc:
        if old is not None and not dest.exists():
            os.replace(old, dest)
            old = None
        raise _cannot_write(dest, exc) from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _cannot_write(dest: Path, exc: OSError) -> QuizappError:
    return QuizappError(
        _("cannot write {path}: {error}").format(path=dest, error=exc.strerror or exc)
    )
