"""Every authoring error `pack check` promises, each asserted at its exact file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.packs.cache import PackCache
from quizapp.packs.loader import load_pack
from tests.packs.helpers import question, write_pack

FLASH_BODY = """\
[en]
Front?

[en.answer]
Back.

[en.explanation]
Why.

[zh-CN]
正面?

[zh-CN.answer]
背面。

[zh-CN.explanation]
原因。
"""


def problems(pack: Path) -> list[str]:
    return [str(p) for p in load_pack(pack, PackCache(None)).problems]


def test_yaml_syntax_error_points_at_the_line(tmp_path: Path) -> None:
    text = question("id: a\ntype: flashcard\ntags: [unclosed\n", body=FLASH_BODY)
    pack = write_pack(tmp_path, {"t.md": text})
    found = problems(pack)
    assert len(found) == 1
    assert found[0].startswith("t.md:4: YAML syntax error")


@pytest.mark.parametrize(
    ("header", "line", "hint"),
    [
        ("id: a\ntype: flashcard\ntags: [x]\n  source: y", 5, "check this line's indentation"),
        ("id: a\ntype: flashcard\ntags:\n\t- x", 5, "cannot be indented with tabs: use spaces"),
        ("id: a\n\ttype: flashcard", 3, "cannot be indented with tabs: use spaces"),
        ('id: a\ntype: flashcard\nsource: "RFC\ntags: [x]', 4, "quote opened on this line"),
        ("id: a\ntype: flashcard\nsource: RFC: 9293", 4, "put the value in quotes"),
    ],
)
def test_yaml_mistakes_point_at_the_line_to_fix(
    tmp_path: Path, header: str, line: int, hint: str
) -> None:
    pack = write_pack(tmp_path, {"t.md": question(header, body=FLASH_BODY)})
    (found,) = problems(pack)
    assert found.startswith(f"t.md:{line}: YAML syntax error: "), found
    assert hint in found


def test_tab_in_pack_yaml_points_at_its_line(tmp_path: Path) -> None:
    meta = "id: demo\n\tversion: 1.0.0\n"
    pack = write_pack(tmp_path, {"t.md": question("id: a\ntype: flashcard")}, meta=meta)
    (found,) = problems(pack)
    assert found.startswith("pack.yaml:2: YAML syntax error: "), found
    assert found.endswith("YAML cannot be indented with tabs: use spaces")


def test_header_without_closing_line_says_so_at_the_first_section(tmp_path: Path) -> None:
    text = "---\nid: a\ntype: flashcard\n[en]\nFront?\n\n" + question(
        "id: b\ntype: typed\naccept: [x]"
    )
    pack = write_pack(tmp_path, {"t.md": text})
    assert problems(pack)[0] == (
        "t.md:4: YAML syntax error: could not find expected ':'; the header runs into the "
        "body: add a '---' line before this section"
    )


def test_a_dash_line_used_as_a_separator_is_named(tmp_path: Path) -> None:
    first = question("id: a\ntype: flashcard", body=FLASH_BODY)
    text = first + "\n---\n\n" + question("id: b\ntype: flashcard", body=FLASH_BODY)
    pack = write_pack(tmp_path, {"t.md": text})
    separator = len(first.splitlines()) + 2
    assert problems(pack)[0] == (
        f"t.md:{separator}: empty question header: a '---' line always opens or closes one; "
        "if this '---' only separates questions, delete it (use *** for a rule)"
    )


def test_a_key_written_twice_is_an_error_at_the_second(tmp_path: Path) -> None:
    header = "id: c\ntype: choice\noptions:\n  - text: A\n    correct: true\n    correct: false"
    pack = write_pack(tmp_path, {"t.md": question(header + "\n  - text: B")})
    assert problems(pack) == ["t.md:7: YAML syntax error: key 'correct' appears twice"]


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = question("id: a\ntype: flashcard\ntgs: [x]", body=FLASH_BODY)
    pack = write_pack(tmp_path, {"t.md": text})
    assert problems(pack) == ["t.md:4: unknown key 'tgs'; did you mean 'tags'?"]


def test_unknown_nested_key_suggests_the_right_one(tmp_path: Path) -> None:
    header = "id: c\ntype: choice\noptions:\n  - text: A\n    corect: true\n  - text: B"
    pack = write_pack(tmp_path, {"t.md": question(header)})
    assert problems(pack)[0] == "t.md:6: unknown key 'options.0.corect'; did you mean 'correct'?"


def test_bad_ids_tags_and_languages_say_what_is_allowed(tmp_path: Path) -> None:
    header = "id: Handshake Q1\ntype: flashcard\ntags: [three way]"
    pack = write_pack(tmp_path, {"t.md": question(header, body=FLASH_BODY)})
    assert problems(pack) == [
        "t.md:2: 'id' is 'Handshake Q1': use lowercase letters, digits, '.', '_' and '-' "
        "(at most 80, starting with a letter or digit), e.g. 'handshake-q1'",
        "t.md:4: 'tags.0' is 'three way': use letters, digits, '.', '/', '_' and '-' "
        "(at most 60, no spaces)",
    ]
    meta = (pack / "pack.yaml").read_text().replace("[en, zh-CN]", "[en, zh_CN]")
    (pack / "pack.yaml").write_text(meta)
    assert problems(pack) == [
        "pack.yaml:5: 'languages.1' is 'zh_CN': write a language tag such as 'en' or 'zh-CN'"
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "id: a\ntype: typed\naccept: SYN_SENT",
            "t.md:4: 'accept' must be a list (e.g. [a, b]) or a mapping "
            "(e.g. {en: ..., zh-CN: ...})",
        ),
        ("id: 123\ntype: typed\naccept: [x]", "t.md:2: 'id' must be text (put 123 in quotes)"),
        (
            "id: a\ntype: typed\naccept: [x]\ntags: tcp",
            "t.md:5: 'tags' must be a list (e.g. [a, b])",
        ),
        (
            "id: a\ntype: choice\noptions:\n  - text: [A]\n    correct: true\n  - text: B",
            "t.md:5: 'options.0.text' must be text or a mapping (e.g. {en: ..., zh-CN: ...})",
        ),
    ],
)
def test_values_of_the_wrong_kind_get_one_message_saying_what_fits(
    tmp_path: Path, header: str, message: str
) -> None:
    pack = write_pack(tmp_path, {"t.md": question(header)})
    assert problems(pack) == [message]


def test_unknown_type_suggests_the_right_one(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, {"t.md": question("id: a\ntype: choise")})
    assert problems(pack) == [
        "t.md:3: unknown type 'choise' (one of: flashcard, choice, typed, cloze, order, "
        "diagram); did you mean 'choice'?"
    ]


def test_missing_id_points_at_the_question(tmp_path: Path) -> None:
    text = question("id: a\ntype: flashcard", body=FLASH_BODY) + question(
        "type: flashcard", body=FLASH_BODY
    )
    pack = write_pack(tmp_path, {"t.md": text})
    second_open = text.splitlines().index("---", 4) + 1
    assert problems(pack) == [f"t.md:{second_open}: missing required key 'id'"]


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    one = question("id: same\ntype: flashcard", body=FLASH_BODY)
    pack = write_pack(tmp_path, {"a.md": one, "b.md": one})
    assert problems(pack) == ["b.md:1: duplicate id 'same' (first at a.md:1)"]


def test_missing_required_language(tmp_path: Path) -> None:
    body = "[en]\nFront?\n\n[en.answer]\nBack.\n\n[en.explanation]\nWhy.\n"
    pack = write_pack(tmp_path, {"t.md": question("id: a\ntype: flashcard", body=body)})
    assert problems(pack) == [
        "t.md:1: question 'a' has no [zh-CN] section; the pack requires en, zh-CN"
    ]


def test_missing_language_in_structured_text(tmp_path: Path) -> None:
    header = (
        "id: o\ntype: order\nsteps:\n  - {en: one, zh-CN: 一}\n  - {en: two}\n"
        "  - {en: three, zh-CN: 三}"
    )
    pack = write_pack(tmp_path, {"t.md": question(header)})
    assert problems(pack) == ["t.md:6: 'steps.1' has no zh-CN text"]


def test_choice_without_correct_option(tmp_path: Path) -> None:
    header = "id: c\ntype: choice\noptions:\n  - text: A\n  - text: B"
    pack = write_pack(tmp_path, {"t.md": question(header)})
    assert problems(pack) == ["t.md:4: choice has no correct option (mark one 'correct: true')"]


def test_order_with_fewer_than_three_steps(tmp_path: Path) -> None:
    header = "id: o\ntype: order\ntags: [x]\nsteps: [one, two]"
    pack = write_pack(tmp_path, {"t.md": question(header)})
    assert problems(pack) == ["t.md:5: order needs at least 3 steps, has 2"]


DIAGRAM = """\
id: d
type: diagram
participants: [A, B]
rows:
  - {dir: "->", flags: SYN, seq: x}
  - {dir: "<-", flags: SYN+ACK, seq: y, ack: x+1}
blanks:
  - 2.ack
  - 2.acks
  - 7.seq
  - 1.ack
"""


def test_diagram_blanks_that_name_no_field(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, {"t.md": question(DIAGRAM)})
    assert problems(pack) == [
        "t.md:10: blank '2.acks' names no field: write ROW.FIELD with FIELD one of flags, "
        "seq, ack, left, right; did you mean '2.ack'?",
        "t.md:11: blank '7.seq' names row 7; the diagram has rows 1-2",
        "t.md:12: blank '1.ack' names a field that row 1 leaves empty",
    ]


def test_diagram_with_an_unknown_protocol_points_at_its_key(tmp_path: Path) -> None:
    header = "id: d\ntype: diagram\nprotocol: tpc\nparticipants: [A, B]\n"
    header += "rows:\n  - {dir: '->', flags: SYN}\nblanks: [1.flags]"
    pack = write_pack(tmp_path, {"t.md": question(header)})
    assert problems(pack) == [
        "t.md:4: unknown protocol 'tpc' (known: tcp); did you mean 'tcp'?",
    ]


def test_a_tcp_ladder_fault_points_at_its_row(tmp_path: Path) -> None:
    header = "id: d\ntype: diagram\nprotocol: tcp\nparticipants: [A, B]\nrows:\n"
    header += (
        "  - {dir: '->', flags: SYN, seq: x}\n  - {dir: '<-', flags: SYN+ACK, seq: y, ack: x}\n"
    )
    header += "blanks: [1.flags]"
    pack = write_pack(tmp_path, {"t.md": question(header)})
    found = problems(pack)
    assert len(found) == 1 and found[0].startswith("t.md:8: row 2: ack should be x+1"), found


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("[x](../../etc/passwd)", "link '../../etc/passwd' leaves the pack folder"),
        (
            "[x](/etc/passwd)",
            "link '/etc/passwd' is an absolute path; links must stay inside the pack folder",
        ),
        (
            "![x](https://evil.example/a.png)",
            "image 'https://evil.example/a.png' is remote; put images inside the pack folder",
        ),
        (
            "[x](file:///etc/passwd)",
            "link 'file:///etc/passwd' uses a scheme that is not allowed (file)",
        ),
    ],
)
def test_links_outside_the_pack(tmp_path: Path, link: str, message: str) -> None:
    body = (
        f"[en]\nSee below.\n\nMore: {link}\n\n[en.explanation]\nWhy.\n\n"
        "[zh-CN]\n看\n\n[zh-CN.explanation]\n因为\n"
    )
    pack = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]", body=body)})
    assert problems(pack) == [f"t.md:9: {message}"]


def test_link_problems_point_at_the_line_of_the_link(tmp_path: Path) -> None:
    body = (
        "[en]\n\nA paragraph\nover [two](../up.md) lines,\nthen ![a picture](/etc/x.png).\n\n"
        "[en.explanation]\nWhy.\n\n[zh-CN]\n看\n\n[zh-CN.explanation]\n因为\n"
    )
    pack = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]", body=body)})
    assert problems(pack) == [
        "t.md:9: link '../up.md' leaves the pack folder",
        "t.md:10: image '/etc/x.png' is an absolute path; images must stay inside the pack folder",
    ]


def test_links_inside_the_pack_and_web_links_are_fine(tmp_path: Path) -> None:
    body = "[en]\nSee [notes](notes/more.md) and [RFC](https://www.rfc-editor.org/rfc/rfc9293).\n\n[en.explanation]\nWhy.\n\n[zh-CN]\n看\n\n[zh-CN.explanation]\n因为\n"
    pack = write_pack(tmp_path, {"t.md": question("id: a\ntype: typed\naccept: [x]", body=body)})
    assert problems(pack) == []


def test_symlink_out_of_the_pack_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(question("id: s\ntype: typed\naccept: [x]"), encoding="utf-8")
    pack = write_pack(tmp_path, {"ok.md": question("id: a\ntype: typed\naccept: [x]")})
    (pack / "link.md").symlink_to(outside)
    loaded = load_pack(pack, PackCache(None))
    assert [str(p) for p in loaded.problems] == [
        "link.md:1: file is a link to outside the pack folder"
    ]
    assert [q.id for q in loaded.questions] == ["a"]


def test_unknown_section_suggests_the_right_one(tmp_path: Path) -> None:
    body = FLASH_BODY.replace("[en.explanation]", "[en.explanaton]")
    pack = write_pack(tmp_path, {"t.md": question("id: a\ntype: flashcard", body=body)})
    assert (
        "t.md:11: unknown section '[en.explanaton]' (sections: [en], [en.answer], "
        "[en.explanation]); did you mean '[en.explanation]'?"
    ) in problems(pack)


def test_language_marker_in_the_wrong_case_names_the_right_spelling(tmp_path: Path) -> None:
    body = FLASH_BODY.replace("[zh-CN]", "[zh-cn]").replace("[zh-CN.", "[zh-cn.")
    pack = write_pack(tmp_path, {"t.md": question("id: a\ntype: flashcard", body=body)})
    assert "t.md:14: [zh-cn] is written [zh-CN] in this pack (as in pack.yaml's languages)" in (
        problems(pack)
    )


def test_check_cli_prints_file_line_and_exits_1(tmp_path: Path) -> None:
    good = write_pack(
        tmp_path, {"t.md": question("id: a\ntype: flashcard", body=FLASH_BODY)}, "good"
    )
    bad = write_pack(
        tmp_path, {"t.md": question("id: a\ntype: flashcard\ntgs: [x]", body=FLASH_BODY)}, "bad"
    )
    result = CliRunner().invoke(cli, ["pack", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{bad}/t.md:4: unknown key 'tgs'; did you mean 'tags'?" in result.output
    assert "good: 1 question (1 flashcard): ok" in result.output
    assert result.output.strip().endswith("2 packs checked, 1 error")
    ok = CliRunner().invoke(cli, ["pack", "check", str(good)])
    assert ok.exit_code == 0, ok.output


def test_check_json_shape(tmp_path: Path) -> None:
    write_pack(
        tmp_path,
        {
            "t.md": question("id: a\ntype: flashcard\ntgs: [x]", body=FLASH_BODY)
            + question("id: b\ntype: typed\naccept: [x]")
        },
        "bad",
    )
    result = CliRunner().invoke(cli, ["pack", "check", "--json", str(tmp_path / "bad")])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["error_count"] == 1
    (pack,) = report["packs"]
    assert pack["id"] == "bad"
    assert pack["questions"] == 1
    assert pack["by_type"] == {"typed": 1}
    assert pack["by_language"] == {"en": 1, "zh-CN": 1}
    assert pack["errors"] == [
        {
            "file": str(tmp_path / "bad" / "t.md"),
            "line": 4,
            "message": "unknown key 'tgs'; did you mean 'tags'?",
        }
    ]


def test_check_of_a_folder_without_packs_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["pack", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "no pack.yaml here or in its subfolders" in result.output
