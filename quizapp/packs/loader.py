"""Find packs, parse and validate each, cache the result; one broken pack never stops the rest."""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from quizapp.domain.pack import Pack, PackInfo
from quizapp.domain.question import Question, QuestionText
from quizapp.errors import PackError, PackProblem
from quizapp.gc_pause import without_cyclic_gc
from quizapp.packs.text import MAX_FILE_BYTES, neutralise_controls

PACK_FILE = "pack.yaml"
CACHE_VERSION = 3  # 3: questions keep their validated header (defaults filled in)
MAX_FILES = 2000


def pack_dirs_in(root: Path) -> list[Path]:
    """`root` itself when it is a pack, else the packs directly inside it (sorted)."""
    if (root / PACK_FILE).is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / PACK_FILE).is_file())


def search_roots(extra: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    """Where packs live: shipped content, the user's packs folder, then `--packs-dir` folders."""
    from quizapp.paths import shipped_content_dir, user_packs_dir

    roots: list[Path] = []
    shipped = shipped_content_dir()
    if shipped is not None:
        roots.append(shipped)
    roots.append(user_packs_dir())
    roots.extend(Path(p).expanduser() for p in extra)
    return roots


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
                raise PackError(PackProblem(str(pack_dir), 0, f"more than {MAX_FILES} files"))
    return found  # a symlink out of the pack is refused later, by read_text_safely


def read_text_safely(pack_dir: Path, rel: str) -> tuple[str | None, PackProblem | None]:
    """Read a pack file as UTF-8, refusing symlinks out of the pack and oversized files."""
    path = pack_dir / rel
    try:
        resolved = path.resolve()
        if not resolved.is_relative_to(pack_dir.resolve()):
            return None, PackProblem(rel, 1, "file is a link to outside the pack folder")
        size = resolved.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, PackProblem(rel, 1, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        data = resolved.read_bytes()
    except OSError as exc:
        return None, PackProblem(rel, 1, f"cannot read file: {exc.strerror or exc}")
    try:
        return neutralise_controls(data.decode("utf-8")), None
    except UnicodeDecodeError as exc:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in data[:256]:
            return None, PackProblem(rel, 1, "file is saved as UTF-16; save it as UTF-8")
        line = data[: exc.start].count(b"\n") + 1
        return None, PackProblem(
            rel, line, "file is not valid UTF-8 (a legacy encoding?); save it as UTF-8"
        )


def _code_stamp() -> list[int]:
    """Size and mtime of the pack code, so a changed validator invalidates cached results."""
    here = Path(__file__).parent
    stamp: list[int] = []
    for path in sorted(here.glob("*.py")):
        st = path.stat()
        stamp += [st.st_mtime_ns, st.st_size]
    return stamp


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def _plain(q: Question) -> tuple[Any, ...]:
    """A question as plain data for marshal (fast to load, cannot run code when read)."""
    texts = {lang: (t.prompt, t.answer, t.explanation) for lang, t in q.texts.items()}
    return (
        q.id,
        q.type,
        q.tags,
        q.source,
        q.topic,
        q.file,
        q.line,
        texts,
        q.header,
        q.content_hash,
    )


def _question(pack_id: str, t: tuple[Any, ...]) -> Question:
    qid, qtype, tags, source, topic, file, line, texts, header, content_hash = t
    return Question.restore(
        {
            "pack_id": pack_id,
            "id": qid,
            "type": qtype,
            "tags": tuple(tags),
            "source": source,
            "topic": topic,
            "file": file,
            "line": line,
            "texts": {lang: QuestionText._make(parts) for lang, parts in texts.items()},
            "header": header,
            "content_hash": content_hash,
        }
    )


class PackCache:
    """Per-pack marshal file of parsed questions, keyed by each file's mtime and size.

    marshal, not pickle: reading it back cannot run code. Any error means a cold load.
    """

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _file(self, pack_dir: Path) -> Path | None:
        if self.directory is None:
            return None
        key = hashlib.sha256(str(pack_dir.resolve()).encode()).hexdigest()[:24]
        return self.directory / f"pack-{key}.marshal"

    def read(self, pack_dir: Path) -> dict[str, Any] | None:
        """The cached entry, or None when absent, stale format or unreadable."""
        path = self._file(pack_dir)
        if path is None or not path.is_file():
            return None
        try:
            entry = marshal.loads(path.read_bytes())
        except Exception:  # a damaged cache is only a slower load
            return None
        if not isinstance(entry, dict) or entry.get("version") != CACHE_VERSION:
            return None
        if entry.get("code") != _code_stamp():
            return None
        return entry

    def write(self, pack_dir: Path, entry: dict[str, Any]) -> None:
        """Store atomically; failures are ignored (the cache is an optimisation)."""
        path = self._file(pack_dir)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(entry))
            os.replace(tmp, path)
        except (OSError, ValueError):  # ValueError: something marshal cannot store
            pass


@without_cyclic_gc
def load_pack(pack_dir: str | os.PathLike[str], cache: PackCache | None = None) -> Pack:
    """Load one pack folder. Never raises for bad content: problems are in `Pack.problems`."""
    pack_dir = Path(pack_dir)
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
    questions: list[Question] = []
    all_problems: list[PackProblem] = []
    for rel in files:
        try:
            stamp = _stamp(pack_dir / rel)
        except OSError:
            stamp = (0, 0)
        hit = old_files.get(rel)
        if hit is not None and tuple(hit[0]) == stamp:
            new_files[rel] = hit
            file_questions = [_question(meta.id, t) for t in hit[1]]
            file_problems = [PackProblem(*p) for p in hit[2]]
        else:
            if validator is None:
                from quizapp.packs.validator import QuestionValidator

                validator = QuestionValidator(meta, pack_dir)
            file_questions, file_problems = _load_file(pack_dir, rel, validator)
            new_files[rel] = (
                stamp,
                [_plain(q) for q in file_questions],
                [(p.file, p.line, p.message) for p in file_problems],
            )
        questions.extend(file_questions)
        all_problems.extend(file_problems)

    questions, dup_problems = _drop_duplicates(questions)
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
                "code": _code_stamp(),
                "meta_text": meta_text,
                "meta": meta.to_plain(),
                "files": new_files,
            },
        )
    if not files:
        all_problems.append(PackProblem(PACK_FILE, 1, "the pack has no question files (*.md)"))
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
    from quizapp.packs.parser import load_yaml
    from quizapp.packs.validator import validate_meta

    data, problems = load_yaml(meta_text, PACK_FILE, 1)
    if problems:
        return None, problems
    model, problems = validate_meta(data, PACK_FILE, meta_text)
    return (PackInfo(**model.model_dump()) if model is not None else None), problems


def _load_file(
    pack_dir: Path, rel: str, validator: Any
) -> tuple[list[Question], list[PackProblem]]:
    from quizapp.packs.parser import parse_file

    text, problem = read_text_safely(pack_dir, rel)
    if text is None:
        return [], [problem] if problem else []
    raws, problems = parse_file(text, rel)
    questions: list[Question] = []
    for raw in raws:
        question, q_problems = validator.validate(raw)
        problems.extend(q_problems)
        if question is not None:
            questions.append(question)
    return questions, problems


def _drop_duplicates(questions: list[Question]) -> tuple[list[Question], list[PackProblem]]:
    first: dict[str, Question] = {}
    kept: list[Question] = []
    problems: list[PackProblem] = []
    for q in questions:
        if q.id in first:
            other = first[q.id]
            problems.append(
                PackProblem(
                    q.file, q.line, f"duplicate id '{q.id}' (first at {other.file}:{other.line})"
                )
            )
            continue
        first[q.id] = q
        kept.append(q)
    return kept, problems


def default_cache() -> PackCache:
    """The cache in the user cache dir (QUIZAPP_NO_CACHE=1 turns it off)."""
    if os.environ.get("QUIZAPP_NO_CACHE"):
        return PackCache(None)
    from quizapp.paths import cache_dir

    return PackCache(cache_dir())


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
    path = Path(ref).expanduser()
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
    known = ", ".join(sorted(d.name for d in candidates)) or "none installed"
    raise PackError(f"unknown pack '{ref}' (installed: {known}); give a pack id or a folder path")


def pack_ids_of(refs: Sequence[str]) -> list[str]:
    """Pack ids for `--pack` values that name packs in the database: a folder holding a
    pack.yaml gives the id written there; anything else is already an id (the pack may be
    studied but no longer installed, so ids are not checked against the installed packs)."""
    ids = []
    for ref in refs:
        path = Path(ref).expanduser()
        ids.append(load_pack(path, default_cache()).id if (path / PACK_FILE).is_file() else ref)
    return list(dict.fromkeys(ids))
