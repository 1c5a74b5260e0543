"""The pack cache: each pack's parsed and validated questions in a marshal file, per source file.

A warm start reads questions from here instead of parsing YAML and validating with pydantic
(neither is imported then). Entries are keyed by each file's mtime and size and by the code
that checked them, so an edited file or a changed checker means that part is loaded cold.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

from quizapp.digest import sha256
from quizapp.domain.question import Question, QuestionText
from quizapp.i18n import language
from quizapp.packs import inline

CACHE_VERSION = 5  # 5: prompts drawn as paragraphs (packs/inline.py); 4: ids with problems
_CHECKERS = Path(__file__).parent.parent
"""quizapp/: the pack code and the protocols' ladder checkers both decide what is cached."""


def code_stamp() -> list[int]:
    """Size and mtime of the code that checks packs, so a changed check invalidates the cache."""
    stamp: list[int] = []
    for path in [
        *sorted((_CHECKERS / "packs").glob("*.py")),
        *sorted((_CHECKERS / "protocols").rglob("*.py")),
    ]:
        st = path.stat()
        stamp += [st.st_mtime_ns, st.st_size]
    return stamp


def file_stamp(path: Path) -> tuple[int, int]:
    """mtime and size: what tells an edited question file from the cached one."""
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def plain_question(q: Question) -> tuple[Any, ...]:
    """A question as plain data for marshal (fast to load, cannot run code when read), with
    each prompt's paragraphs (packs/inline.py) so a warm start shows one without parsing."""
    texts = {lang: (t.prompt, t.answer, t.explanation) for lang, t in q.texts.items()}
    drawn = {lang: inline.plain(inline.paragraphs(t.prompt)) for lang, t in q.texts.items()}
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
        drawn,
    )


def restore_question(pack_id: str, t: tuple[Any, ...]) -> Question:
    """A question back from `plain_question`'s tuple, without re-validating it."""
    qid, qtype, tags, source, topic, file, line, texts, header, content_hash, drawn = t
    for lang, parts in texts.items():
        inline.remember(parts[0], drawn.get(lang))
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
        # Problems are cached as the interface language words them: one file per language.
        named = f"{pack_dir.resolve()}\0{language()}"
        key = sha256(named.encode()).hexdigest()[:24]
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
        if entry.get("code") != code_stamp():
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


def default_cache() -> PackCache:
    """The cache in the user cache dir (QUIZAPP_NO_CACHE=1 turns it off)."""
    if os.environ.get("QUIZAPP_NO_CACHE"):
        return PackCache(None)
    from quizapp.paths import cache_dir

    return PackCache(cache_dir())
