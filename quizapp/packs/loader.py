"""Load one pack folder: read its files safely, parse and validate them, or take them cached.

One broken question or file never stops the rest: every problem is kept, with its file:line,
in `Pack.problems`. Finding pack folders is `discovery.py`; the cache is `cache.py`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from quizapp.domain.pack import Pack, PackInfo
from quizapp.domain.question import Question
from quizapp.errors import PackError, PackProblem
from quizapp.gc_pause import without_cyclic_gc
from quizapp.i18n import _
from quizapp.packs.cache import (
    CACHE_VERSION,
    PackCache,
    code_stamp,
    file_stamp,
    plain_question,
    restore_question,
)
from quizapp.packs.text import MAX_FILE_BYTES, first_control, neutralise_controls
from quizapp.paths import resolved, shown_name, undecodable

PACK_FILE = "pack.yaml"
MAX_FILES = 2000
"""More question files than this in one pack is refused (a folder picked by mistake)."""


def question_files(pack_dir: Path) -> list[str]:
    """The pack's question files (`*.md` except README.md), relative, sorted, inside the pack."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(pack_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(".md") or name.lower() == "readme.md" or name.startswith("."):
                continue
            path = Path(dirpath) / name
            found.append(path.relative_to(pack_dir).as_posix())
            if len(found) > MAX_FILES:
                raise PackError(
                    PackProblem(
                        str(pack_dir), 0, _("more than {limit} files").format(limit=MAX_FILES)
                    )
                )
    return found  # a symlink out of the pack is refused later, by read_text_safely


def read_text_safely(pack_dir: Path, rel: str) -> tuple[str | None, PackProblem | None]:
    """Read a pack file as UTF-8, refusing symlinks out of the pack or in a loop, oversized
    files, and anything but a regular file (a FIFO named *.md hung every command)."""
    path = resolved(pack_dir / rel)
    if path is None:
        return None, PackProblem(rel, 1, _("file is a symlink that leads to itself (a loop)"))
    if not path.is_relative_to(resolved(pack_dir) or pack_dir):
        return None, PackProblem(rel, 1, _("file is a link to outside the pack folder"))
    try:
        data = _read_regular(path)
    except OSError as exc:
        return None, PackProblem(
            rel, 1, _("cannot read file: {error}").format(error=exc.strerror or exc)
        )
    if isinstance(data, str):
        return None, PackProblem(rel, 1, data)
    try:
        return data.decode("utf-8"), None  # controls: made visible and reported by the parser
    except UnicodeDecodeError as exc:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in data[:256]:
            return None, PackProblem(rel, 1, _("file is saved as UTF-16; save it as UTF-8"))
        line = data[: exc.start].count(b"\n") + 1
        return None, PackProblem(
            rel, line, _("file is not valid UTF-8 (a legacy encoding?); save it as UTF-8")
        )


def _read_regular(path: Path) -> bytes | str:
    """The bytes of a regular file, or why it is not read. Opened without blocking and checked
    on the open descriptor, so a FIFO or device put in its place cannot stall the read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return _("not a regular file (a FIFO, device or socket?); only files are read")
        if info.st_size > MAX_FILE_BYTES:
            return _("file is {size} bytes; the limit is {limit}").format(
                size=info.st_size, limit=MAX_FILE_BYTES
            )
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)


@without_cyclic_gc
def load_pack(pack_dir: str | os.PathLike[str], cache: PackCache | None = None) -> Pack:
    """Load one pack folder. Never raises for bad content: problems are in `Pack.problems`."""
    pack_dir = Path(pack_dir)
    if undecodable(pack_dir.name):
        bad_name = PackProblem(PACK_FILE, 1, _("the folder name is not valid UTF-8; rename it"))
        shown = neutralise_controls(shown_name(pack_dir.name))
        return Pack(pack_dir, shown, None, problems=(bad_name,))
    code = first_control(pack_dir.name)
    if code is not None:  # its name would reach the terminal in every list and error
        message = _("the folder name holds the control character {code}").format(code=code)
        bad_name = PackProblem(PACK_FILE, 1, message)
        return Pack(pack_dir, neutralise_controls(pack_dir.name), None, problems=(bad_name,))
    meta_text, problem = read_text_safely(pack_dir, PACK_FILE)
    if meta_text is None:
        return Pack(
            pack_dir, pack_dir.name, None, problems=(problem or PackProblem(PACK_FILE, 1, "?"),)
        )
    meta_text = meta_text.removeprefix("\ufeff")
    cached = cache.read(pack_dir) if cache else None
    meta = _cached_meta(cached, meta_text)
    if meta is None:  # not cached, or pack.yaml changed: check it and every question again
        cached = None
        meta, problems = _validate_meta(meta_text)
        if meta is None:
            return Pack(pack_dir, pack_dir.name, None, problems=tuple(problems))

    try:
        files = question_files(pack_dir)
    except PackError as exc:
        return Pack(pack_dir, meta.id, meta, problems=tuple(exc.problems))
    old_files: dict[str, Any] = cached.get("files", {}) if cached else {}

    validator = None
    new_files: dict[str, Any] = {}
    ids: list[tuple[str, int, str, Question | None]] = []  # every id written, sound or not
    all_problems: list[PackProblem] = []
    for rel in files:
        if undecodable(rel):
            message = _("the file name is not valid UTF-8; rename it")
            all_problems.append(PackProblem(neutralise_controls(shown_name(rel)), 1, message))
            continue
        code = first_control(rel)
        if code is not None:
            message = _("the file name holds the control character {code}; rename it").format(
                code=code
            )
            all_problems.append(PackProblem(neutralise_controls(rel), 1, message))
            continue
        try:
            stamp = file_stamp(pack_dir / rel)
        except OSError:
            stamp = (0, 0)
        hit = old_files.get(rel)
        if hit is not None and tuple(hit[0]) == stamp:
            new_files[rel] = hit
            file_questions = [restore_question(meta.id, t) for t in hit[1]]
            file_problems = [PackProblem(*p) for p in hit[2]]
            file_broken = [(qid, line) for qid, line in hit[3]]
        else:
            if validator is None:
                from quizapp.packs.validator import QuestionValidator

                validator = QuestionValidator(meta, pack_dir)
            file_questions, file_problems, file_broken = _load_file(pack_dir, rel, validator)
            new_files[rel] = (
                stamp,
                [plain_question(q) for q in file_questions] if cache else [],
                [(p.file, p.line, p.message) for p in file_problems],
                file_broken,
            )
        written: list[tuple[int, str, Question | None]] = [
            (q.line, q.id, q) for q in file_questions
        ]
        written += [(line, qid, None) for qid, line in file_broken]
        ids += [(rel, *entry) for entry in sorted(written, key=lambda entry: entry[0])]
        all_problems.extend(file_problems)

    questions, dup_problems = _drop_duplicates(ids)
    all_problems.extend(dup_problems)
    if cache and (
        cached is None
        or new_files.keys() != old_files.keys()
        or any(new_files[k] is not old_files.get(k) for k in new_files)
    ):
        cache.write(
            pack_dir,
            {
                "version": CACHE_VERSION,
                "code": code_stamp(),
                "meta_text": meta_text,
                "meta": meta.to_plain(),
                "files": new_files,
            },
        )
    if not files:
        all_problems.append(PackProblem(PACK_FILE, 1, _("the pack has no question files (*.md)")))
    return Pack(
        pack_dir,
        meta.id,
        meta,
        questions=tuple(questions),
        problems=tuple(sorted(all_problems)),
        files=tuple(files),
    )


def _cached_meta(cached: dict[str, Any] | None, meta_text: str) -> PackInfo | None:
    """pack.yaml as validated when the cache was written, if it has not changed since."""
    if cached is None or cached.get("meta_text") != meta_text:
        return None
    try:
        return PackInfo(**cached["meta"])
    except (KeyError, TypeError):  # a damaged cache is only a slower load
        return None


def _validate_meta(meta_text: str) -> tuple[PackInfo | None, list[PackProblem]]:
    """pack.yaml parsed and checked against the format (imports YAML and pydantic)."""
    from quizapp.packs.validator import validate_meta
    from quizapp.packs.yaml_header import load_yaml

    data, problems = load_yaml(meta_text, PACK_FILE, 1)
    if problems:
        return None, problems
    model, problems = validate_meta(data, PACK_FILE, meta_text)
    return (PackInfo(**model.model_dump()) if model is not None else None), problems


def _load_file(
    pack_dir: Path, rel: str, validator: Any
) -> tuple[list[Question], list[PackProblem], list[tuple[str, int]]]:
    """The file's sound questions, its problems, and the (id, line) of each question with
    problems (so a duplicate id is reported even when the duplicate has another error)."""
    from quizapp.packs.parser import parse_file

    text, problem = read_text_safely(pack_dir, rel)
    if text is None:
        return [], [problem] if problem else [], []
    raws, problems = parse_file(text, rel)
    questions: list[Question] = []
    broken: list[tuple[str, int]] = []
    for raw in raws:
        question, q_problems = validator.validate(raw)
        problems.extend(q_problems)
        if question is not None:
            questions.append(question)
        elif isinstance(raw.header.get("id"), str):
            broken.append((raw.header["id"], raw.line))
    return questions, problems, broken


def _drop_duplicates(
    entries: list[tuple[str, int, str, Question | None]],
) -> tuple[list[Question], list[PackProblem]]:
    """The first question of each id when sound; a problem at every later use of an id, sound
    or not. `entries` are (file, line, id, question or None) in pack order."""
    first: dict[str, tuple[str, int]] = {}
    kept: list[Question] = []
    problems: list[PackProblem] = []
    for file, line, qid, q in entries:
        if qid in first:
            other_file, other_line = first[qid]
            problems.append(
                PackProblem(
                    file,
                    line,
                    _("duplicate id '{id}' (first at {file}:{line})").format(
                        id=qid, file=other_file, line=other_line
                    ),
                )
            )
            continue
        first[qid] = (file, line)
        if q is not None:
            kept.append(q)
    return kept, problems
