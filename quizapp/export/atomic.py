"""Write a file so that a killed writer leaves nothing behind: the whole file or no file.

On Linux the bytes go to an unnamed file in the destination folder (O_TMPFILE): no name exists
until the file is complete, so `kill -9` mid-write leaves nothing, and the kernel frees the
space. The finished file is linked in under its name (a new output), or under a visible
`NAME.partial-PID` that is renamed over the old one at once (an existing output: link cannot
replace). Where O_TMPFILE is missing (other systems, some filesystems) the bytes go to that
visible partial name from the start. A partial file whose process is gone, and the hidden
`.NAME.xxxxxxxx` files of exports before this module, are removed by the next export to the same
name. A temporary folder elsewhere would not do: a rename across filesystems is a copy.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from quizapp.durable import process_alive, replace_durably, sync_folder

_PARTIAL = ".partial-"
_LEGACY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}")
"""tempfile.mkstemp's `.NAME.` + 8 random characters, which exports used before."""


def partial_name(output: Path, pid: int | None = None) -> Path:
    """The visible name a file has while it is being written (or linked) into place."""
    return output.with_name(f"{output.name}{_PARTIAL}{pid or os.getpid()}")


def remove_stale(output: Path) -> list[Path]:
    """Delete partial files of `output` left by writers that are no longer running."""
    removed: list[Path] = []
    prefix = output.name + _PARTIAL
    try:
        entries = list(os.scandir(output.parent))
    except OSError:
        return removed
    for entry in entries:
        legacy = _LEGACY.fullmatch(entry.name)
        if entry.name.startswith(prefix):
            pid = entry.name[len(prefix) :]
            if not pid.isdigit() or _running(int(pid)):
                continue
        elif legacy is None or legacy.group("name") != output.name:
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _running(pid: int) -> bool:
    # Our own pid: a partial file from an earlier attempt in this process.
    return pid != os.getpid() and process_alive(pid)


def write_atomically(
    output: Path, write: Callable[[BinaryIO], object], *, mode: int = 0o666
) -> None:
    """Create or replace `output` with what `write` writes; `mode` is reduced by the umask,
    as for any new file. Raises OSError (the caller words it)."""
    directory = output.parent if str(output.parent) else Path(".")
    remove_stale(output)
    fd = _unnamed(directory, mode)
    partial = partial_name(output)
    named = fd is None
    if fd is None:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
            if not named:
                try:  # a new name: nothing to replace, so link straight into place
                    _link(fh.fileno(), output)
                    sync_folder(directory)
                    return
                except FileExistsError:
                    _link(fh.fileno(), partial)
                    named = True
        replace_durably(partial, output, synced=True)
    except BaseException:
        if named:
            partial.unlink(missing_ok=True)
        raise


def _link(fd: int, target: Path) -> None:
    """Give the unnamed file `fd` the name `target` (linkat with AT_SYMLINK_FOLLOW on its
    /proc entry; os.link takes that road only when given a directory fd, which an absolute
    source path ignores)."""
    root = os.open("/", os.O_RDONLY)
    try:
        os.link(f"/proc/self/fd/{fd}", target, src_dir_fd=root, follow_symlinks=True)
    finally:
        os.close(root)


def _unnamed(directory: Path, mode: int) -> int | None:
    """An O_TMPFILE descriptor in `directory`, or None where the system has none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(directory, flag | os.O_WRONLY, mode)
    except OSError as exc:
        if isinstance(exc, (FileNotFoundError, NotADirectoryError, PermissionError)):
            raise
        return None  # EOPNOTSUPP / EISDIR / EINVAL: a filesystem without unnamed files
