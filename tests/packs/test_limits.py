"""Limits and refusals from issues 15 and 20, each at its exact file:line in `pack check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.packs.limits import MAX_BLANKS, MAX_SECTION_CHARS, MAX_TABLE_ROWS
from tests.cli_helpers import run
from tests.packs.helpers import PACK_YAML, question, write_pack

CLOZE_BODY = "[en]\n{en}\n\n[en.explanation]\nx\n\n[zh-CN]\n{zh}\n\n[zh-CN.explanation]\nx\n"


def check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], **kw: str
) -> tuple[int, list[str]]:
    pack = write_pack(tmp_path, files, **kw)
    status, out, _ = run(["pack", "check", str(pack)], capsys)
    lines = [line.removeprefix(str(pack) + "/") for line in out.splitlines()]
    return status, [line for line in lines if ": " in line and not line.startswith("demo:")]


def cloze(en: str, zh: str = "{{a}}") -> str:
    return question("id: c\ntype: cloze", body=CLOZE_BODY.format(en=en, zh=zh))


@pytest.mark.parametrize(
    ("prompt", "line", "words"),
    [
        ("Wait {{2MSL|2 MSL}.", 6, "'{{' with no partner"),  # issue 15's example: unclosed
        ("Wait {{2MSL}} then }} more", 6, "'}}' with no partner"),  # stray closing marker
        ("one {{a}}\nand {{b {{c}} d}}", 7, "a '{{' inside a blank"),  # nested
        ("ok {{a}}\n\nthen {{oops", 8, "'{{' with no partner"),
    ],
)
def test_unclosed_stray_and_nested_cloze_markers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], prompt: str, line: int, words: str
) -> None:
    status, problems = check(tmp_path, capsys, {"c.md": cloze(prompt)})
    assert status == 1
    [marker] = [p for p in problems if "no blank;" not in p]  # '{{x}.' also has no blank
    assert marker.startswith(f"c.md:{line}: cloze [en]: ") and words in marker


def test_caps_on_blanks_table_rows_and_section_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blanks = " ".join("{{a}}" for _ in range(MAX_BLANKS + 1))
    table = "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * MAX_TABLE_ROWS
    files = {
        "blanks.md": cloze(blanks),
        "table.md": question("id: t\ntype: typed\naccept: [x]", prompt=table),
        "big.md": question("id: b\ntype: typed\naccept: [x]", prompt="x" * (MAX_SECTION_CHARS + 1)),
        "fits.md": question(
            "id: fits\ntype: cloze",
            body=CLOZE_BODY.format(en=" ".join(["{{a}}"] * MAX_BLANKS), zh="{{a}}" * MAX_BLANKS),
        ),
    }
    status, problems = check(tmp_path, capsys, files)
    assert status == 1
    assert sum("[zh-CN]" in p for p in problems) == 2  # the Chinese copies: big.md, table.md
    assert [p for p in problems if "[zh-CN]" not in p] == [
        f"big.md:6: [en] is {MAX_SECTION_CHARS + 1:,} characters; the limit is "
        f"{MAX_SECTION_CHARS:,}: split the question",
        f"blanks.md:6: cloze [en] has {MAX_BLANKS + 1} blanks; the limit is {MAX_BLANKS}",
        f"table.md:{7 + MAX_TABLE_ROWS}: [en] has a table of {MAX_TABLE_ROWS + 2} rows; "
        f"the limit is {MAX_TABLE_ROWS}",
    ]


def test_zero_width_character_in_an_accepted_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "typed.md": question('id: t\ntype: typed\naccept: [SYN_SENT, "SYN\u200b_SENT"]'),
        "cloze.md": cloze("State {{ESTAB\u200dLISHED}}."),
    }
    status, problems = check(tmp_path, capsys, files)
    assert status == 1
    assert problems == [
        "cloze.md:1: cloze [en]: accepted answer 'ESTAB·LISHED' holds an invisible character "
        "(U+200D, shown as ·) that no one can type; remove it",
        "typed.md:4: accepted answer 'SYN·_SENT' holds an invisible character (U+200B, shown "
        "as ·) that no one can type; remove it",
    ]


def test_languages_listed_twice_or_too_many(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {"q.md": question("id: a\ntype: typed\naccept: [x]")}
    twice = PACK_YAML.format(pack_id="demo").replace("[en, zh-CN]", "[en, zh-CN, en]")
    status, problems = check(tmp_path, capsys, files, meta=twice)
    assert status == 1 and problems == ["pack.yaml:5: 'languages': 'en' is listed twice"]
    many = ", ".join(f"x{a}{b}" for a in "abcd" for b in "abc")
    meta = PACK_YAML.format(pack_id="demo").replace("[en, zh-CN]", f"[{many}]")
    status, problems = check(tmp_path / "2", capsys, files, meta=meta)
    assert status == 1 and problems[0].startswith("pack.yaml:5: 'languages': ")
    assert "at most 10" in problems[0]


def test_a_language_missing_from_many_fields_is_one_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = "\n".join(f"  - {{en: step {i}}}" for i in range(12))
    files = {"o.md": question(f"id: o\ntype: order\nsteps:\n{steps}")}
    status, problems = check(tmp_path, capsys, files)
    assert status == 1
    assert problems == ["o.md:5: 'steps.0' has no zh-CN text (and 11 more fields)"]


@pytest.mark.parametrize("name", ["../x", "a/../../x", "/tmp/x", "x\x1b[2J"])
def test_pack_new_never_writes_outside_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    into = tmp_path / "d"
    into.mkdir()
    status, _, err = run(["pack", "new", name, "--into", str(into)], capsys)
    assert status != 0 and "would leave" in err and "\x1b" not in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["d"]
