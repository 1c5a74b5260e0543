"""Control and bidi-override characters: made visible in every parsed string and every name,
and refused by `pack check` at their file:line, however they were written (issues 15 and 20)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.packs.text import first_control
from tests.cli_helpers import run
from tests.packs.helpers import PACK_YAML, question, write_pack

# (YAML scalar as written in a header, the control character it yields)
ESCAPES = [
    (r'"\x1f"', "U+001F"),
    (r'"\e[31mred"', "U+001B"),
    (r'"\e]52;c;cHduZWQ=\a"', "U+001B"),  # OSC 52: write the clipboard
    (r'"\x1b[2J"', "U+001B"),  # clear the screen
    (r'"\u001b]0;title\u0007"', "U+001B"),  # set the window title
    (r'"\x9b2J"', "U+009B"),  # C1 CSI
    (r'"\x7f"', "U+007F"),
    (r'"\u202eevil"', "U+202E"),  # right-to-left override
    (r'"\u2066isolate"', "U+2066"),
]
HEADER = "id: q1\ntype: typed\naccept: [x]\nsource: {value}"  # source is on file line 5


def all_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in all_strings(k) + all_strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in all_strings(v)]
    if hasattr(value, "__dict__"):
        return all_strings(vars(value))
    return []


@pytest.mark.parametrize(("written", "code"), ESCAPES)
def test_yaml_escapes_are_neutralised_and_refused_at_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, code: str
) -> None:
    pack = write_pack(tmp_path, {"q.md": question(HEADER.format(value=written))})
    loaded = load_pack(pack, PackCache(None))
    (q,) = loaded.questions  # nothing lost: the question still loads, made harmless
    assert q.source is not None and first_control(q.source) is None
    assert [(p.file, p.line) for p in loaded.problems] == [("q.md", 5)]
    assert code in loaded.problems[0].message
    status, out, _ = run(["pack", "check", str(pack)], capsys)
    assert status == 1 and f"q.md:5: a YAML escape writes the control character {code}" in out


def test_raw_controls_in_the_body_and_pack_yaml_are_refused_at_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        "[en]\nHi \x1b[2J there\n\n[en.explanation]\nx\u202e\n\n"
        "[zh-CN]\n你\n\n[zh-CN.explanation]\nx\n"
    )
    pack = write_pack(tmp_path, {"q.md": question("id: a\ntype: typed\naccept: [x]", body=body)})
    loaded = load_pack(pack, PackCache(None))
    assert [(p.file, p.line) for p in loaded.problems] == [("q.md", 7), ("q.md", 10)]
    assert all(first_control(s) is None for s in all_strings(loaded.questions[0].texts))
    meta = PACK_YAML.format(pack_id="demo").replace("Test pack", '"Test\\e[2J pack"')
    (pack / "pack.yaml").write_text(meta, encoding="utf-8")
    status, out, _ = run(["pack", "check", str(pack)], capsys)
    assert status == 1 and "pack.yaml:3: a YAML escape writes the control character U+001B" in out


def test_binary_is_refused(tmp_path: Path) -> None:
    header = "id: a\ntype: typed\naccept: [x]\nsource: !!binary aGVsbG8="
    pack = write_pack(tmp_path, {"q.md": question(header)})
    loaded = load_pack(pack, PackCache(None))
    assert not loaded.questions
    assert [(p.line, p.message) for p in loaded.problems] == [
        (5, "!!binary values are not allowed in packs")
    ]


def test_hostile_pack_prints_no_escape_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every escape in a title, prompt, source, option and file name: no ESC, BEL, CSI or RLO
    reaches stdout or stderr of `pack list`, `pack show`, `pack check` (text and JSON)."""
    header = (
        'id: a\ntype: choice\nsource: "\\e]52;c;eA==\\a"\noptions:\n'
        '  - {text: "\\x1b[2Jyes", correct: true}\n  - {text: "\\u202eno"}'
    )
    files = {"q.md": question(header), "\x1b]0;pwned\x07.md": question(header)}
    meta = PACK_YAML.format(pack_id="demo").replace("Test pack", '"\\e]0;title\\a"')
    pack = write_pack(tmp_path / "\x1b[31mred", files)
    named = write_pack(tmp_path, {"q.md": question(header)}, pack_id="demo3")
    named.rename(tmp_path / "demo3\x1b[2J")
    write_pack(
        tmp_path, {"q.md": question(header)}, pack_id="demo2", meta=meta.replace("demo", "demo2")
    )
    outputs = []
    for argv in (
        ["--packs-dir", str(tmp_path), "pack", "list"],
        ["--packs-dir", str(tmp_path), "pack", "list", "--json"],
        ["--packs-dir", str(tmp_path), "pack", "show", "demo2"],
        ["--packs-dir", str(tmp_path), "pack", "show", "demo2/a"],
        ["pack", "check", str(pack)],
        ["pack", "check", "--json", str(tmp_path)],
    ):
        _, out, err = run(argv, capsys)
        outputs.append(out + err)
        for char in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert char not in out + err, (argv, char)
    assert "the file name holds the control character U+001B" in outputs[4]
    report = json.loads(outputs[5])
    assert any("folder name" in e["message"] for r in report["packs"] for e in r["errors"])
