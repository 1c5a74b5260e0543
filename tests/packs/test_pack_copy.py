"""`quizapp pack copy`: an editable copy of a shipped pack that replaces it, progress kept, and
the `e` key on a shipped question names the command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from quizapp.domain import Grade
from quizapp.packs import discovery
from quizapp.paths import shipped_content_dir
from quizapp.services.study import StudySession
from tests.cli_helpers import run
from tests.packs.helpers import question, write_pack
from tests.services.study_helpers import SETTINGS, Clock


def test_the_copy_replaces_the_shipped_pack_and_keeps_its_progress(
    tmp_path: Path, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "q.db"
    clock = Clock()
    shipped = discovery.resolve_pack("tcp-handshake")
    content = shipped_content_dir()
    assert content is not None and shipped.path.is_relative_to(content)
    session = StudySession.open(db, [shipped], clock=clock, settings=SETTINGS)
    first = session.next_card()
    assert first is not None
    session.answer(first.key, Grade.GOOD)
    session.store.close()

    code, out, err = run(["--db", str(db), "pack", "copy", "tcp-handshake"], capsys)
    copy = isolated_data_dir / "packs" / "tcp-handshake"
    assert code == 0, err
    assert out.splitlines() == [
        f"Copied tcp-handshake to {copy}/",
        "It replaces the pack 'tcp-handshake' found before it (same id: your progress is kept). "
        f"Edit its files, then run: quizapp pack check {copy}",
    ]
    assert sorted(p.name for p in copy.glob("*.md")) == sorted(
        p.name for p in shipped.path.glob("*.md")
    )

    # Discovery: one tcp-handshake, the copy (the user packs folder wins over shipped).
    [mine] = [p for p in discovery.load_all() if p.id == "tcp-handshake"]
    assert mine.path == copy and len(mine.questions) == len(shipped.questions)
    # Edit the copy: the edit is what is studied, and the answer given before is still there.
    path = copy / first.question.file
    path.write_text(path.read_text(encoding="utf-8").replace("[en]\n", "[en]\nEDITED ", 1))
    [mine] = [p for p in discovery.load_all() if p.id == "tcp-handshake"]
    assert any(q.text("en").prompt.startswith("EDITED ") for q in mine.questions)
    StudySession.open(db, [mine], clock=clock, settings=SETTINGS).store.close()  # synced
    code, out, err = run(["--db", str(db), "stats", "--json", "--pack", "tcp-handshake"], capsys)
    assert code == 0, err
    stats = json.loads(out)
    seen = stats["learning"] + stats["review"]
    assert (seen, stats["new"]) == (1, len(mine.questions) - 1)  # the answer kept its card

    # Copying again never overwrites the copy.
    code, _, err = run(["pack", "copy", "tcp-handshake"], capsys)
    assert code == 1
    assert err == f"error: {copy} already exists; edit that copy, or remove it first\n"


def test_a_copy_elsewhere_says_how_to_use_it(
    tmp_path: Path, isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["pack", "copy", "tcp-handshake", str(tmp_path / "mine")], capsys)
    assert code == 0, err
    assert (tmp_path / "mine" / "tcp-handshake" / "pack.yaml").is_file()
    assert out.splitlines()[1] == (
        f"To study it in place of 'tcp-handshake', pass --packs-dir {tmp_path / 'mine'} "
        f"(or copy it into {isolated_data_dir / 'packs'}, where it always replaces it)."
    )
    found = discovery.resolve_pack("tcp-handshake", [str(tmp_path / "mine")])
    assert found.path == tmp_path / "mine" / "tcp-handshake"


def test_only_the_packs_own_regular_files_are_copied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_pack(tmp_path / "src", {"a.md": question("id: a\ntype: typed\naccept: [SYN]")})
    (pack / ".git").mkdir()
    (pack / ".git" / "config").write_text("x")
    (pack / "img").mkdir()
    (pack / "img" / "x.png").write_bytes(b"\x89PNG")
    os.mkfifo(pack / "pipe.md")
    (tmp_path / "secret.txt").write_text("not the pack's")
    (pack / "out.md").symlink_to(tmp_path / "secret.txt")
    code, _, err = run(["pack", "copy", str(pack), str(tmp_path / "dst")], capsys)
    assert code == 0, err
    copy = tmp_path / "dst" / "demo"
    copied = sorted(str(p.relative_to(copy)) for p in copy.rglob("*"))
    assert copied == ["a.md", "img", "img/x.png", "pack.yaml"]
