"""Progress that moves between machines: `quizapp progress export/import`, `quizapp sync DIR`
and `quizapp device` (docs/sync.md). Each affected card's merged log is replayed by
`replay_log.replay_card` (the rules are there). Settings and parameters travel with the log,
newest change winning, so both sides replay with the same ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.errors import QuizappError, StoreError
from quizapp.i18n import _, ngettext
from quizapp.services.progress_file import (
    Header,
    ProgressFileError,
    read_header,
    read_progress,
    write_progress,
)
from quizapp.services.replay_log import replay_card
from quizapp.store.exchange import MergeResult
from quizapp.store.records import from_ms, to_ms

FILE_PREFIX = "quizapp-progress-"
"""A sync folder holds one `quizapp-progress-<device id>.jsonl` per device."""


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
