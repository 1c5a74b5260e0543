"""`quizapp pack ...` as authors type it: odd input gets a message to act on, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run
from tests.packs.helpers import question, write_pack


def test_show_with_a_trailing_slash_shows_the_whole_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pack(tmp_path, {"t.md": question("id: q1\ntype: typed\naccept: [x]")}, "demo")
    monkeypatch.chdir(tmp_path / "demo")  # so `demo/` is not a folder here, only a pack id
    code, out, err = run(["pack", "show", "demo/", "--packs-dir", str(tmp_path)], capsys)
    assert (code, err) == (0, "")
    assert "demo/q1" in out


def test_schema_into_a_missing_folder_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nope" / "schema.json"
    code, out, err = run(["pack", "schema", "-o", str(target)], capsys)
    assert code == 1
    assert err == f"error: cannot write {target}: No such file or directory\n"
    assert "Traceback" not in out + err


@pytest.mark.parametrize(
    "argv",
    [
        ["pack", "new", "a-file/pack"],
        ["pack", "new", "n" * 300],
        ["pack", "check", "n" * 300],
        ["pack", "show", "n" * 300],
        ["stats", "--db", "n" * 300 + ".db"],
    ],
)
def test_unusable_paths_are_a_message(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("not a folder")
    code, _out, err = run(argv, capsys)
    assert code == 1
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert ("Not a directory" in err) or ("File name too long" in err)


def test_new_with_a_path_names_the_pack_after_its_folder_and_quotes_the_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _err = run(["pack", "new", "topics/Net Basics"], capsys)
    assert code == 0
    assert out.endswith("quizapp pack check 'topics/Net Basics'\n")
    meta = (tmp_path / "topics" / "Net Basics" / "pack.yaml").read_text(encoding="utf-8")
    assert "id: net-basics\n" in meta
    assert 'en: "Net Basics"' in meta
    code, out, _err = run(["pack", "check", "topics/Net Basics"], capsys)
    assert code == 0, out


def test_new_with_a_name_without_ascii_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(["pack", "new", "网络基础", "--into", str(tmp_path)], capsys)
    assert code == 1
    assert "no ASCII letters or digits" in err and "put a title in any language" in err
    assert not (tmp_path / "网络基础").exists()


def test_check_of_a_missing_path_or_a_file_says_what_to_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_pack(tmp_path, {"t.md": question("id: q1\ntype: typed\naccept: [x]")}, "my pack")
    code, out, _err = run(["pack", "check", str(tmp_path / "nope")], capsys)
    assert code == 1
    assert f"{tmp_path / 'nope'}:0: no such file or folder" in out
    code, out, _err = run(["pack", "check", str(pack / "t.md")], capsys)
    assert code == 1
    assert f"this is a file; check its whole pack: quizapp pack check '{pack}'" in out


def test_show_in_a_language_the_pack_lacks_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_pack(tmp_path, {"t.md": question("id: q1\ntype: typed\naccept: [x]")})
    code, out, err = run(["pack", "show", f"{pack}/q1", "--lang", "fr"], capsys)
    assert (code, out) == (1, "")
    assert err == "error: pack 'demo' has no 'fr' text (its languages: en, zh-CN)\n"
    code, out, err = run(["pack", "show", f"{pack}/q1", "--lang", "zh-CN"], capsys)
    assert (code, err) == (0, "")
    assert "中文Question?" in out
