"""The progress file: JSON lines a device writes and another merges (docs/sync.md).

Line 1 is the header `{"format": "quizapp-progress", "version": 1, "device": ..., ...}`;
then one object per line, `"type"` saying which: every review (time order), every studied or
flagged card, the settings and the parameters in use; the last line is
`{"type": "end", "lines": N}`. A file without that line was cut short (a copy still under way)
and is refused whole, as is one from a newer format version: nothing of it is merged.
Written under a temporary name in the same folder and renamed, so a reader never sees half.
A review line in our writer's own form is read by patterns (review_lines.ReviewLines),
any other line by json.loads and the checks here, to the same row.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from quizapp.durable import replace_durably
from quizapp.errors import QuizappError
from quizapp.i18n import _
from quizapp.services.review_lines import ReviewLines, key_ok
from quizapp.store.exchange import (
    CARD_COLUMNS,
    PARAMETER_COLUMNS,
    REVIEW_COLUMNS,
    SETTING_COLUMNS,
    Batch,
    Row,
)
from quizapp.store.reviews import log_json

FORMAT = "quizapp-progress"
VERSION = 1
"""The format version this quizapp writes and the newest it reads."""
BATCH = 10_000


class ProgressFileError(QuizappError):
    """A progress file that cannot be merged: the message names the file (and line)."""


@dataclass(frozen=True)
class Header:
    """The first line of a progress file."""

    device: str
    written_ms: int
    version: int = VERSION


def write_progress(path: Path, header: Header, batches: Iterable[Batch]) -> dict[str, int]:
    """Write the file atomically (temporary name, fsync, rename); counts of each kind."""
    counts: dict[str, int] = {}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as out:
            lines = _write(out, header, batches, counts)
            out.write(_dump({"type": "end", "lines": lines + 1}) + "\n")
            out.flush()
            os.fsync(out.fileno())
        replace_durably(tmp, path, synced=True)  # and the folder, so the rename survives
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write(out: IO[str], header: Header, batches: Iterable[Batch], counts: dict[str, int]) -> int:
    first = {"format": FORMAT, "version": header.version, "device": header.device}
    out.write(_dump({**first, "written_ms": header.written_ms}) + "\n")
    lines = 1
    for kind, rows in batches:
        columns = _COLUMNS[kind]
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            if kind == "review":
                record["before"] = json.loads(record["before"])
                record["after"] = json.loads(record["after"])
            out.write(_dump({"type": kind, **record}) + "\n")
        lines += len(rows)
        counts[kind] = counts.get(kind, 0) + len(rows)
    return lines


_COLUMNS = {
    "review": REVIEW_COLUMNS,
    "card": CARD_COLUMNS,
    "setting": SETTING_COLUMNS,
    "parameters": PARAMETER_COLUMNS,
}


def read_header(path: Path) -> Header:
    """The header, or ProgressFileError saying why this is not a progress file we can read."""
    try:
        with path.open("rb") as fh:
            first = fh.readline()
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise ProgressFileError(_("{path}: cannot read: {why}").format(path=path, why=why)) from exc
    return _header(path, first)


def _header(path: Path, first: bytes) -> Header:
    try:
        data = json.loads(first)
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressFileError(
            _(
                "{path}:1: not a quizapp progress file (it does not start with the "
                "{header} header); nothing was imported"
            ).format(path=path, header=f'"format": "{FORMAT}"')
        )
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ProgressFileError(
            _("{path}:1: the header has no valid version; nothing was imported").format(path=path)
        )
    if version > VERSION:
        raise ProgressFileError(
            _(
                "{path}: written by a newer quizapp (progress format {version}; this one reads "
                "up to {known}); upgrade quizapp to merge it. Nothing was imported"
            ).format(path=path, version=version, known=VERSION)
        )
    device, written = data.get("device"), data.get("written_ms")
    if not isinstance(device, str) or not _is_id(device) or not isinstance(written, int):
        raise ProgressFileError(
            _("{path}:1: the header has no valid machine id or write time").format(path=path)
        )
    return Header(device, written, version)


def _is_id(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 64 and value.isalnum()


def read_progress(path: Path) -> tuple[Header, Iterator[Batch]]:
    """The header and the file's rows in batches. The batches raise ProgressFileError at a bad
    or missing line (a merge then keeps nothing of the file). The file is opened again by the
    batches, only once they are read, so an unread iterator holds no open file."""
    with path.open("rb") as fh:
        first = fh.readline()
    return _header(path, first), _batches(path, first)


def _batches(path: Path, first: bytes) -> Iterator[Batch]:
    pending: dict[str, list[Row]] = {kind: [] for kind in _COLUMNS}
    keys: set[str] = set()
    number = 1
    ended = False
    with path.open("rb") as fh:
        if fh.readline() != first:
            raise ProgressFileError(
                _("{path}: the file changed while it was read; try again").format(path=path)
            )
        reviews, fast_review = pending["review"], ReviewLines(keys).read
        for number, raw in enumerate(fh, start=2):
            if ended:
                raise _bad_line(path, number, _("lines after the end line"))
            if not raw.endswith(b"\n"):
                raise _cut_short(path, number)
            if raw.startswith(b'{"type":"review",'):  # most lines: our writer's own form
                fast = fast_review(raw.decode("utf-8", "surrogatepass"))
                if fast is not None:
                    reviews.append(fast)
                    if len(reviews) >= BATCH:
                        yield "review", reviews
                        reviews = pending["review"] = []
                    continue
            try:
                record = _parse(raw)
                kind = record.pop("type")
            except (ValueError, AttributeError, KeyError, TypeError):
                raise _bad_line(path, number, _("not a progress record")) from None
            if kind == "end":
                if record.get("lines") != number:
                    raise _cut_short(path, number)
                ended = True
                continue
            if kind not in _COLUMNS:
                why = _("unknown record type {kind}").format(kind=repr(kind))
                raise _bad_line(path, number, why)
            pending[kind].append(_row(path, number, kind, record, keys))
            if len(pending[kind]) >= BATCH:
                yield kind, pending[kind]
                pending[kind] = []
                reviews = pending["review"]
    if not ended:
        raise _cut_short(path, number + 1)
    for kind, rows in pending.items():
        if rows:
            yield kind, rows


_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
_BLANK = " \t\n\r"


def _parse(raw: bytes) -> Any:
    """`json.loads(raw)` for a line: one starting `{"` is UTF-8 to json.loads too (no byte order
    mark, no zero byte), so it is decoded and scanned here without json.loads's checks and
    wrappers, a third of its time on a review line."""
    if not raw.startswith(b'{"'):
        return json.loads(raw)
    text = raw.decode("utf-8", "surrogatepass")
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        raise ValueError("not JSON") from None
    if end != len(text) and text[end:].strip(_BLANK):
        raise ValueError("extra data after the JSON value")
    return value


def _cut_short(path: Path, number: int) -> ProgressFileError:
    return ProgressFileError(
        _(
            "{path}:{line}: the file is cut short (no end line; is it still being copied?); "
            "nothing was imported from it"
        ).format(path=path, line=number)
    )


def _bad_line(path: Path, number: int, why: str) -> ProgressFileError:
    return ProgressFileError(
        _("{path}:{line}: {why}; nothing was imported").format(path=path, line=number, why=why)
    )


_NUMBER = (int, float)


_GETTERS = {kind: itemgetter(*columns) for kind, columns in _COLUMNS.items()}


def _row(path: Path, number: int, kind: str, record: dict[str, Any], keys: set[str]) -> Row:
    """One record as the store's row, checked; ProgressFileError at its line otherwise.
    `keys` holds the question keys already found good (a file names each many times)."""
    try:
        row: Row = _GETTERS[kind](record)
    except KeyError as exc:
        why = _("a {kind} record without {field}").format(kind=kind, field=repr(exc.args[0]))
        raise _bad_line(path, number, why) from None
    problem = _problem(kind, row, keys)
    if problem:
        raise _bad_line(path, number, problem)
    if kind == "review":
        return (*row[:12], log_json(row[12]), log_json(row[13]))
    return row


def _problem(kind: str, row: Row, keys: set[str]) -> str | None:
    """What is wrong with a record's values, or None."""
    if kind == "review":
        uid, device, pack, question, at, grade, state, duration = row[:8]
        answer, score, suggested, content, before, after = row[8:]
        if not (_is_id(uid) and _is_id(device)):
            return _("a review without a valid id or device id")
        if not key_ok(pack, question, keys):
            return _("a review of {key}, which is not a question key").format(
                key=f"{pack}/{question}"
            )
        if not (type(at) is int and grade in (1, 2, 3, 4) and state in (0, 1, 2, 3)):
            return _("a review whose time, grade or kind is not valid")
        if not (type(duration) is int and isinstance(content, str)):
            return _("a review whose duration or content hash is not valid")
        if answer is not None and not isinstance(answer, str):
            return _("a review whose answer is not JSON text")
        if score is not None and not isinstance(score, _NUMBER):
            return _("a review whose score is not a number")
        if suggested is not None and suggested not in (1, 2, 3, 4):
            return _("a review whose suggested grade is not valid")
        if not (isinstance(before, dict) and isinstance(after, dict)):
            return _("a review whose before/after states are not objects")
        return None
    if kind == "card":
        if not key_ok(row[0], row[1], keys):
            return _("a card {key}, which is not a question key").format(key=f"{row[0]}/{row[1]}")
        if row[2] not in (0, 1, 2, 3) or not all(type(v) is int for v in row[-2:]):
            return _("a card whose state, flag time or review count is not valid")
        return None
    if kind == "setting":
        key, value, changed = row
        if not (isinstance(key, str) and isinstance(value, str) and type(changed) is int):
            return _("a setting that is not key, JSON text and time")
        return None
    pack, parameters, fitted, reviews, report = row
    if not all(isinstance(v, str) for v in (pack, parameters, report)):
        return _("parameters that are not pack id and JSON text")
    if not (type(fitted) is int and type(reviews) is int):
        return _("parameters without a fit time or review count")
    return None
