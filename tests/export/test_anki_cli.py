"""`quizapp export anki` from the command line: output, summary and clear errors."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from quizapp.errors import QuizappError
from quizapp.export.anki import export_anki
from tests.cli_helpers import run

from .conftest import NOW, import_apkg, load


def test_export_by_path_writes_package(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.apkg"
    code, stdout, err = run(["export", "anki", "--pack", str(demo_dir), "-o", str(out)], capsys)
    assert code == 0, err
    assert "Wrote 6 notes" in stdout and "1 deck(s)" in stdout
    with zipfile.ZipFile(out) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}


def test_default_exports_every_installed_pack_and_skips_broken(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = demo_dir.parent / "broken"
    broken.mkdir()
    (broken / "pack.yaml").write_text("id: broken\n", encoding="utf-8")
    out = tmp_path / "all.apkg"
    code, stdout, err = run(
        ["export", "anki", "--packs-dir", str(demo_dir.parent), "-o", str(out)], capsys
    )
    assert code == 0, err
    from quizapp.packs.discovery import load_all

    expected = sum(len(p.questions) for p in load_all([demo_dir.parent]) if p.ok)
    assert expected >= 6  # the demo pack plus any shipped content
    assert f"Wrote {expected} notes" in stdout
    assert "warning: skipped: pack 'broken'" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pack", "no-such-pack"], "unknown pack 'no-such-pack'"),
        (["--pack", "DEMO", "--tag", "nope"], "no question has tag 'nope'"),
        (["--pack", "DEMO", "--lang", "fr"], "has no 'fr' text"),
        (["--pack", "BROKEN"], "pack 'broken' has"),
    ],
)
def test_clear_errors(
    demo_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    broken = demo_dir.parent / "broken"
    broken.mkdir()
    (broken / "pack.yaml").write_text("id: broken\n", encoding="utf-8")
    args = [{"DEMO": str(demo_dir), "BROKEN": str(broken)}.get(a, a) for a in args]
    out = tmp_path / "x.apkg"
    code, _, err = run(["export", "anki", *args, "-o", str(out)], capsys)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing-dir/x.apkg", "folder"),
        ("x.zip", "must end in .apkg"),
        ("a-file/x.apkg", "is a file, not a folder"),
    ],
)
def test_unwritable_output(
    demo_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    target: str,
    message: str,
) -> None:
    # Paths no user can write to, root included (chmod does not stop root).
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, out, err = run(
        ["export", "anki", "--pack", str(demo_dir), "-o", str(tmp_path / target)], capsys
    )
    assert code == 1
    assert err.startswith("error: ")
    assert message in err and "Traceback" not in err + out
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_package_gets_the_mode_the_umask_gives_new_files(
    demo_dir: Path, tmp_path: Path, umask: int, mode: int
) -> None:
    """A deck is for sharing: not the 0600 of the temporary file it is written through."""
    old = os.umask(umask)
    try:
        export_anki([load(demo_dir)], tmp_path / "deck.apkg", now=NOW)
    finally:
        os.umask(old)
    assert (tmp_path / "deck.apkg").stat().st_mode & 0o777 == mode


def test_write_refuses_a_file_as_folder(demo_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(QuizappError, match="a-file is a file, not a folder"):
        export_anki([load(demo_dir)], tmp_path / "a-file" / "x.apkg", now=NOW)
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "not a folder"


def test_one_pack_named_twice_is_exported_once(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], collection: Any
) -> None:
    out = tmp_path / "once.apkg"
    args = ["export", "anki", "--packs-dir", str(demo_dir.parent), "--pack", "demo"]
    code, stdout, err = run([*args, "--pack", str(demo_dir), "-o", str(out)], capsys)
    assert code == 0, err
    assert "Wrote 6 notes" in stdout
    import_apkg(collection, out)
    guids = collection.db.list("select guid from notes")
    assert len(guids) == len(set(guids)) == 6


def test_a_copy_of_a_pack_beside_it_is_refused(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = shutil.copytree(demo_dir, tmp_path / "copy")
    out = tmp_path / "twice.apkg"
    args = ["export", "anki", "--packs-dir", str(demo_dir.parent), "--pack", "demo"]
    code, _, err = run([*args, "--pack", str(copy), "-o", str(out)], capsys)
    assert code == 1
    assert err.count("\n") == 1 and "pack 'demo' is named twice" in err
    assert str(copy) in err and "Traceback" not in err
    assert not out.exists()
    with pytest.raises(QuizappError, match="pack 'demo' given twice"):
        export_anki([load(demo_dir), load(copy)], out, now=NOW)
    assert not out.exists()
