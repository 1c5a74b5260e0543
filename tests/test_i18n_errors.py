"""Errors a user can cause read in the interface language (issue 17): a pack author's
problems at file:line, a refused database and a bad setting, in Chinese under --lang zh-CN;
the pack cache keeps each language's words apart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp import i18n
from quizapp.config import Settings
from quizapp.errors import QuizappError
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from tests.cli_helpers import run
from tests.packs.helpers import question, write_pack

HAN = range(0x4E00, 0xA000)


def _chinese(text: str) -> bool:
    return any(ord(c) in HAN for c in text)


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _broken_pack(root: Path) -> Path:
    """Three faults an author makes: an unknown key, a missing correct option, a duplicate id."""
    return write_pack(
        root,
        {
            "a.md": question("id: one\ntype: flashcard\ncolour: red")
            + question("id: two\ntype: choice\noptions:\n  - text: A\n  - text: B")
            + question("id: one\ntype: flashcard"),
        },
    )


def test_pack_check_speaks_chinese_at_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = _broken_pack(tmp_path)
    code, out, err = run(["--lang", "zh-CN", "pack", "check", str(pack)], capsys)
    assert code != 0
    problems = [line for line in (out + err).splitlines() if "a.md:" in line]
    assert len(problems) >= 3
    assert all(_chinese(line) for line in problems), problems
    assert any("未知的键 'colour'" in line for line in problems)
    assert any("id 'one' 重复" in line for line in problems)
    code, out, err = run(["--lang", "en", "pack", "check", str(pack)], capsys)
    assert "unknown key 'colour'" in out + err and not _chinese(out + err)


def test_the_pack_cache_keeps_each_languages_problems(tmp_path: Path) -> None:
    """Problems are cached as worded: an English run after a Chinese one (same cache, files
    unchanged) must not show the Chinese words."""
    pack = _broken_pack(tmp_path / "packs")
    cache = PackCache(tmp_path / "cache")
    i18n.set_language("zh-CN")
    assert all(_chinese(p.message) for p in load_pack(pack, cache).problems)
    assert all(_chinese(p.message) for p in load_pack(pack, cache).problems)  # warm
    i18n.set_language("en")
    english = load_pack(pack, cache).problems
    assert english and not any(_chinese(p.message) for p in english)


def test_a_refused_database_is_explained_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "notes.db"
    db.write_text("not a database at all, but someone's notes\n", encoding="utf-8")
    code, _out, err = run(["--lang", "zh-CN", "--db", str(db), "stats"], capsys)
    assert code != 0
    assert "不是 quizapp 数据库" in err and "文件未被改动" in err
    assert db.read_text(encoding="utf-8").startswith("not a database")


def test_a_bad_setting_is_refused_in_the_interface_language() -> None:
    i18n.set_language("zh-CN")
    with pytest.raises(QuizappError, match=r"设置无效：desired_retention 必须在 0\.7 到 0\.99"):
        Settings.from_mapping({"desired_retention": 1.5})
    i18n.set_language("en")
    with pytest.raises(QuizappError, match=r"invalid settings: desired_retention must be"):
        Settings.from_mapping({"desired_retention": 1.5})
