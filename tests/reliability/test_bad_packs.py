"""Broken and hostile packs: loading never raises, every problem names a file and a line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from quizapp.packs.markdown import to_html
from quizapp.packs.text import MAX_FILE_BYTES
from tests.packs.helpers import PACK_YAML, question, write_pack

VALID = question("id: a\ntype: choice\noptions:\n  - text: Yes\n    correct: true\n  - text: No")

FRAGMENTS = [
    "---",
    "\ufeff",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x1b[2J",
    "[en]",
    "[zh-CN.answer]",
    "[en.x]",
    "{{",
    "}}",
    "id: b",
    "type: order",
    "type: diagram",
    "steps: []",
    "rows: [",
    "]]]",
    "- ",
    ": :",
    "&a [1]",
    "*a",
    "!!python/object:os.system",
    "!!binary AAAA",
    "? ",
    "|",
    ">",
    "options: 5",
    "tags: {a: b}",
    "id: [1, 2]",
    "blanks: [x.y]",
    "😀",
    "中文",
    "\u202e",
    "[x](../../x)",
    "<script>alert(1)</script>",
    "9" * 400,
    "[" * 300,
    "{" * 300,
]


def every_problem_is_located(pack_dir: Path) -> None:
    pack = load_pack(pack_dir, PackCache(None))
    for problem in pack.problems:
        assert problem.file, problem
        assert problem.line >= 1, problem
        assert problem.message, problem


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), min_size=0, max_size=30
    ),
    cut=st.integers(min_value=0, max_value=len(VALID)),
)
def test_mangled_question_files_never_crash_the_loader(
    tmp_path_factory: pytest.TempPathFactory, pieces: list[str], cut: int
) -> None:
    root = tmp_path_factory.mktemp("bad")
    text = VALID[:cut] + "\n".join(pieces) + VALID[cut:]
    pack = write_pack(root, {})
    (pack / "t.md").write_bytes(text.encode("utf-8", "surrogatepass"))
    every_problem_is_located(pack)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(meta=st.one_of(st.text(max_size=200), st.sampled_from(FRAGMENTS)))
def test_mangled_pack_yaml_never_crashes_the_loader(
    tmp_path_factory: pytest.TempPathFactory, meta: str
) -> None:
    root = tmp_path_factory.mktemp("badmeta")
    pack = write_pack(root, {"t.md": VALID}, meta=PACK_YAML.format(pack_id="p") + meta)
    every_problem_is_located(pack)


def test_empty_bom_and_crlf_files(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path, {"empty.md": "", "bom.md": "\ufeff" + VALID.replace("id: a", "id: b")}
    )
    (pack / "crlf.md").write_bytes(VALID.replace("id: a", "id: c").replace("\n", "\r\n").encode())
    loaded = load_pack(pack, PackCache(None))
    assert sorted(q.id for q in loaded.questions) == ["b", "c"]
    assert [str(p) for p in loaded.problems] == ["empty.md:1: file holds no questions"]


def test_files_in_other_encodings_say_to_save_as_utf8(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, {})
    (pack / "utf16.md").write_text(VALID, encoding="utf-16")  # what some Windows editors save
    (pack / "latin1.md").write_bytes(b"---\nid: x\n---\n[en]\nCaf\xe9?\n")
    problems = [str(p) for p in load_pack(pack, PackCache(None)).problems]
    assert problems == [
        "latin1.md:5: file is not valid UTF-8 (a legacy encoding?); save it as UTF-8",
        "utf16.md:1: file is saved as UTF-16; save it as UTF-8",
    ]
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text(), encoding="utf-16-le")
    (problem,) = load_pack(pack, PackCache(None)).problems
    assert str(problem) == "pack.yaml:1: file is saved as UTF-16; save it as UTF-8"


def test_python_object_tags_are_refused(tmp_path: Path) -> None:
    header = "id: a\ntype: typed\naccept: !!python/object/apply:os.system ['echo pwned']"
    pack = write_pack(tmp_path, {"t.md": question(header)})
    (problem,) = load_pack(pack, PackCache(None)).problems
    assert problem.line == 4
    assert "YAML tags that construct objects are not allowed" in problem.message


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        cur = chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    header = "id: a\ntype: typed\naccept: [x]\n" + "\n".join(lines)
    pack = write_pack(tmp_path, {"t.md": question(header)})
    start = time.monotonic()
    (problem,) = load_pack(pack, PackCache(None)).problems
    assert time.monotonic() - start < 5  # a generous bound: expanding would take hours
    assert problem.message == "YAML anchors and aliases (&, *) are not allowed"


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = VALID + "\n" + ("x" * 1000 + "\n") * (MAX_FILE_BYTES // 1000 + 1)
    pack = write_pack(tmp_path, {"big.md": big, "ok.md": VALID})
    loaded = load_pack(pack, PackCache(None))
    assert [q.id for q in loaded.questions] == ["a"]
    (problem,) = loaded.problems
    assert problem.file == "big.md" and "the limit is 1048576" in problem.message


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    header = "id: a\ntype: typed\naccept: " + "[" * 5000 + "]" * 5000
    pack = write_pack(tmp_path, {"t.md": question(header)})
    (problem,) = load_pack(pack, PackCache(None)).problems
    assert problem.file == "t.md" and problem.line >= 1


def test_terminal_escapes_are_neutralised(tmp_path: Path) -> None:
    body = (
        "[en]\nHi \x1b[2J\x1b]0;pwned\x07 there\n\n[en.explanation]\nx\n\n"
        "[zh-CN]\n你\n\n[zh-CN.explanation]\nx\n"
    )
    pack = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]", body=body)})
    (q,) = load_pack(pack, PackCache(None)).questions
    prompt = q.texts["en"].prompt
    assert "\x1b" not in prompt and "\x07" not in prompt
    assert "␛[2J" in prompt


def test_raw_html_is_escaped_when_rendered() -> None:
    html = to_html('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
