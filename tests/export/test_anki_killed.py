"""A killed export leaves the folder as it was: no partial .apkg, no temporary file.

A child process exports the demo pack and stops inside the zip writer (after the collection
entry, before the media list); the test kills it with SIGKILL there and looks at the folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quizapp.export.anki import export_anki
from quizapp.export.atomic import partial_name, remove_stale
from tests.export.conftest import NOW, load

_CHILD = """
import sys, time, zipfile
from datetime import UTC, datetime
from pathlib import Path

if sys.argv[3] == "named":  # the fallback of systems without unnamed files
    import os
    del os.O_TMPFILE

from quizapp.export.anki import export_anki
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack

real = zipfile.ZipFile.writestr

def stall(self, name, data, *args, **kwargs):
    real(self, name, data, *args, **kwargs)
    if name == "collection.anki2":
        self.fp.flush()
        print("writing", flush=True)
        time.sleep(120)

zipfile.ZipFile.writestr = stall
pack = load_pack(Path(sys.argv[1]), PackCache(None))
export_anki([pack], Path(sys.argv[2]), now=datetime(2026, 3, 1, tzinfo=UTC))
"""


def _kill_mid_write(pack: Path, output: Path, how: str) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(pack), str(output), how],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == "writing\n"
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()


@pytest.mark.parametrize("existing", [False, True])
def test_a_killed_export_leaves_no_file(demo_dir: Path, tmp_path: Path, existing: bool) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    output = out_dir / "deck.apkg"
    if existing:
        export_anki([load(demo_dir)], output, now=NOW)
    before = output.read_bytes() if existing else None
    _kill_mid_write(demo_dir, output, "unnamed")
    assert [p.name for p in out_dir.iterdir()] == (["deck.apkg"] if existing else [])
    if existing:
        assert output.read_bytes() == before  # the old deck, whole
        with zipfile.ZipFile(output) as z:
            assert z.testzip() is None


def test_without_unnamed_files_the_next_export_cleans_up(demo_dir: Path, tmp_path: Path) -> None:
    """Where the system cannot write an unnamed file, a killed export leaves a visible
    `deck.apkg.partial-PID` (never a hidden one, never an .apkg), and the next export removes
    it."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    output = out_dir / "deck.apkg"
    _kill_mid_write(demo_dir, output, "named")
    left = [p.name for p in out_dir.iterdir()]
    assert len(left) == 1 and left[0].startswith("deck.apkg.partial-"), left
    export_anki([load(demo_dir)], output, now=NOW)
    assert sorted(p.name for p in out_dir.iterdir()) == ["deck.apkg"]
    with zipfile.ZipFile(output) as z:
        assert z.testzip() is None


def test_stale_cleanup_spares_running_writers_and_other_files(tmp_path: Path) -> None:
    output = tmp_path / "deck.apkg"
    parent_alive = partial_name(output, os.getppid())  # a running process: still writing
    for name in ("deck.apkg.partial-999999999", ".deck.apkg.k3j_x9ab", ".other.apkg.k3j_x9ab"):
        (tmp_path / name).write_bytes(b"x")
    parent_alive.write_bytes(b"x")
    (tmp_path / "notes.txt").write_bytes(b"x")
    removed = remove_stale(output)
    assert sorted(p.name for p in removed) == [".deck.apkg.k3j_x9ab", "deck.apkg.partial-999999999"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [parent_alive.name, ".other.apkg.k3j_x9ab", "notes.txt"]
    )
