"""Write a pack folder from data: `pack.yaml`, question files and other files (media).

Used by importers. The folder is built beside the destination and swapped in whole, so an
interrupted write never leaves half a pack, and a re-import replaces the earlier import.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizapp.errors import QuizappError

Texts = Mapping[str, tuple[str, str, str]]
"""Language -> (prompt, answer, explanation) Markdown."""


@dataclass
class QuestionFile:
    """One Markdown file of questions: (header, texts) pairs in order."""

    name: str
    questions: list[tuple[dict[str, Any], Texts]] = field(default_factory=list)


# libyaml's emitter when PyYAML has it: ~3x faster per header than the pure-Python one.
_Dumper: type[Any] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: Mapping[str, Any]) -> str:
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
            f"{dest} exists and is not pack '{pack_id}': choose another folder with -o"
        )
    parent = dest.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=parent))
    except OSError as exc:
        raise QuizappError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    old: Path | None = None
    try:
        (scratch / "pack.yaml").write_text(_dump(meta), encoding="utf-8")
        for qfile in files:
            text = "".join(question_markdown(h, t) for h, t in qfile.questions)
            (scratch / qfile.name).write_text(text, encoding="utf-8")
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
        raise QuizappError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
