"""Mistakes people make on the command line get one clear line and a non-zero status: no
traceback, no hang, no silent fallback to another database (issue 20)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.errors import QuizappError
from quizapp.ui.factory import create_app
from tests.cli_helpers import run

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "packs" / "ui-sample"


def test_an_empty_db_is_refused_not_the_default(
    capsys: pytest.CaptureFixture[str], isolated_data_dir: Path
) -> None:
    code, _, err = run(["--db", "", "settings"], capsys)
    assert code == 1 and "--db: the path is empty" in err
    assert not (isolated_data_dir / "quizapp.db").exists()


def test_an_unknown_user_in_db_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--db", "~no-such-user-qz/x.db", "stats"], capsys)
    assert code == 1
    assert (
        err.strip()
        == "error: ~no-such-user-qz/x.db: no home folder is known for '~no-such-user-qz'"
    )


def test_a_file_used_as_a_folder_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "a.txt"
    notes.write_text("mine")
    code, _, err = run(["--db", str(notes / "x.db"), "settings"], capsys)
    assert code == 1 and f"{notes} is a file, not a folder" in err
    assert notes.read_text() == "mine"


def test_a_folder_in_quizapp_db_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZAPP_DB", str(tmp_path))
    code, _, err = run(["stats"], capsys)
    assert code == 1 and "is a folder; --db takes a database file" in err


def test_unknown_user_in_packs_dir_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--packs-dir", "~no-such-user-qz/p", "pack", "list"], capsys)
    assert code == 1 and "no home folder is known for '~no-such-user-qz'" in err


def test_a_language_no_pack_has_is_refused(tmp_path: Path) -> None:
    with pytest.raises(QuizappError, match=r"has the language 'xx' \(known: en, zh-CN\)"):
        create_app(tmp_path / "q.db", [], [str(SAMPLE)], lang="xx")
    for spelling in ("zh-CN", "zh-cn", "zh"):  # the packs' spelling, whatever was typed
        assert create_app(tmp_path / "q.db", [], [str(SAMPLE)], lang=spelling).lang == "zh-CN"


def _quizapp(args: list[str], stdin: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`quizapp ARGS` under a shell, with stdin redirected as `stdin` says (never a tty)."""
    command = " ".join([sys.executable, "-m", "quizapp", "--db", str(tmp_path / "q.db"), *args])
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    return subprocess.run(
        ["bash", "-c", f"exec {command} {stdin}"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.mark.parametrize("stdin", ["</dev/null", "<&-"])
@pytest.mark.parametrize("args", [[], ["study"], ["quiz"]])
def test_the_app_without_a_terminal_refuses_instead_of_hanging(
    args: list[str], stdin: str, tmp_path: Path
) -> None:
    done = _quizapp(args, stdin, tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("error: the study app needs a terminal"), done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "q.db").exists()  # refused before anything was opened
