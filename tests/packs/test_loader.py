"""Loading packs: every type, the scaffold, discovery, a bad pack among good ones, the cache."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.domain.question_data import ChoiceData, DiagramData, OrderData, TypedData
from quizapp.packs import discovery, loader
from quizapp.packs.cache import PackCache
from quizapp.packs.discovery import load_packs, resolve_pack
from quizapp.packs.format import json_schema
from quizapp.packs.loader import load_pack
from tests.packs.helpers import question, write_pack

REPO = Path(__file__).resolve().parents[2]


def scaffolded(tmp_path: Path) -> Path:
    result = CliRunner().invoke(cli, ["pack", "new", "my-pack", "--into", str(tmp_path)])
    assert result.exit_code == 0, result.output
    return tmp_path / "my-pack"


def test_scaffold_round_trips_through_check(tmp_path: Path) -> None:
    pack_dir = scaffolded(tmp_path)
    result = CliRunner().invoke(cli, ["pack", "check", "--json", str(pack_dir)])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)["packs"]
    assert report["id"] == "my-pack"
    assert report["errors"] == []
    assert report["by_type"] == {
        t: 1 for t in ("choice", "cloze", "diagram", "flashcard", "order", "typed")
    }
    assert report["by_language"] == {"en": 6, "zh-CN": 6}


def test_scaffold_refuses_to_overwrite(tmp_path: Path) -> None:
    scaffolded(tmp_path)
    result = CliRunner().invoke(cli, ["pack", "new", "my-pack", "--into", str(tmp_path)])
    assert result.exit_code != 0
    assert "already exists" in str(result.exception) + result.output


def test_every_type_loads_with_its_data(tmp_path: Path) -> None:
    pack = load_pack(scaffolded(tmp_path), PackCache(None))
    assert pack.ok, pack.problems
    by_id = {q.id: q for q in pack.questions}
    flash = by_id["example-flashcard"]
    assert flash.texts["en"].answer == "Three: SYN, SYN+ACK, ACK."
    assert flash.texts["zh-CN"].prompt.startswith("TCP 建立连接")
    assert flash.source == "RFC 9293 §3.5"
    assert flash.topic == "examples"
    assert flash.file == "examples.md" and flash.line == 1
    assert flash.key == "my-pack/example-flashcard"
    choice = by_id["example-choice"].data
    assert isinstance(choice, ChoiceData)
    assert [o.correct for o in choice.options] == [True, False]
    order = by_id["example-order"].data
    assert isinstance(order, OrderData)
    assert len(order.steps) == 3 and len(order.distractors) == 1
    diagram = by_id["example-diagram"].data
    assert isinstance(diagram, DiagramData)
    assert diagram.rows[1].ack == "x+1" and diagram.blanks == ("2.ack", "3.ack", "1.left")
    typed = by_id["example-typed"].data
    assert isinstance(typed, TypedData)
    assert typed.accept == ("SYN_SENT", "SYN-SENT")
    assert "{{TIME_WAIT|TIME-WAIT}}" in by_id["example-cloze"].texts["en"].prompt


def test_edit_changes_the_hash_but_not_the_identity(tmp_path: Path) -> None:
    pack_dir = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]", "Old?")})
    before = load_pack(pack_dir, PackCache(None)).questions[0]
    (pack_dir / "t.md").write_text(
        question("id: a\ntype: typed\naccept: [x]", "New?"), encoding="utf-8"
    )
    after = load_pack(pack_dir, PackCache(None)).questions[0]
    assert before.key == after.key
    assert before.content_hash != after.content_hash


def test_one_broken_pack_does_not_stop_the_others(tmp_path: Path) -> None:
    write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]")}, "good")
    broken = write_pack(tmp_path, {}, "broken", meta="id: broken\nversion: [unclosed\n")
    packs = {p.id: p for p in load_packs([tmp_path], PackCache(None))}
    assert packs["good"].ok and len(packs["good"].questions) == 1
    assert not packs["broken"].ok
    assert str(packs["broken"].problems[0]).startswith("pack.yaml:2: YAML syntax error")
    assert packs["broken"].path == broken


def test_bad_question_keeps_the_good_ones_of_its_pack(tmp_path: Path) -> None:
    text = question("id: a\ntype: typed\naccept: [x]") + question("id: b\ntype: typed\naccpt: [x]")
    pack = load_pack(write_pack(tmp_path, {"t.md": text}), PackCache(None))
    assert [q.id for q in pack.questions] == ["a"]
    assert len(pack.problems) == 2  # unknown key, and then the missing 'accept'


def test_warm_cache_gives_the_same_questions_and_sees_edits(tmp_path: Path) -> None:
    pack_dir = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]", "One?")})
    cache = PackCache(tmp_path / "cache")
    cold = load_pack(pack_dir, cache)
    assert list((tmp_path / "cache").iterdir())
    warm = load_pack(pack_dir, cache)
    assert warm.questions == cold.questions
    path = pack_dir / "t.md"
    path.write_text(question("id: a\ntype: typed\naccept: [x]", "Two, longer?"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    edited = load_pack(pack_dir, cache)
    assert edited.questions[0].texts["en"].prompt == "Two, longer?"


def test_loading_pauses_the_cycle_collector_only_while_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack_dir = scaffolded(tmp_path)
    cache = PackCache(tmp_path / "cache")
    load_pack(pack_dir, cache)  # cold, fills the cache
    seen: list[bool] = []
    real_files = loader.question_files

    def files_seen_with_gc_state(folder: Path) -> list[str]:
        seen.append(gc.isenabled())
        return real_files(folder)

    monkeypatch.setattr(loader, "question_files", files_seen_with_gc_state)
    gc.collect()
    warm = load_pack(pack_dir, cache)
    assert seen == [False]  # paused mid-load
    assert warm.ok and gc.isenabled()
    assert gc.collect() == 0  # a warm load makes no reference cycles for the pause to leak
    gc.disable()
    try:
        load_pack(pack_dir, cache)
        assert not gc.isenabled()  # a caller's own pause is left alone
    finally:
        gc.enable()


def test_warm_load_needs_neither_yaml_nor_pydantic(tmp_path: Path) -> None:
    """pack.yaml and questions come from the cache as validated data: the format models stay
    unbuilt, even when a question's typed data is read (it is a domain type)."""
    import subprocess
    import sys

    pack_dir = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]", "One?")})
    code = (
        "import sys; from pathlib import Path; "
        "from quizapp.packs.cache import PackCache; from quizapp.packs.loader import load_pack; "
        f"p = load_pack({str(pack_dir)!r}, PackCache(Path({str(tmp_path / 'cache')!r}))); "
        "print(p.ok, p.meta.languages, p.title('zh-CN'), p.questions[0].key, "
        "'|'.join(p.questions[0].data.accepted('en')), "
        "'pydantic' in sys.modules, 'yaml' in sys.modules)"
    )

    def run() -> list[str]:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    assert run() == ["True", "['en',", "'zh-CN']", "测试题库", "demo/a", "x", "True", "True"]
    assert run() == ["True", "['en',", "'zh-CN']", "测试题库", "demo/a", "x", "False", "False"]


def test_editing_pack_yaml_checks_every_question_again(tmp_path: Path) -> None:
    pack_dir = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]")})
    cache = PackCache(tmp_path / "cache")
    assert load_pack(pack_dir, cache).ok
    meta = pack_dir / "pack.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("[en, zh-CN]", "[en, zh-CN, fr]"),
        encoding="utf-8",
    )
    again = load_pack(pack_dir, cache)
    assert again.meta is not None and again.meta.languages == ["en", "zh-CN", "fr"]
    assert not again.questions and any("fr" in p.message for p in again.problems)


def test_damaged_cache_is_only_a_slower_load(tmp_path: Path) -> None:
    pack_dir = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]")})
    cache = PackCache(tmp_path / "cache")
    load_pack(pack_dir, cache)
    for f in (tmp_path / "cache").iterdir():
        f.write_bytes(b"garbage")
    assert load_pack(pack_dir, cache).questions[0].id == "a"


def test_resolve_by_id_or_path_and_unknown_pack(tmp_path: Path) -> None:
    pack_dir = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]")}, "mine")
    assert resolve_pack(str(pack_dir)).id == "mine"
    assert resolve_pack("mine", [tmp_path]).id == "mine"
    result = CliRunner().invoke(cli, ["pack", "show", "nope"])
    assert result.exit_code != 0
    assert "unknown pack 'nope'" in str(result.exception)


def test_list_and_show(tmp_path: Path) -> None:
    write_pack(
        tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [SYN_SENT]", "State?")}, "mine"
    )
    listed = CliRunner().invoke(cli, ["pack", "list", "--packs-dir", str(tmp_path), "--json"])
    assert listed.exit_code == 0, listed.output
    rows = {row["id"]: row for row in json.loads(listed.output)}
    assert rows["mine"]["questions"] == 1
    shown = CliRunner().invoke(
        cli, ["pack", "show", "mine/a", "--packs-dir", str(tmp_path), "--lang", "zh-CN"]
    )
    assert shown.exit_code == 0, shown.output
    assert "中文State?" in shown.output
    assert "接受的答案：SYN_SENT" in shown.output  # --lang is the interface language too


def test_docs_schema_is_current() -> None:
    """docs/pack-schema.json is generated from the models: regenerate with `quizapp pack schema`."""
    on_disk = json.loads((REPO / "docs" / "pack-schema.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(json_schema()))


def test_number_prefix_orders_files_but_is_not_the_topic(tmp_path: Path) -> None:
    pack_dir = write_pack(
        tmp_path,
        {
            "02-teardown.md": question("id: b\ntype: typed\naccept: [x]"),
            "01-handshake.md": question("id: a\ntype: typed\naccept: [x]"),
        },
    )
    pack = load_pack(pack_dir, PackCache(None))
    assert [(q.id, q.topic) for q in pack.questions] == [("a", "handshake"), ("b", "teardown")]


def test_cache_is_dropped_when_the_pack_code_changes(tmp_path: Path) -> None:

    pack_dir = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]")})
    cache = PackCache(tmp_path / "cache")
    load_pack(pack_dir, cache)
    assert cache.read(pack_dir) is not None
    entry = cache.read(pack_dir)
    assert entry is not None
    entry["code"] = [0]
    cache.write(pack_dir, entry)
    assert cache.read(pack_dir) is None
    assert loader.load_pack(pack_dir, cache).questions[0].id == "a"


def test_a_users_copy_of_a_shipped_pack_replaces_it(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    """Copying the shipped pack to edit it gives one pack, the copy; --packs-dir beats both."""
    import shutil

    copy = isolated_data_dir / "packs" / "tcp-handshake"
    shutil.copytree(REPO / "content" / "tcp-handshake", copy)
    meta = copy / "pack.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("TCP handshake & teardown", "My TCP notes", 1), encoding="utf-8")

    packs = discovery.load_all()
    assert [p.id for p in packs].count("tcp-handshake") == 1
    [mine] = [p for p in packs if p.id == "tcp-handshake"]
    assert mine.path == copy and mine.title("en") == "My TCP notes"
    assert resolve_pack("tcp-handshake").path == copy

    extra = tmp_path / "more" / "tcp"  # a folder name apart from the id
    shutil.copytree(REPO / "content" / "tcp-handshake", extra)
    assert resolve_pack("tcp-handshake", [str(tmp_path / "more")]).path == extra
    assert [p.path for p in discovery.load_all([str(tmp_path / "more")])].count(extra) == 1
    assert resolve_pack("tcp", [str(tmp_path / "more")]).path == extra  # by folder name too


def test_a_changed_protocol_checker_invalidates_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached problems came from the pack code and the protocols' checkers: either changing
    means checking again (the protocols live outside packs/ since they became plug-ins)."""
    from quizapp.packs import cache

    code = tmp_path / "quizapp"
    (code / "packs").mkdir(parents=True)
    (code / "protocols" / "tcp").mkdir(parents=True)
    (code / "packs" / "loader.py").write_text("x = 1\n", encoding="utf-8")
    checker = code / "protocols" / "tcp" / "ladder.py"
    checker.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_CHECKERS", code)
    before = cache.code_stamp()
    checker.write_text("x = 12\n", encoding="utf-8")
    assert cache.code_stamp() != before
