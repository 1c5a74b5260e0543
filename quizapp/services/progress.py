"""Progress that moves between machines: `quizapp progress export/import`, `quizapp sync DIR`
and `quizapp device` (docs/sync.md).

A card's state after a merge is a function of its merged review log, the same on every device:
the log is replayed in time order (ties by review id) from a new card. A review whose recorded
"before" state is the state the replay has reached keeps its recorded "after" (the device that
made it computed it from the same state; the intervals the learner saw stay as they were); any
other is scheduled again by the FSRS scheduler with this database's settings and the pack's
parameters, elapsed time in study days and fuzz seeded from the question key (a card's row id
differs between devices). Settings and parameters travel with the log, newest change winning,
so both sides replay with the same ones.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizapp import scheduler
from quizapp.config import Settings
from quizapp.domain import CardKey, Grade
from quizapp.errors import QuizappError, StoreError
from quizapp.i18n import _, ngettext
from quizapp.services.progress_file import (
    Header,
    ProgressFileError,
    read_header,
    read_progress,
    write_progress,
)
from quizapp.store.exchange import LogRow, MergeResult, Replayed
from quizapp.store.records import STATE_CODE, STATE_COLUMNS, from_ms, state_from_row, to_ms
from quizapp.store.reviews import FLAG_COLUMNS, flags_after_answer, log_json

FILE_PREFIX = "quizapp-progress-"
"""A sync folder holds one `quizapp-progress-<device id>.jsonl` per device."""
_NO_FLAGS: dict[str, Any] = {"suspended": False, "leech": False, "buried_until_ms": None}


def replay_seed(key: CardKey) -> int:
    """The fuzz seed of a replayed answer: from the question key, the same on every device."""
    return int.from_bytes(hashlib.sha256(str(key).encode()).digest()[:6], "big")


_FLAGS_TAIL = re.compile(
    r',"suspended":(?:true|false),"leech":(?:true|false),"buried_until_ms":(?:null|-?\d+)\}'
)


def _parts(text: str) -> tuple[str, str] | None:
    """A log state as `log_json` writes it, split into its state columns and its flags tail
    (`,"suspended":...}`); None for any other form (then it is read as JSON)."""
    at = text.find(',"suspended":')
    if at < 0 or not text.startswith("{") or not _FLAGS_TAIL.fullmatch(text, at):
        return None
    return text[1:at], text[at:]


_FLOAT = r"(?:null|-?\d+(?:\.\d+(?:e[+-]\d+)?|e[+-]\d+))"
_MS = r"(?:null|-?\d+)"
_CANONICAL = re.compile(
    rf'"state":[0-3],"step":(?:null|\d+),"stability":{_FLOAT},"difficulty":{_FLOAT},'
    rf'"due_ms":{_MS},"last_review_ms":{_MS},"reps":\d+,"lapses":\d+'
)
"""State columns as `_state_text` writes them from a CardState (floats always with a point
or an exponent): two such texts are equal exactly when their values are."""


def _state_text(columns: dict[str, Any]) -> str:
    """The state columns as they stand in a log state: `log_json` without the braces."""
    return log_json(columns)[1:-1]


def _same_state(
    recorded: str,
    parts: tuple[str, str] | None,
    now: dict[str, Any],
    text: str,
    canonical: bool | None = None,
) -> bool:
    """Whether the log state `recorded` holds the state columns `now` (`text`: their
    `_state_text`; `canonical`: whether `text` is in `_CANONICAL` form, when known). Compared
    as text when both are in that form, else as values."""
    if parts is not None:
        if parts[0] == text and "NaN" not in text:  # NaN is not equal to itself
            return True
        if canonical is None:
            canonical = _CANONICAL.fullmatch(text) is not None
        if canonical and _CANONICAL.fullmatch(parts[0]):
            return False
    values = json.loads(recorded)
    return all(values.get(name, ...) == value for name, value in now.items())


def _with_flags(
    columns: dict[str, Any], columns_text: str, text: str, recorded: tuple[str, str] | None
) -> str:
    """`log_json({**columns, **flags})` with the flags the log state `text` records
    (`columns_text` is `_state_text(columns)`; the flags are its tail as it stands when it has
    log_json's form, else read as JSON)."""
    if recorded is not None:
        return "{" + columns_text + recorded[1]
    flags = json.loads(text)
    return log_json(
        {**columns, **{name: flags.get(name, _NO_FLAGS[name]) for name in FLAG_COLUMNS}}
    )


_INFINITE = (math.inf, -math.inf)


def _columns(state: scheduler.replay.Columns) -> tuple[dict[str, Any], str, bool]:
    """A replayed state's columns (`state_columns`), their `_state_text` and whether that is
    in `_CANONICAL` form. The usual state (float memory, whole numbers) is written here."""
    code, step, s, d, due, last, reps, lapses = state
    due_ms = int(due.timestamp() * 1000) if due else None
    last_ms = int(last.timestamp() * 1000) if last else None
    columns = {
        "state": code,
        "step": step,
        "stability": s,
        "difficulty": d,
        "due_ms": due_ms,
        "last_review_ms": last_ms,
        "reps": reps,
        "lapses": lapses,
    }
    if (
        type(s) is float
        and type(d) is float
        and s == s  # not NaN
        and d == d
        and s not in _INFINITE
        and d not in _INFINITE
        and type(code) is int
        and type(reps) is int
        and type(lapses) is int
        and (step is None or type(step) is int)
        and type(due_ms) is int
        and type(last_ms) is int
        and 0 <= code <= 3
        and (step is None or step >= 0)
        and reps >= 0
        and lapses >= 0
    ):
        step_text = "null" if step is None else repr(step)
        text = (
            f'"state":{code},"step":{step_text},"stability":{s!r},"difficulty":{d!r},'
            f'"due_ms":{due_ms},"last_review_ms":{last_ms},"reps":{reps},"lapses":{lapses}'
        )
        return columns, text, True
    text = _state_text(columns)
    return columns, text, _CANONICAL.fullmatch(text) is not None


_GRADES = frozenset(int(grade) for grade in Grade)


def replay_card(
    key: CardKey, settings: Settings, parameters: tuple[float, ...] | None, log: list[LogRow]
) -> Replayed:
    """Replay one card's merged log (see the module docstring): the rows whose kind or
    before/after change, the card's final state columns and when its last answer that made
    it a leech was given (the answer path's rule: such a card is suspended and tagged).

    Speed: the log's states are compared and rewritten as text where they have the form
    `log_json` writes (only a state the replay may keep is read as JSON), and an answer
    scheduled again computes only its own grade (scheduler.Replayer), on plain tuples."""
    replayer = scheduler.Replayer(settings, parameters, replay_seed(key), len(log))
    threshold = settings.leech_threshold
    state: scheduler.replay.Columns = scheduler.replay.NEW
    now, now_text, now_canonical = _columns(state)
    changed: list[tuple[int, int, str, str]] = []
    leech_ms: int | None = None
    for review_id, at_ms, grade, kind, before_text, after_text in log:
        before_parts, after_parts = _parts(before_text), _parts(after_text)
        after: dict[str, Any] | None = None
        if (  # the usual case, decided as _same_state decides it without calling it
            before_parts is not None
            and now_canonical
            and before_parts[0] != now_text
            and _CANONICAL.fullmatch(before_parts[0])
        ):
            same = False
        else:
            same = _same_state(before_text, before_parts, now, now_text, now_canonical)
        if same:
            after = json.loads(after_text)
            same = all(name in after for name in STATE_COLUMNS)
        if same and after is not None:
            kept = state_from_row(after)
            following: scheduler.replay.Columns = (
                STATE_CODE[kept.state],
                kept.step,
                kept.stability,
                kept.difficulty,
                kept.due,
                kept.last_review,
                kept.reps,
                kept.lapses,
            )
        else:
            at = datetime.fromtimestamp(at_ms / 1000, tz=UTC)  # records.from_ms
            following = replayer.answer(state, grade if grade in _GRADES else Grade(grade), at)
        following_columns, following_text, following_canonical = _columns(following)
        new_before = _with_flags(now, now_text, before_text, before_parts)
        lapses, new_lapses = state[7], following[7]
        if (
            threshold
            and new_lapses > lapses
            and new_lapses >= threshold
            and (new_lapses - threshold) % max(1, threshold // 2) == 0
        ):  # reviews.becomes_leech
            recorded = after if after is not None else json.loads(after_text)
            flags = {name: recorded.get(name, _NO_FLAGS[name]) for name in FLAG_COLUMNS}
            flags = flags_after_answer(flags, became_leech=True)
            new_after = log_json({**following_columns, **flags})
            leech_ms = at_ms
        else:
            new_after = _with_flags(following_columns, following_text, after_text, after_parts)
        if (now["state"], new_before, new_after) != (kind, before_text, after_text):
            changed.append((review_id, now["state"], new_before, new_after))
        state, now, now_text = following, following_columns, following_text
        now_canonical = following_canonical
    return Replayed(changed, now, leech_ms)


@dataclass(frozen=True)
class Exported:
    """What `progress export` (or a sync) wrote."""

    path: Path
    device: str
    counts: dict[str, int]


def export_progress(db_path: Path, out: Path, now: datetime) -> Exported:
    """Write this database's progress to `out` (atomically)."""
    from quizapp.store.exchange import read_progress as read_store
    from quizapp.store.repository import Store

    if not db_path.is_file():
        raise QuizappError(
            _("no database at {path}: nothing studied yet, nothing to export").format(path=db_path)
        )
    with Store.open(db_path) as store:
        device = store.device_id()
        try:
            counts = write_progress(out, Header(device, to_ms(now)), read_store(store))
        except OSError as exc:
            raise _cannot_write(out, exc) from exc
    return Exported(out, device, counts)


@dataclass(frozen=True)
class Imported:
    """What merging one file did."""

    path: Path
    device: str
    result: MergeResult


def import_progress(db_path: Path, source: Path, now: datetime) -> Imported:
    """Merge one progress file into the database, all or nothing."""
    from quizapp.store.repository import Store

    with Store.open(db_path) as store:
        return _merge(store, source, now)


def _merge(store: Any, source: Path, now: datetime) -> Imported:
    from quizapp.store.exchange import merge_progress

    try:
        header, batches = read_progress(source)
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise ProgressFileError(
            _("{path}: cannot read: {why}").format(path=source, why=why)
        ) from exc
    try:
        result = merge_progress(
            store, header.device, header.written_ms, batches, replay_card, to_ms(now)
        )
    except (ProgressFileError, StoreError):
        raise
    except QuizappError as exc:  # settings that are not valid here: the file is refused
        raise ProgressFileError(
            _("{path}: {why}; nothing was imported").format(path=source, why=exc)
        ) from exc
    return Imported(source, header.device, result)


@dataclass
class Synced:
    """What `quizapp sync DIR` did."""

    written: Exported
    merged: list[Imported] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    """Files merged before and not rewritten since."""
    refused: list[str] = field(default_factory=list)
    """One message per file that could not be merged (nothing of it was)."""


def sync_folder(
    db_path: Path, folder: Path, now: datetime, clock: Callable[[], datetime] | None = None
) -> Synced:
    """Merge every other device's file in `folder`, then write this device's own (so it holds
    what was just merged). A file that cannot be merged is reported and skipped; the others
    still are. `clock` stamps the written file (default: `now`)."""
    from quizapp.store.exchange import merged_marks
    from quizapp.store.exchange import read_progress as read_store
    from quizapp.store.repository import Store

    if not folder.is_dir():
        raise QuizappError(
            _("{path}: not a folder (create it, or give the folder you sync)").format(path=folder)
        )
    merged: list[Imported] = []
    unchanged: list[Path] = []
    refused: list[str] = []
    with Store.open(db_path) as store:
        device = store.device_id()
        own = folder / f"{FILE_PREFIX}{device}.jsonl"
        marks = merged_marks(store)
        for path in sorted(folder.glob(f"{FILE_PREFIX}*.jsonl")):
            if path == own:
                continue
            try:
                header = read_header(path)
                if header.device == device:
                    raise ProgressFileError(
                        _(
                            "{path}: carries this machine's id ({device}) under another name; "
                            "was the database copied to another machine?"
                        ).format(path=path, device=device)
                    )
                if marks.get(header.device) == header.written_ms:
                    unchanged.append(path)
                    continue
                merged.append(_merge(store, path, now))
            except QuizappError as exc:
                refused.append(str(exc))
        stamp = (clock or (lambda: now))()
        try:
            counts = write_progress(own, Header(device, to_ms(stamp)), read_store(store))
        except OSError as exc:
            raise _cannot_write(own, exc) from exc
    return Synced(Exported(own, device, counts), merged, unchanged, refused)


def _cannot_write(path: Path, exc: OSError) -> QuizappError:
    return QuizappError(
        _("{path}: cannot write: {why}").format(path=path, why=exc.strerror or str(exc))
    )


def describe_merge(imported: Imported) -> list[str]:
    """Lines telling the learner what a merge did."""
    r = imported.result
    updated = r.adopted + r.replayed
    lines = [
        ngettext(
            "{file} (machine {device}): {n} new answer, {skipped} already here; "
            "questions updated: {updated} ({replayed} by replaying the merged log)",
            "{file} (machine {device}): {n} new answers, {skipped} already here; "
            "questions updated: {updated} ({replayed} by replaying the merged log)",
            r.added,
        ).format(
            file=imported.path.name,
            device=imported.device[:8],
            n=r.added,
            skipped=r.skipped,
            updated=updated,
            replayed=r.replayed,
        )
    ]
    if r.leeches:
        lines.append(
            ngettext(
                "  {n} question became a leech in the merged history: suspended, as an answer "
                "here would have done (`quizapp suspended --tag leech` lists leeches)",
                "  {n} questions became leeches in the merged history: suspended, as an answer "
                "here would have done (`quizapp suspended --tag leech` lists leeches)",
                r.leeches,
            ).format(n=r.leeches)
        )
    if r.flags or r.settings or r.parameters:
        lines.append(
            _(
                "  newer there, taken: {flags} suspend/bury changes, {settings} settings, "
                "{parameters} FSRS parameter sets"
            ).format(flags=r.flags, settings=r.settings, parameters=r.parameters)
        )
    if r.homeless:
        shown = ", ".join(r.homeless[:5]) + (", ..." if len(r.homeless) > 5 else "")
        lines.append(
            ngettext(
                "  {n} question with new answers is in no pack here ({keys}): kept with its "
                "history, studied again when a pack brings it back",
                "  {n} questions with new answers are in no pack here ({keys}): kept with their "
                "history, studied again when a pack brings them back",
                len(r.homeless),
            ).format(n=len(r.homeless), keys=shown)
        )
    return lines


def device_lines(db_path: Path) -> list[str]:
    """`quizapp device`: this machine's id and the machines merged from."""
    from quizapp.store.exchange import devices
    from quizapp.store.repository import Store

    with Store.open(db_path) as store:
        known = devices(store)
    lines: list[str] = []
    for device, local, merged_ms, reviews in known:
        if local:
            text = ngettext(
                "{id}  this machine; {n} answer given here",
                "{id}  this machine; {n} answers given here",
                reviews,
            )
            lines.insert(0, text.format(id=device, n=reviews))
            continue
        when = from_ms(merged_ms)
        stamp = when.strftime("%Y-%m-%d %H:%M UTC") if when else "-"
        text = ngettext(
            "{id}  {n} answer; its file merged last was written {time}",
            "{id}  {n} answers; its file merged last was written {time}",
            reviews,
        )
        lines.append(text.format(id=device, n=reviews, time=stamp))
    return lines
