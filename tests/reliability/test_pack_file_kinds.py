"""What people put in pack folders that is not a plain UTF-8 file (issue 20): a symlink to
itself, bytes or names that are not UTF-8, a FIFO named *.md, a --packs-dir that does not
exist. Each gives a clear error naming the file, and the other packs still load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable

from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.ui.factory import create_app
from quizapp.ui.screens.home import HomeScreen
from tests.cli_helpers import run
from tests.packs.helpers import question, write_pack

GOOD = question("id: good\ntype: typed\naccept: [SYN]")


def two_packs(root: Path) -> Path:
    """`root/ok/` (sound) and `root/demo/` with one sound question; returns demo's folder."""
    write_pack(root, {"a.md": GOOD}, pack_id="ok")
    return write_pack(root, {"a.md": GOOD}, pack_id="demo")


def test_a_file_linked_to_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "packs"
    demo = two_packs(root)
    (demo / "loop.md").symlink_to("loop.md")
    (demo / "img.md").write_text(
        question("id: pic\ntype: typed\naccept: [SYN]", prompt="![x](pic.png)"), encoding="utf-8"
    )
    (demo / "pic.png").symlink_to("pic.png")

    problems = [str(p) for p in load_pack(demo, PackCache(None)).problems]
    assert problems == [
        "img.md:7: image 'pic.png' is a symlink that leads to itself (a loop)",
        "img.md:13: image 'pic.png' is a symlink that leads to itself (a loop)",
        "loop.md:1: file is a symlink that leads to itself (a loop)",
    ]
    code, out, err = run(["--packs-dir", str(root), "pack", "list"], capsys)
    assert code == 0 and "Traceback" not in err
    assert "ok  " in out and "demo" in out and "3 problems" in out
    # Export refuses the broken pack with its first problem, and exports the sound one.
    code, out, err = run(
        [
            "--packs-dir",
            str(root),
            "export",
            "anki",
            "--pack",
            "demo",
            "-o",
            str(tmp_path / "d.apkg"),
        ],
        capsys,
    )
    assert code == 1 and "img.md:7: image 'pic.png' is a symlink" in err
    code, out, err = run(
        [
            "--packs-dir",
            str(root),
            "export",
            "anki",
            "--pack",
            "ok",
            "-o",
            str(tmp_path / "o.apkg"),
        ],
        capsys,
    )
    assert code == 0, err


async def test_the_home_screen_lists_packs_beside_a_self_link(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    demo = two_packs(root)
    (demo / "loop.md").symlink_to("loop.md")
    app = create_app(tmp_path / "q.db", [str(root)])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#packs", DataTable)
        assert table.row_count == 3  # shipped tcp-handshake, ok and demo: the self-link is
        # one of demo's problems, not an exception


def test_bytes_and_names_that_are_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "packs"
    demo = two_packs(root)
    (demo / "latin1.md").write_bytes(GOOD.encode().replace(b"Question?", b"Qu\xe9stion?", 1))
    os.close(os.open(os.fsencode(demo) + b"/name\xff.md", os.O_CREAT | os.O_WRONLY, 0o644))
    code, out, err = run(["pack", "check", str(demo)], capsys)
    assert code == 1 and "Traceback" not in err
    assert f"{demo}/latin1.md:7: file is not valid UTF-8 (a legacy encoding?)" in out
    assert f"{demo}/name\ufffd.md:1: the file name is not valid UTF-8; rename it" in out
    code, out, err = run(["--packs-dir", str(root), "pack", "list"], capsys)
    assert code == 0 and "ok  " in out and "2 problems" in out


def test_pack_new_with_a_name_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = os.fsdecode(b"tcp\xff")
    code, _, err = run(["pack", "new", name, "--into", str(tmp_path)], capsys)
    assert code == 1
    assert (
        err == "error: 'tcp\ufffd' is not valid UTF-8 (\ufffd marks the bytes that are not); "
        "give the name in UTF-8\n"
    )
    assert os.listdir(tmp_path) == []  # nothing made before the refusal


def test_a_fifo_named_md_hangs_no_command(tmp_path: Path) -> None:
    """Run as a real process with a generous guard: before, each of these blocked forever on
    opening the FIFO (nothing ever writes to it)."""
    root = tmp_path / "packs"
    demo = two_packs(root)
    os.mkfifo(demo / "pipe.md")
    env = {**os.environ, "QUIZAPP_DB": str(tmp_path / "q.db")}
    for args in (
        ["pack", "check", str(demo)],
        ["--packs-dir", str(root), "pack", "list"],
        ["--packs-dir", str(root), "pack", "show", "ok"],
        [
            "--packs-dir",
            str(root),
            "export",
            "anki",
            "--pack",
            "ok",
            "-o",
            str(tmp_path / "x.apkg"),
        ],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "quizapp", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        if args[0] == "pack" and args[1] == "check":
            assert done.returncode == 1
            assert f"{demo}/pipe.md:1: not a regular file (a FIFO" in done.stdout
        else:
            assert done.returncode == 0, done.stderr


def test_packs_dir_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope"
    for args in (
        ["--packs-dir", str(missing), "pack", "list"],
        ["pack", "list", "--packs-dir", str(missing)],
        ["--packs-dir", str(missing), "pack", "show", "tcp-handshake"],
        ["--packs-dir", str(missing), "export", "anki", "-o", f"{tmp_path}/x.apkg"],
    ):
        code, out, err = run(args, capsys)
        assert (code, out, err) == (1, "", f"error: --packs-dir {missing}: does not exist\n")
    (tmp_path / "file").write_text("x")
    code, _, err = run(["--packs-dir", str(tmp_path / "file"), "pack", "list"], capsys)
    assert code == 2 and "is a file" in err  # click's own check, before any command runs
